package github_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed/github"
	"github.com/paperwire/paperwire/storage/redis"
	"github.com/paperwire/paperwire/storage/redis/redistest"
)

// Three processes on one Redis Cluster, their passes racing every 5
// minutes for two hours: together they spend one hourly budget, never
// more, and never ask for a repository twice at once.
func TestThreeProcessesOneBudget(t *testing.T) {
	t.Parallel()
	db := redistest.SharedCluster(t)
	open := func() *redis.Store {
		s, err := redis.Open(context.Background(), db.URL(), redis.Options{Prefix: db.Prefix()})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	e := newEnvOn(t, open(), 0)
	const perHour = 24
	pollers := []*github.Poller{e.pollerOn(t, e.store, perHour, "p1"), e.pollerOn(t, open(), perHour, "p2"), e.pollerOn(t, open(), perHour, "p3")}
	byHour := map[time.Time]int{}
	for end := start.Add(2 * time.Hour); e.clock.Now().Before(end); e.clock.Add(5 * time.Minute) {
		before := len(e.api.Requests())
		var wg sync.WaitGroup
		for _, p := range pollers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := p.Pass(context.Background()); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		step := e.api.Requests()[before:]
		byHour[e.clock.Now().Truncate(time.Hour)] += len(step)
		asked := map[string]bool{}
		for _, r := range step {
			if asked[r.Path] {
				t.Errorf("%s: %s asked twice in one round of passes", e.clock.Now().Format(time.TimeOnly), r.Path)
			}
			asked[r.Path] = true
		}
	}
	for h, n := range byHour {
		if n != perHour {
			t.Errorf("hour %s: three processes made %d requests, want their one budget of %d", h.Format(time.TimeOnly), n, perHour)
		}
	}
}
