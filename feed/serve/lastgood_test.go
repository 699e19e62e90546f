package serve_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed/serve"
)

// A server restarted while the store is away serves the last good
// renderings an earlier run kept on disk — same bytes, same validators —
// instead of 503, and renders anew once the store answers.
func TestRestartDuringOutageServesLastGoodFromDisk(t *testing.T) {
	t.Parallel()
	s := openStore(t, filepath.Join(t.TempDir(), "paperwire.db"))
	merge(t, s, seedPapers()...)
	dir := filepath.Join(t.TempDir(), "renderings")
	get := func(srv *serve.Server, target string, header ...string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, target, nil)
		for i := 0; i+1 < len(header); i += 2 {
			r.Header.Set(header[i], header[i+1])
		}
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		return w
	}
	first := serverWith(t, s, serve.Config{Site: testSite(), LastGoodDir: dir}, nil)
	first.Refresh(context.Background())
	good := map[string]*httptest.ResponseRecorder{}
	for _, target := range []string{"/topics/all.rss", "/topics/all.atom", "/topics/all.json", "/topics/all"} {
		good[target] = get(first, target)
	}
	get(first, "/topics/vision.rss?limit=1") // a ?limit= variant is not kept

	s.fail.Store(true)
	second := serverWith(t, s, serve.Config{Site: testSite(), LastGoodDir: dir}, nil)
	second.Refresh(context.Background())
	for target, want := range good {
		w := get(second, target)
		if w.Code != http.StatusOK || !bytes.Equal(w.Body.Bytes(), want.Body.Bytes()) ||
			w.Header().Get("ETag") != want.Header().Get("ETag") || w.Header().Get("Last-Modified") != want.Header().Get("Last-Modified") ||
			w.Header().Get("Content-Type") != want.Header().Get("Content-Type") {
			t.Errorf("%s after a restart during the outage: %d, want the last good rendering", target, w.Code)
		}
		if c := get(second, target, "If-None-Match", want.Header().Get("ETag")).Code; c != http.StatusNotModified {
			t.Errorf("%s: conditional GET %d, want 304", target, c)
		}
	}
	if c := get(second, "/topics/vision.rss").Code; c != http.StatusServiceUnavailable {
		t.Errorf("a feed never rendered: %d, want 503", c)
	}
	if c := get(serverWith(t, s, serve.Config{Site: testSite()}, nil), "/topics/all.rss").Code; c != http.StatusServiceUnavailable {
		t.Errorf("without a folder for renderings: %d, want 503", c)
	}

	s.fail.Store(false)
	merge(t, s, paper("arxiv:2403.09999", "Written after the restart", 9, t0.Add(48*time.Hour), "all"))
	if err := second.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if w := get(second, "/topics/all.rss"); !strings.Contains(w.Body.String(), "Written after the restart") {
		t.Errorf("store back: the kept rendering is still served")
	}
}
