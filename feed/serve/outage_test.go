package serve_test

import (
	"context"
	"net/http"
	"path/filepath"
	"strconv"
	"testing"
)

// Started while the store is away, a server has no last good rendering:
// feeds answer 503 with a short Retry-After (the one case ARCHITECTURE.md §D7's
// "never 503" yields to: there is nothing to serve), /readyz is not
// ready, and the log says so once per change of state, however many
// refreshes and requests fail.
func TestStoreDownWithNothingToServe(t *testing.T) {
	t.Parallel()
	s := openStore(t, filepath.Join(t.TempDir(), "paperwire.db"))
	merge(t, s, seedPapers()...)
	var logs logBuffer
	e := newServer(t, s, testSite(), logs.logger())
	s.fail.Store(true)
	for range 3 {
		e.server.Refresh(context.Background()) // the watch, every second
		for f := range formats {
			w := e.do(http.MethodGet, "/topics/all."+f)
			if w.Code != http.StatusServiceUnavailable {
				t.Fatalf("%s: %d, want 503", f, w.Code)
			}
			if ra, err := strconv.Atoi(w.Header().Get("Retry-After")); err != nil || ra < 1 || ra > 60 {
				t.Errorf("%s: Retry-After %q, want a short delay in seconds", f, w.Header().Get("Retry-After"))
			}
			if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
				t.Errorf("%s: Cache-Control %q, want no-store", f, cc)
			}
		}
		if w := e.do(http.MethodGet, "/readyz"); w.Code != http.StatusServiceUnavailable {
			t.Errorf("/readyz with the store down: %d, want 503", w.Code)
		}
		for _, target := range []string{"/search.rss?q=segment"} {
			if w := e.do(http.MethodGet, target); w.Code != http.StatusServiceUnavailable {
				t.Errorf("%s with the store down: %d, want 503", target, w.Code)
			}
		}
		if w := e.do(http.MethodGet, "/api/papers/arxiv:2403.15929"); w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
			t.Errorf("/api/papers with the store down: %d, want 503 with Retry-After", w.Code)
		}
	}
	if n := logs.count("store unreachable"); n != 1 {
		t.Errorf("store down logged %d times, want once:\n%s", n, logs.b.String())
	}
	if got := e.metric("paperwire_store_up"); got != 0 {
		t.Errorf("paperwire_store_up = %v with the store down", got)
	}
	s.fail.Store(false)
	e.refresh(t)
	e.get(t, "/topics/all.rss")
	e.get(t, "/readyz")
	s.fail.Store(true)
	e.do(http.MethodGet, "/readyz")
	if up, down := logs.count("store reachable again"), logs.count("store unreachable"); up != 1 || down != 2 {
		t.Errorf("logged %d recoveries and %d outages, want 1 and 2:\n%s", up, down, logs.b.String())
	}
}
