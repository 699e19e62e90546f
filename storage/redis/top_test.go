package redis_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"testing"

	goredis "github.com/redis/go-redis/v9"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/storage/redis"
	"github.com/paperwire/paperwire/storage/redis/redistest"
)

// reference ranks papers of one topic as the contract says: score
// descending, then key ascending.
func reference(ps map[feed.Key]*feed.Paper, slug string) []feed.Ranked {
	var out []feed.Ranked
	for _, p := range ps {
		if slices.Contains(p.Topics, slug) {
			out = append(out, feed.Ranked{Key: p.Key, Score: p.Score})
		}
	}
	slices.SortFunc(out, func(a, b feed.Ranked) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
	return out
}

// indexEntries counts a topic's entries over every partition's zset.
func indexEntries(t *testing.T, s *redis.Store, slug string) int64 {
	t.Helper()
	var n int64
	for p := range redis.Partitions {
		c, err := redis.ClientOf(s).ZCard(context.Background(), redis.RankKey(s, p, slug)).Result()
		if err != nil && err != goredis.Nil {
			t.Fatal(err)
		}
		n += c
	}
	return n
}

func checkTop(t *testing.T, s *redis.Store, model map[feed.Key]*feed.Paper, step string, slugs ...string) {
	t.Helper()
	for _, slug := range slugs {
		want := reference(model, slug)
		got, err := s.Top(context.Background(), slug, 100)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: top(%s) = %v, want %v", step, slug, got, want)
		}
		if n := indexEntries(t, s, slug); n != int64(len(want)) {
			t.Errorf("%s: index of %s holds %d entries, want %d", step, slug, n, len(want))
		}
	}
}

// Papers that move between topics (and change score) leave no stale
// entry in any partition's index.
func TestTopAfterMoves(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, db *redistest.Shared) {
		s := openStore(t, db.URL(), db.Prefix())
		model := map[feed.Key]*feed.Paper{}
		steps := [][]*feed.Paper{
			{paper("arxiv:1", 1, "a", "b"), paper("arxiv:2", 2, "a"), paper("doi:10.1/x", 3, "c")},
			{paper("arxiv:1", 5, "b", "c")},
			{paper("arxiv:1", 2, "c"), paper("arxiv:2", 7, "b", "c")},
			{paper("arxiv:1", 2), paper("doi:10.1/x", 0.5, "a")},
			{paper("arxiv:1", 3, "a"), paper("arxiv:2", 7, "a", "b", "c")},
		}
		for i, ps := range steps {
			put(t, s, ps...)
			for _, p := range ps {
				model[p.Key] = p
			}
			checkTop(t, s, model, fmt.Sprintf("step %d", i), "a", "b", "c")
		}
	})
}

// Ties at the cut are settled by key ascending, however the tied papers
// fall over the partitions.
func TestTopTies(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, db *redistest.Shared) {
		s := openStore(t, db.URL(), db.Prefix())
		model := map[feed.Key]*feed.Paper{}
		var ps []*feed.Paper
		for i := range 45 {
			score := 1.0
			if i%9 == 0 {
				score = 2
			}
			ps = append(ps, paper(feed.Key(fmt.Sprintf("arxiv:2403.%05d", i)), score, "t"))
			model[ps[i].Key] = ps[i]
		}
		put(t, s, ps...)
		want := reference(model, "t")
		for n := 1; n <= len(want)+2; n++ {
			got, err := s.Top(context.Background(), "t", n)
			if err != nil {
				t.Fatal(err)
			}
			if w := want[:min(n, len(want))]; !slices.Equal(got, w) {
				t.Fatalf("top(t, %d) = %v, want %v", n, got, w)
			}
		}
	})
}
