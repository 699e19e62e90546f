package redis_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	goredis "github.com/redis/go-redis/v9"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/storage/redis"
	"github.com/paperwire/paperwire/storage/redis/redistest"
)

// roundTrips counts what reaches a Redis node: one per pipeline, one per
// single command (cluster topology queries excepted).
type roundTrips struct{ n atomic.Int64 }

func (h *roundTrips) DialHook(next goredis.DialHook) goredis.DialHook { return next }

func (h *roundTrips) ProcessHook(next goredis.ProcessHook) goredis.ProcessHook {
	return func(ctx context.Context, cmd goredis.Cmder) error {
		if cmd.Name() != "cluster" {
			h.n.Add(1)
		}
		return next(ctx, cmd)
	}
}

func (h *roundTrips) ProcessPipelineHook(next goredis.ProcessPipelineHook) goredis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []goredis.Cmder) error {
		h.n.Add(1)
		return next(ctx, cmds)
	}
}

// countRoundTrips hooks every node client of s and returns the counter
// and the number of nodes.
func countRoundTrips(t *testing.T, s *redis.Store) (*roundTrips, int) {
	h := &roundTrips{}
	return h, hookNodes(t, s, h)
}

// hookNodes adds h to every node client of s (each cluster node, those
// found later included, or the one client) and returns how many nodes
// there are.
func hookNodes(t *testing.T, s *redis.Store, h goredis.Hook) int {
	c, ok := redis.ClientOf(s).(*goredis.ClusterClient)
	if !ok {
		redis.ClientOf(s).AddHook(h)
		return 1
	}
	c.OnNewNode(func(n *goredis.Client) { n.AddHook(h) })
	var nodes atomic.Int64
	err := c.ForEachShard(context.Background(), func(_ context.Context, n *goredis.Client) error {
		n.AddHook(h)
		nodes.Add(1)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return int(nodes.Load())
}

func newPapers(prefix string, n int) []*feed.Paper {
	ps := make([]*feed.Paper, n)
	for i := range ps {
		ps[i] = paper(feed.Key(fmt.Sprintf("%s:%05d", prefix, i)), float64(i%13), "all", "t"+strconv.Itoa(i%3))
	}
	return ps
}

// A Merge costs the same few round trips per node for 10 papers as for
// 1,000: load, write, bump revisions, each one pipeline.
func TestMergeRoundTripsConstant(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, db *redistest.Shared) {
		s := openStore(t, db.URL(), db.Prefix())
		put(t, s, newPapers("warmup", 20)...) // loads the scripts
		h, nodes := countRoundTrips(t, s)
		cost := map[int]int64{}
		for _, n := range []int{10, 1000} {
			h.n.Store(0)
			put(t, s, newPapers(fmt.Sprintf("n%d", n), n)...)
			cost[n] = h.n.Load()
		}
		t.Logf("%d node(s): merge of 10 papers = %d round trips, of 1000 = %d", nodes, cost[10], cost[1000])
		if limit := int64(3 * nodes); cost[1000] > limit || cost[10] > limit {
			t.Errorf("round trips = %v, want at most %d (3 pipelines per node)", cost, limit)
		}
	})
}

// Merging papers identical to the stored ones writes nothing and bumps no
// revision: one pipeline of reads, nothing else.
func TestRemergeWritesNothing(t *testing.T) {
	t.Parallel()
	srv := redistest.Server(t)
	s := openStore(t, srv.URL(), "")
	ps := newPapers("same", 200)
	put(t, s, ps...)
	revs, _ := s.Revisions(context.Background())
	before := commandCalls(t, srv.Addr())
	h, _ := countRoundTrips(t, s)
	put(t, s, newPapers("same", 200)...)
	after := commandCalls(t, srv.Addr())
	for _, name := range []string{"evalsha", "eval", "set", "zadd", "hincrby"} {
		if after[name] != before[name] {
			t.Errorf("re-merge ran %s %d times", name, after[name]-before[name])
		}
	}
	if got := h.n.Load(); got != 1 {
		t.Errorf("re-merge took %d round trips, want 1 (the load)", got)
	}
	if now, _ := s.Revisions(context.Background()); fmt.Sprint(now) != fmt.Sprint(revs) {
		t.Errorf("revisions changed: %v -> %v", revs, now)
	}
}

// commandCalls reads INFO commandstats: command name → calls.
func commandCalls(t *testing.T, addr string) map[string]int64 {
	t.Helper()
	c := goredis.NewClient(&goredis.Options{Addr: addr})
	defer c.Close()
	info, err := c.Info(context.Background(), "commandstats").Result()
	if err != nil {
		t.Fatal(err)
	}
	calls := map[string]int64{}
	for _, line := range strings.Split(info, "\n") {
		name, rest, ok := strings.Cut(strings.TrimPrefix(line, "cmdstat_"), ":calls=")
		if !ok {
			continue
		}
		n, _, _ := strings.Cut(rest, ",")
		calls[name], _ = strconv.ParseInt(n, 10, 64)
	}
	return calls
}
