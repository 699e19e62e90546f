package digest_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/digest"
	"github.com/paperwire/paperwire/feed/feedtest"
	"github.com/paperwire/paperwire/storage/redis"
	"github.com/paperwire/paperwire/storage/redis/redistest"
)

// processes is how many `serve` processes share the cluster in the test.
const processes = 4

// Several processes sharing a Redis Cluster, each with its own client and
// closer, race to close the same periods: each period is stored exactly
// once, and every process then serves the same bytes.
func TestClosesOnceAcrossProcessesOnRedisCluster(t *testing.T) {
	t.Parallel()
	db := redistest.SharedCluster(t)
	stores := make([]*redis.Store, processes)
	for i := range stores {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		s, err := redis.Open(ctx, db.URL(), redis.Options{Prefix: db.Prefix()})
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		stores[i] = s
	}
	put(t, stores[0],
		paper("arxiv:2403.00001", "Alpha", event{"arxiv-cs-cv", day(25, 8), 0}, event{"hf-daily", day(25, 9), 0}),
		paper("arxiv:2403.00002", "Beta", event{"arxiv-cs-cv", day(25, 12), 0}),
		paper("arxiv:2403.00009", "Old news", event{"arxiv-cs-cv", day(20, 12), 0}))
	clk := feedtest.NewClock(time.Time{})
	// A first start of all of them at once (the store's first paper was
	// seen on the 20th: the 20th to the 24th and week 12 to catch up),
	// then the close of the 25th, then of the 26th.
	for round, tc := range []struct {
		at   time.Time
		want int
	}{{day(25, 10), 6}, {day(26, 0), 1}, {day(27, 0), 1}} {
		clk.Set(tc.at)
		if got := closeAll(t, stores, clk); got != tc.want {
			t.Fatalf("round %d at %s: %d periods stored in all, want %d (each exactly once)", round, tc.at, got, tc.want)
		}
	}
	if got := entryKeys(t, stores[processes-1], feed.Daily, "2024-03-25"); len(got) != 2 {
		t.Fatalf("the 25th as another process reads it: %v", got)
	}
	var bodies []string
	for _, s := range stores {
		_, body := get(t, server(t, s, clk), "/topics/vision/daily.atom")
		bodies = append(bodies, body)
	}
	for i, b := range bodies {
		if b != bodies[0] {
			t.Fatalf("process %d serves other bytes than process 0:\n%s\n---\n%s", i, b, bodies[0])
		}
	}
}

// closeAll runs every process's closer at once and returns how many
// periods were stored in all (those held off by another's lease store
// none).
func closeAll(t *testing.T, stores []*redis.Store, clk *clock) int {
	t.Helper()
	var mu sync.Mutex
	total := 0
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, s := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := newCloser(s, clk, fmt.Sprintf("process-%d", i))
			<-start
			n, err := c.Close(context.Background())
			if err != nil {
				t.Errorf("process %d: %v", i, err)
			}
			mu.Lock()
			total += n
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	return total
}

var _ digest.Store = (*redis.Store)(nil)
