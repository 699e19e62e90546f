package redis_test

import (
	"context"
	"slices"
	"sync/atomic"
	"testing"

	goredis "github.com/redis/go-redis/v9"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/storage/redis"
	"github.com/paperwire/paperwire/storage/redis/redistest"
)

// replay is a hook that sends pipelines of scripts twice, as go-redis
// (v9.23) sends a cluster node's whole pipeline again when its first
// command gets TRYAGAIN, scripts that ran included: every one, or only the
// first when once. between, when not nil, runs between the first two sends.
type replay struct {
	once    bool
	between func()
	done    atomic.Bool
}

func (h *replay) DialHook(next goredis.DialHook) goredis.DialHook { return next }

func (h *replay) ProcessHook(next goredis.ProcessHook) goredis.ProcessHook { return next }

func (h *replay) ProcessPipelineHook(next goredis.ProcessPipelineHook) goredis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []goredis.Cmder) error {
		if !slices.ContainsFunc(cmds, isScript) {
			return next(ctx, cmds)
		}
		first := h.done.CompareAndSwap(false, true)
		if h.once && !first {
			return next(ctx, cmds)
		}
		_ = next(ctx, cmds)
		if first && h.between != nil {
			h.between()
		}
		return next(ctx, cmds)
	}
}

// A partition's merge script sent twice writes once: Merge succeeds and
// every increment counts once, however many merges run.
func TestMergeReplayedAppliesOnce(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, db *redistest.Shared) {
		s := openStore(t, db.URL(), db.Prefix())
		ps := newPapers("replayed", 64)
		put(t, s, ps...)
		hookNodes(t, s, &replay{})
		keys := paperKeys(ps)
		const merges = 3
		for range merges {
			if err := s.Merge(context.Background(), keys, increment(keys)); err != nil {
				t.Fatalf("merge with its scripts sent twice: %v", err)
			}
		}
		checkScores(t, s, ps, merges)
	})
}

// A script sent again after another writer changed its papers is known as
// written: neither write is lost and none is applied twice.
func TestMergeReplayedAfterAnotherWrite(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, db *redistest.Shared) {
		s := openStore(t, db.URL(), db.Prefix())
		other := openStore(t, db.URL(), db.Prefix()) // same prefix: same papers
		ps := newPapers("interleaved", 64)
		put(t, s, ps...)
		keys := paperKeys(ps)
		hookNodes(t, s, &replay{once: true, between: func() {
			if err := other.Merge(context.Background(), keys, increment(keys)); err != nil {
				t.Errorf("merge between the two sends: %v", err)
			}
		}})
		if err := s.Merge(context.Background(), keys, increment(keys)); err != nil {
			t.Fatalf("merge with its scripts sent twice: %v", err)
		}
		checkScores(t, s, ps, 2)
	})
}

// tryAgain is the error a node answers a script whose slot is half moved.
type tryAgain struct{}

func (tryAgain) Error() string { return "TRYAGAIN Multiple keys request during rehashing of slot" }

func (tryAgain) RedisError() {}

// loseAnswers is a hook that runs the first pipeline of scripts and then
// answers its scripts with TRYAGAIN, as when go-redis sends again a node's
// pipeline whose scripts ran and the second send is refused.
type loseAnswers struct{ done atomic.Bool }

func (h *loseAnswers) DialHook(next goredis.DialHook) goredis.DialHook { return next }

func (h *loseAnswers) ProcessHook(next goredis.ProcessHook) goredis.ProcessHook { return next }

func (h *loseAnswers) ProcessPipelineHook(next goredis.ProcessPipelineHook) goredis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []goredis.Cmder) error {
		err := next(ctx, cmds)
		if !slices.ContainsFunc(cmds, isScript) || !h.done.CompareAndSwap(false, true) {
			return err
		}
		for _, c := range cmds {
			if isScript(c) {
				c.SetErr(tryAgain{})
			}
		}
		return tryAgain{}
	}
}

func isScript(c goredis.Cmder) bool { return c.Name() == "evalsha" }

// A partition's script that ran though its answer was lost (TRYAGAIN) is
// known as written by the next attempt, which writes nothing.
func TestMergeAnswerLostAppliesOnce(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, db *redistest.Shared) {
		s := openStore(t, db.URL(), db.Prefix())
		ps := newPapers("lost", 64)
		put(t, s, ps...)
		hookNodes(t, s, &loseAnswers{})
		keys := paperKeys(ps)
		if err := s.Merge(context.Background(), keys, increment(keys)); err != nil {
			t.Fatalf("merge whose answers were lost: %v", err)
		}
		checkScores(t, s, ps, 1)
	})
}

// A partition keeps the tokens of its last writes only.
func TestMergeTokensBounded(t *testing.T) {
	t.Parallel()
	db := redistest.SharedServer(t)
	s := openStore(t, db.URL(), db.Prefix())
	ps := newPapers("bounded", 1)
	put(t, s, ps...)
	keys := paperKeys(ps)
	for range redis.MaxTokens + 10 {
		if err := s.Merge(context.Background(), keys, increment(keys)); err != nil {
			t.Fatal(err)
		}
	}
	checkScores(t, s, ps, redis.MaxTokens+10)
	p := redis.PartitionOf(keys[0])
	n, err := redis.ClientOf(s).ZCard(context.Background(), redis.TokensKey(s, p)).Result()
	if err != nil || n != redis.MaxTokens {
		t.Errorf("partition %d holds %d tokens (%v), want %d", p, n, err, redis.MaxTokens)
	}
	ttl, err := redis.ClientOf(s).PTTL(context.Background(), redis.TokensKey(s, p)).Result()
	if err != nil || ttl <= 0 {
		t.Errorf("tokens key TTL = %v, %v; want an expiry", ttl, err)
	}
}

func paperKeys(ps []*feed.Paper) []feed.Key {
	keys := make([]feed.Key, len(ps))
	for i, p := range ps {
		keys[i] = p.Key
	}
	return keys
}

// checkScores fails unless every paper of ps scores its first score plus n.
func checkScores(t *testing.T, s *redis.Store, ps []*feed.Paper, n int) {
	t.Helper()
	got, err := s.Papers(context.Background(), paperKeys(ps))
	if err != nil || len(got) != len(ps) {
		t.Fatalf("papers = %d, %v; want %d", len(got), err, len(ps))
	}
	for i, p := range got {
		if want := ps[i].Score + float64(n); p.Score != want {
			t.Errorf("%s: score %v after %d increments, want %v", p.Key, p.Score, n, want)
		}
	}
}
