package ingest_test

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/fetch"
	"github.com/paperwire/paperwire/feed/ingest"
	"github.com/paperwire/paperwire/storage/bolt"
)

// Two schedulers sharing one store poll each source once per interval
// between them: the lease and the shared last-attempt time decide. They
// tick every millisecond; the test ends once every source is fetched and
// both have looked at every source (their clock stands still, so neither
// looks again).
func TestSchedulersShareSources(t *testing.T) {
	e := newEnv(t)
	srcs := e.fiveSources()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	store := &countingStore{Store: e.store}
	var wg sync.WaitGroup
	for _, holder := range []string{"process-a", "process-b"} {
		in := ingest.New(store, fetch.New(fetch.Options{}), ingest.Config{
			Topics: topics, Now: e.clock.Now, Rand: func() float64 { return 0.5 }, Concurrency: 4,
			Holder: holder, LeaseTTL: time.Minute, Tick: time.Millisecond,
		}, nil)
		wg.Go(func() { in.Run(ctx, srcs) })
	}
	polled := func() bool { // the state is saved after the papers: a poll cut short by cancel() is not
		for _, s := range srcs {
			if st, err := e.store.SourceState(context.Background(), s.Name); err != nil || st.LastSuccess.IsZero() {
				return false
			}
		}
		return true
	}
	waitUntil(t, "every source polled", polled)
	waitUntil(t, "both schedulers to look at every source", func() bool { return store.leases.Load() >= int64(2*len(srcs)) })
	cancel()
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

// countingStore counts lease requests: each is a scheduler looking at a
// source.
type countingStore struct {
	*bolt.Store
	leases atomic.Int64
}

func (s *countingStore) Lease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	defer s.leases.Add(1)
	return s.Store.Lease(ctx, name, holder, ttl)
}

// waitUntil polls cond until it holds, failing the test after 10 s.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		runtime.Gosched()
		time.Sleep(time.Millisecond)
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
