package main

import (
	"context"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/fetch"
	"github.com/paperwire/paperwire/feed/ingest"
	"github.com/paperwire/paperwire/storage/redis"
)

// roundTrips ingests part of the corpus in process through a proxy that
// counts round trips (tripProxy), and reports them per batch.
func (b *bench) roundTrips(s *section, c corpus) {
	if err := flushRedis(b.redis.Addr())(b.ctx); err != nil {
		s.notef("round trips: %v", err)
		return
	}
	proxy, err := startTripProxy(b.redis.Addr())
	if err != nil {
		s.notef("round trips: %v", err)
		return
	}
	defer proxy.Close()
	store, err := redis.Open(b.ctx, "redis://"+proxy.Addr()+"/0", redis.Options{})
	if err != nil {
		s.notef("round trips: %v", err)
		return
	}
	defer store.Close() // before the proxy's Close, which waits for the connections to end
	zero := time.Duration(0)
	in := newIngester(store, fetch.New(fetch.Options{HostInterval: zero}), func() time.Time { return time.Now().UTC().Truncate(time.Second) })
	n := min(200, len(c.sources))
	var sources []feed.Source
	for _, e := range c.entries(b.farm)[:n] {
		sources = append(sources, feed.Source{Name: e.Name, URL: e.URL, Kind: feed.KindFeed, Role: feed.RolePapers, Every: time.Hour})
	}
	proxy.Trips()
	t := ingest.Totals(in.Round(context.Background(), sources, false))
	trips, opens := proxy.Trips()
	s.notef("Round trips per batch (in process, standalone Redis, counted by a loopback proxy between the store and Redis: a trip starts when "+
		"a command is sent with none pending, so one per command sent alone, one per pipeline): %.2f over %d batches of 50 new papers (%d new), "+
		"of which %.2f open new pool connections (HELLO, CLIENT SETINFO). Per poll: read the source state, load the papers (1 pipeline), "+
		"write them (1 pipeline of one script per touched partition), bump topic revisions (1 pipeline), save the source state. In a cluster each "+
		"pipeline is split by node.",
		float64(trips+opens)/float64(n), n, t.New, float64(opens)/float64(n))
}
