package main

import (
	"context"
	"sync/atomic"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/fetch"
	"github.com/paperwire/paperwire/feed/ingest"
	"github.com/paperwire/paperwire/storage/redis"
)

// roundTrips ingests part of the corpus in process through a client that
// counts round trips, and reports them per batch.
func (b *bench) roundTrips(s *section, c corpus) {
	if err := flushRedis(b.redis.Addr())(b.ctx); err != nil {
		s.notef("round trips: %v", err)
		return
	}
	counter := &rtCounter{}
	store, err := redis.Open(b.ctx, b.redis.URL(), redis.Options{Hooks: []goredis.Hook{counter}})
	if err != nil {
		s.notef("round trips: %v", err)
		return
	}
	defer store.Close()
	zero := time.Duration(0)
	in := newIngester(store, fetch.New(fetch.Options{HostInterval: zero}), func() time.Time { return time.Now().UTC().Truncate(time.Second) })
	n := min(200, len(c.sources))
	var sources []feed.Source
	for _, e := range c.entries(b.farm)[:n] {
		sources = append(sources, feed.Source{Name: e.Name, URL: e.URL, Kind: feed.KindFeed, Role: feed.RolePapers, Every: time.Hour})
	}
	counter.trips.Store(0)
	reports := in.Round(context.Background(), sources, false)
	t := ingest.Totals(reports)
	s.notef("Round trips per batch (in process, standalone Redis, counted by a go-redis hook: one per command sent alone, one per pipeline): %.2f "+
		"over %d batches of 50 new papers (%d new). Per poll: read the source state, load the papers (1 pipeline), write them (1 pipeline of one "+
		"script per touched partition), bump topic revisions (1 pipeline), save the source state. In a cluster each pipeline is split by node.",
		float64(counter.trips.Load())/float64(n), n, t.New)
}

// rtCounter counts round trips: one per command sent alone, one per
// pipeline (a standalone server answers a pipeline in one trip).
type rtCounter struct {
	trips atomic.Int64
}

func (h *rtCounter) DialHook(next goredis.DialHook) goredis.DialHook { return next }

func (h *rtCounter) ProcessHook(next goredis.ProcessHook) goredis.ProcessHook {
	return func(ctx context.Context, cmd goredis.Cmder) error {
		h.trips.Add(1)
		return next(ctx, cmd)
	}
}

func (h *rtCounter) ProcessPipelineHook(next goredis.ProcessPipelineHook) goredis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []goredis.Cmder) error {
		h.trips.Add(1)
		return next(ctx, cmds)
	}
}
