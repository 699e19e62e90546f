package serve_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/serve"
	"github.com/paperwire/paperwire/storage/redis"
	"github.com/paperwire/paperwire/storage/redis/redistest"
)

// Two serve processes sharing one Redis (standalone and Cluster) answer
// a query with the same bytes, and both see what a third process (the
// poller) merges and deletes.
func TestSearchAcrossProcessesOnRedis(t *testing.T) {
	t.Parallel()
	for name, shared := range map[string]func(testing.TB) *redistest.Shared{
		"Standalone": redistest.SharedServer,
		"Cluster":    redistest.SharedCluster,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			searchAcrossProcesses(t, shared(t))
		})
	}
}

func searchAcrossProcesses(t *testing.T, db *redistest.Shared) {
	ctx := context.Background()
	open := func() *redis.Store {
		st, err := redis.Open(ctx, db.URL(), redis.Options{Prefix: db.Prefix()})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	poller := open()
	put := func(ps ...*feed.Paper) {
		keys := make([]feed.Key, len(ps))
		for i, p := range ps {
			keys[i] = p.Key
		}
		if err := poller.Merge(ctx, keys, func(map[feed.Key]*feed.Paper) ([]*feed.Paper, error) { return ps, nil }); err != nil {
			t.Fatal(err)
		}
	}
	put(append(seedPapers(), paper("arxiv:2404.00001", "Diffusion Models for Detection", 9, t0, "all"))...)
	servers := []*serve.Server{}
	for range 2 {
		srv, _ := serverOver(t, open(), testSite(), nil, nil)
		servers = append(servers, srv)
	}
	same := func(target, want, absent string) {
		t.Helper()
		var first *httptest.ResponseRecorder
		for i, srv := range servers {
			if err := srv.Refresh(ctx); err != nil {
				t.Fatal(err)
			}
			w := httptest.NewRecorder()
			srv.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
			body := w.Body.String()
			if w.Code != http.StatusOK || !strings.Contains(body, want) || absent != "" && strings.Contains(body, absent) {
				t.Fatalf("server %d %s: %d, want %q and not %q:\n%.600s", i, target, w.Code, want, absent, body)
			}
			if first == nil {
				first = w
			} else if body != first.Body.String() || w.Header().Get("ETag") != first.Header().Get("ETag") {
				t.Errorf("the two servers answer %s differently", target)
			}
		}
	}
	same("/search.atom?q=diffusion", "2404.00001", "2403.15929")
	put(paper("arxiv:2404.00009", "Latent diffusion, faster", 12, t0.Add(time.Hour), "all"))
	same("/search.atom?q=Diffusion", "2404.00009", "")
	if err := poller.Delete(ctx, []feed.Key{"arxiv:2404.00001"}); err != nil {
		t.Fatal(err)
	}
	same("/search.json?q=diffusion", "2404.00009", "2404.00001")
}
