package ingest

import (
	"context"
	"sync"
	"time"

	"github.com/paperwire/paperwire/feed"
)

// Run polls every source whenever it is due — its interval after the
// last attempt by any process, and never before a backoff, Retry-After
// or max-age runs out — until ctx ends. It returns nil once the polls in
// flight have stopped.
func (in *Ingester) Run(ctx context.Context, sources []feed.Source) error {
	due := make(map[string]time.Time, len(sources))
	busy := map[string]bool{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(in.cfg.Concurrency, 1))
	t := time.NewTicker(in.cfg.Tick)
	defer t.Stop()
	for {
		for _, src := range sources {
			mu.Lock()
			start := !busy[src.Name] && !in.cfg.Now().Before(due[src.Name])
			busy[src.Name] = busy[src.Name] || start
			mu.Unlock()
			if !start {
				continue
			}
			wg.Go(func() {
				next := in.scheduled(ctx, src, sem)
				mu.Lock()
				due[src.Name], busy[src.Name] = next, false
				mu.Unlock()
			})
		}
		select {
		case <-ctx.Done():
			wg.Wait()
			return nil
		case <-t.C:
		}
	}
}

// scheduled polls src if it is due and nobody else holds it, and returns
// when to look at it next.
func (in *Ingester) scheduled(ctx context.Context, src feed.Source, sem chan struct{}) time.Time {
	select {
	case sem <- struct{}{}:
		defer func() { <-sem }()
	case <-ctx.Done():
		return time.Time{}
	}
	if in.cfg.Holder != "" {
		ok, err := in.store.Lease(ctx, "poll:"+src.Name, in.cfg.Holder, in.cfg.LeaseTTL)
		if err != nil || !ok {
			return in.cfg.Now().Add(min(src.Every, 30*time.Second)) // another process polls it, or the store is away
		}
	}
	if next, ok := in.nextDue(ctx, src); ok && in.cfg.Now().Before(next) {
		return next // polled recently, by this process or another
	}
	in.Poll(ctx, src, false)
	next, _ := in.nextDue(ctx, src)
	return next
}

// nextDue reads when src should next be polled.
func (in *Ingester) nextDue(ctx context.Context, src feed.Source) (time.Time, bool) {
	st, err := in.store.SourceState(ctx, src.Name)
	if err != nil {
		return in.cfg.Now().Add(min(src.Every, 30*time.Second)), false
	}
	return st.NextPoll(src.Every), true
}
