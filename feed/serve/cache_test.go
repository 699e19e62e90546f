package serve_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestChangeRerendersAndNoChangeKeepsETag(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	before := e.get(t, "/topics/all.atom")
	e.refresh(t) // nothing changed
	if again := e.get(t, "/topics/all.atom"); again.Header().Get("ETag") != before.Header().Get("ETag") {
		t.Fatalf("ETag changed without a change: %s -> %s", before.Header().Get("ETag"), again.Header().Get("ETag"))
	}
	merge(t, e.store, paper("arxiv:2403.09999", "A brand new paper", 9, t0.Add(time.Hour), "all"))
	e.refresh(t)
	after := e.get(t, "/topics/all.atom")
	if after.Header().Get("ETag") == before.Header().Get("ETag") || bytes.Equal(after.Body.Bytes(), before.Body.Bytes()) {
		t.Errorf("feed and ETag unchanged after a change")
	}
	if !bytes.Contains(after.Body.Bytes(), []byte("A brand new paper")) {
		t.Errorf("new paper missing after the change")
	}
	if lm := after.Header().Get("Last-Modified"); lm != t0.Add(time.Hour).Format(http.TimeFormat) {
		t.Errorf("Last-Modified %q, want the new paper's change", lm)
	}
	if old := e.do(http.MethodGet, "/topics/all.atom", "If-None-Match", before.Header().Get("ETag")); old.Code != http.StatusOK {
		t.Errorf("old ETag after a change: %d, want 200", old.Code)
	}
}

// A change to one topic leaves the other topics' renderings alone.
func TestChangeOnlyRerendersAffectedTopics(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.get(t, "/topics/vision.rss")
	e.get(t, "/topics/all.rss")
	merge(t, e.store, paper("arxiv:2403.09999", "Only in all", 9, t0.Add(time.Hour), "all"))
	e.refresh(t)
	e.get(t, "/topics/vision.rss")
	e.get(t, "/topics/all.rss")
	if n := e.metric(`paperwire_feed_renders_total{format="rss",topic="vision"}`); n != 1 {
		t.Errorf("vision.rss rendered %v times, want 1", n)
	}
	if n := e.metric(`paperwire_feed_renders_total{format="rss",topic="all"}`); n != 2 {
		t.Errorf("all.rss rendered %v times, want 2", n)
	}
}

// A restart (a new store handle, cache and server) serves the same bytes
// under the same validators.
func TestRestartServesSameBytes(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "paperwire.db")
	first := openStore(t, path)
	merge(t, first, seedPapers()...)
	paths := []string{"/topics/all.rss", "/topics/all.atom", "/topics/all.json", "/topics/empty.json", "/topics/all", "/"}
	before := map[string]*httptest.ResponseRecorder{}
	e := startEnv(t, first, testSite())
	for _, p := range paths {
		before[p] = e.get(t, p, "Accept-Encoding", "gzip")
	}
	first.Close()
	e = startEnv(t, openStore(t, path), testSite())
	for _, p := range paths {
		w := e.get(t, p, "Accept-Encoding", "gzip")
		for _, h := range []string{"ETag", "Last-Modified"} {
			if w.Header().Get(h) != before[p].Header().Get(h) {
				t.Errorf("%s: %s %q after restart, was %q", p, h, w.Header().Get(h), before[p].Header().Get(h))
			}
		}
		if !bytes.Equal(w.Body.Bytes(), before[p].Body.Bytes()) {
			t.Errorf("%s: bytes differ after restart", p)
		}
	}
}

// However many requests arrive after a change, each (topic, format) is
// rendered once.
func TestNoThunderingHerd(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for f := range formats {
		e.get(t, "/topics/all."+f)
	}
	merge(t, e.store, paper("arxiv:2403.09999", "A brand new paper", 9, t0.Add(time.Hour), "all"))
	e.refresh(t)
	tops := e.store.tops.Load()
	codes := herd(e, 50)
	if bad := slices.DeleteFunc(codes, func(c int) bool { return c == http.StatusOK }); len(bad) > 0 {
		t.Errorf("herd got statuses %v", bad)
	}
	if n := e.store.tops.Load() - tops; n != 3 {
		t.Errorf("50 requests over 3 formats read the ranking %d times, want 3", n)
	}
	for f := range formats {
		if n := e.metric(fmt.Sprintf(`paperwire_feed_renders_total{format=%q,topic="all"}`, f)); n != 2 {
			t.Errorf("all.%s rendered %v times in all, want 2 (before and after the change)", f, n)
		}
	}
}

// herd sends n concurrent requests spread over the formats while the
// store's ranking is held back, and returns their statuses.
func herd(e *env, n int) []int {
	names := []string{"rss", "atom", "json"}
	codes := make([]int, n)
	var started, done sync.WaitGroup
	e.store.gate.Lock()
	for i := range n {
		started.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			started.Done()
			codes[i] = e.do(http.MethodGet, "/topics/all."+names[i%3], "Accept-Encoding", []string{"gzip", ""}[i%2]).Code
		}()
	}
	started.Wait()
	e.store.gate.Unlock()
	done.Wait()
	return codes
}

// When the store fails after a first rendering, the last good bytes are
// served: never 5xx, never 429/503.
func TestStoreDownServesLastGood(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	good := map[string]*httptest.ResponseRecorder{}
	for f := range formats {
		good[f] = e.get(t, "/topics/all."+f)
	}
	merge(t, e.store, paper("arxiv:2403.09999", "Written just before the outage", 9, t0.Add(time.Hour), "all"))
	e.refresh(t)
	e.store.fail.Store(true)
	if err := e.server.Refresh(context.Background()); err == nil {
		t.Errorf("Refresh over a failing store reported no error")
	}
	for range 3 {
		for f := range formats {
			w := e.do(http.MethodGet, "/topics/all."+f)
			if w.Code != http.StatusOK || !bytes.Equal(w.Body.Bytes(), good[f].Body.Bytes()) || w.Header().Get("ETag") != good[f].Header().Get("ETag") {
				t.Errorf("%s with the store down: %d, want 200 with the last good bytes", f, w.Code)
			}
			if c := e.do(http.MethodGet, "/topics/all."+f, "If-None-Match", good[f].Header().Get("ETag")).Code; c != http.StatusNotModified {
				t.Errorf("%s with the store down: conditional GET %d, want 304", f, c)
			}
		}
	}
	e.store.fail.Store(false)
	e.refresh(t) // the server's watch sees the store answer again
	if w := e.get(t, "/topics/all.rss"); !bytes.Contains(w.Body.Bytes(), []byte("Written just before the outage")) {
		t.Errorf("store back: feed still stale")
	}
}
