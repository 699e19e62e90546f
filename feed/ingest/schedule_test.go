package ingest_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/fetch"
	"github.com/paperwire/paperwire/feed/ingest"
)

// Two schedulers sharing one store poll each source once per interval
// between them: the lease and the shared last-attempt time decide.
func TestSchedulersShareSources(t *testing.T) {
	e := newEnv(t)
	srcs := e.fiveSources()
	ctx, cancel := context.WithTimeout(context.Background(), 2500*time.Millisecond)
	defer cancel()
	var wg sync.WaitGroup
	for _, holder := range []string{"process-a", "process-b"} {
		in := e.ingester(fetch.Options{}, func(c *ingest.Config) { c.Holder, c.LeaseTTL = holder, time.Minute })
		wg.Go(func() { in.Run(ctx, srcs) })
	}
	wg.Wait()
	for _, s := range srcs {
		file := s.URL[len(e.up.URL)+1:]
		if hits, _ := e.up.count(file); hits != 1 {
			t.Errorf("%s fetched %d times in one interval by two processes, want 1", s.Name, hits)
		}
	}
	if _, err := e.store.Paper(context.Background(), "arxiv:2403.15157"); err != nil {
		t.Errorf("scheduled polls stored nothing: %v", err)
	}
}

// When the topic rules change, every paper is refiled once.
func TestReindexOnRuleChange(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	in := e.ingester(fetch.Options{})
	in.Round(ctx, e.fiveSources(), false)
	if _, err := in.Reindex(ctx); err != nil {
		t.Fatal(err)
	}
	changed := append(append([]feed.Topic{}, topics...), feed.Topic{Slug: "flow", Keywords: []string{"optical flow"}, Limit: 50})
	in = e.ingester(fetch.Options{}, func(c *ingest.Config) { c.Topics = changed })
	n, err := in.Reindex(ctx)
	if err != nil || n == 0 {
		t.Fatalf("reindex moved %d papers, %v", n, err)
	}
	top, _ := e.store.Top(ctx, "flow", 10)
	if len(top) != 1 || top[0].Key != "arxiv:2403.15344" {
		t.Errorf("flow topic after reindex: %v, want SplatFlow", top)
	}
	if n, err := in.Reindex(ctx); n != 0 || err != nil {
		t.Errorf("a second reindex with the same rules moved %d papers (%v)", n, err)
	}
}
