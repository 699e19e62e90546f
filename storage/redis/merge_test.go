package redis_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/storage/redis"
	"github.com/paperwire/paperwire/storage/redis/redistest"
)

// increment adds 1 to the score of every key (creating papers at 1).
func increment(keys []feed.Key) feed.MergeFunc {
	return func(cur map[feed.Key]*feed.Paper) ([]*feed.Paper, error) {
		var out []*feed.Paper
		for _, k := range keys {
			if c := cur[k]; c != nil {
				out = append(out, paper(k, c.Score+1, "all"))
			} else if _, asked := cur[k]; asked {
				out = append(out, paper(k, 1, "all"))
			}
		}
		return out, nil
	}
}

// Concurrent merges of many keys spread over every partition lose no
// update and apply none twice, though partitions conflict independently.
func TestConcurrentBatchMerges(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, db *redistest.Shared) {
		const workers, rounds, n = 6, 8, 64
		s := openStore(t, db.URL(), db.Prefix())
		keys := make([]feed.Key, n)
		for i := range keys {
			keys[i] = feed.Key(fmt.Sprintf("arxiv:2405.%05d", i))
		}
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := range workers {
			wg.Go(func() {
				for r := range rounds {
					// Each worker asks in its own order: conflicts land differently.
					ks := append(keys[(w+r)%n:], keys[:(w+r)%n]...)
					if err := s.Merge(context.Background(), ks, increment(ks)); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		ps, err := s.Papers(context.Background(), keys)
		if err != nil || len(ps) != n {
			t.Fatalf("papers = %d, %v", len(ps), err)
		}
		for _, p := range ps {
			if p.Score != workers*rounds {
				t.Errorf("%s: score %v, want %d", p.Key, p.Score, workers*rounds)
			}
		}
		if got := indexEntries(t, s, "all"); got != n {
			t.Errorf("index holds %d entries, want %d", got, n)
		}
	})
}

// A merge function may only return papers among the keys asked.
func TestMergeRejectsUnaskedPaper(t *testing.T) {
	t.Parallel()
	db := redistest.SharedServer(t)
	s := openStore(t, db.URL(), db.Prefix())
	err := s.Merge(context.Background(), []feed.Key{"arxiv:1"}, func(map[feed.Key]*feed.Paper) ([]*feed.Paper, error) {
		return []*feed.Paper{paper("arxiv:1", 1, "a"), paper("arxiv:2", 1, "a")}, nil
	})
	if err == nil {
		t.Fatal("merge accepted a paper it was not asked for")
	}
	if _, err := s.Paper(context.Background(), "arxiv:1"); !errors.Is(err, feed.ErrNotFound) {
		t.Errorf("rejected merge wrote arxiv:1: %v", err)
	}
}

// Scripts survive a flushed script cache and a restarted server.
func TestScriptCacheFlushAndRestart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Server(t)
	// The ping to the stopped server fails at its first refused dial, not
	// after 4 attempts of 5 dials 100 ms apart.
	s := openStore(t, srv.URL()+"?max_retries=-1&dialer_retries=1", "")
	put(t, s, paper("arxiv:1", 1, "a"))
	if err := redis.ClientOf(s).ScriptFlush(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	evals := commandCalls(t, srv.Addr())["eval"]
	put(t, s, paper("arxiv:1", 2, "a"), paper("arxiv:2", 3, "a"))
	if commandCalls(t, srv.Addr())["eval"] == evals {
		t.Error("merge after a script flush did not fall back to EVAL")
	}
	if ok, err := s.Lease(ctx, "src", "me", 4*time.Second); err != nil || !ok {
		t.Fatalf("lease after script flush = %v, %v", ok, err)
	}
	srv.Stop()
	if err := s.Ping(ctx); err == nil {
		t.Fatal("ping succeeded with Redis stopped")
	}
	srv.Start()
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("ping after restart: %v", err)
	}
	put(t, s, paper("arxiv:3", 4, "a")) // no persistence: the server restarted empty
	if got := top(t, s, "a"); len(got) != 1 || got[0].Key != "arxiv:3" {
		t.Errorf("top after restart = %v", got)
	}
	if _, err := s.Curate(ctx, "a", "arxiv:3", feed.Pin, t0); err != nil {
		t.Errorf("curate after restart: %v", err)
	}
}

func TestScanRejectsBadCursor(t *testing.T) {
	t.Parallel()
	db := redistest.SharedServer(t)
	s := openStore(t, db.URL(), db.Prefix())
	for _, c := range []string{"x", "16|a", "-1|a", "3"} {
		if _, _, err := s.Scan(context.Background(), c, 10); err == nil {
			t.Errorf("scan accepted cursor %q", c)
		}
	}
}

func top(t *testing.T, s *redis.Store, slug string) []feed.Ranked {
	t.Helper()
	r, err := s.Top(context.Background(), slug, 100)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
