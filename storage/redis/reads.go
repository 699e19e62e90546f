package redis

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	goredis "github.com/redis/go-redis/v9"

	"github.com/paperwire/paperwire/feed"
)

// Paper returns one paper, or an error wrapping feed.ErrNotFound.
func (s *Store) Paper(ctx context.Context, key feed.Key) (*feed.Paper, error) {
	_, p, err := decodeCmd(s.client.Get(ctx, s.keys.paper(key)))
	if err != nil {
		return nil, fmt.Errorf("redis paper %s: %w", key, err)
	}
	if p == nil {
		return nil, fmt.Errorf("redis paper %s: %w", key, feed.ErrNotFound)
	}
	return p, nil
}

// Papers returns the known papers among keys, in the order asked, with
// one pipeline.
func (s *Store) Papers(ctx context.Context, keys []feed.Key) ([]*feed.Paper, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	_, cur, err := s.load(ctx, keys)
	if err != nil {
		return nil, fmt.Errorf("redis papers: %w", err)
	}
	out := make([]*feed.Paper, 0, len(keys))
	for _, k := range keys {
		if p := cur[k]; p != nil {
			out = append(out, p)
		}
	}
	return out, nil
}

// Top returns the best n entries of a topic's index: every partition's
// best n in one pipeline, merged by score descending, then key ascending.
func (s *Store) Top(ctx context.Context, slug string, n int) ([]feed.Ranked, error) {
	if n <= 0 {
		return nil, nil
	}
	pipe := s.client.Pipeline()
	cmds := make([]*goredis.ZSliceCmd, partitions)
	for p := range partitions {
		cmds[p] = pipe.ZRevRangeWithScores(ctx, s.keys.rank(p, slug), 0, int64(n-1))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, fmt.Errorf("redis top %s: %w", slug, err)
	}
	var all []feed.Ranked
	heads := make([][]feed.Ranked, partitions)
	for p, cmd := range cmds {
		heads[p] = ranked(cmd.Val())
		all = append(all, heads[p]...)
	}
	sortRanked(all)
	if len(all) <= n {
		return all, nil
	}
	out, err := s.settleTies(ctx, slug, n, all, heads)
	if err != nil {
		return nil, fmt.Errorf("redis top %s: %w", slug, err)
	}
	return out, nil
}

// settleTies completes the ranking when the n-th score is shared. Redis
// orders equal scores by member descending in a reversed range, so a
// partition whose n entries end on that score may hold smaller keys with
// it that were not read: read them (at most n per partition) and keep the
// smallest keys.
func (s *Store) settleTies(ctx context.Context, slug string, n int, all []feed.Ranked, heads [][]feed.Ranked) ([]feed.Ranked, error) {
	cut := all[n-1].Score
	bound := strconv.FormatFloat(cut, 'g', -1, 64)
	pipe := s.client.Pipeline()
	cmds := map[int]*goredis.StringSliceCmd{}
	for p, h := range heads {
		if len(h) == n && h[n-1].Score == cut {
			by := &goredis.ZRangeBy{Min: bound, Max: bound, Count: int64(n)}
			cmds[p] = pipe.ZRangeByScore(ctx, s.keys.rank(p, slug), by)
		}
	}
	if len(cmds) == 0 {
		return all[:n], nil
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, err
	}
	seen := map[feed.Key]bool{}
	out := make([]feed.Ranked, 0, len(all))
	for _, r := range all {
		if r.Score >= cut {
			seen[r.Key] = true
			out = append(out, r)
		}
	}
	for _, cmd := range cmds {
		for _, k := range feed.Keys(cmd.Val()) {
			if !seen[k] {
				seen[k] = true
				out = append(out, feed.Ranked{Key: k, Score: cut})
			}
		}
	}
	sortRanked(out)
	return out[:n], nil
}

func ranked(zs []goredis.Z) []feed.Ranked {
	out := make([]feed.Ranked, len(zs))
	for i, z := range zs {
		key, _ := z.Member.(string)
		out[i] = feed.Ranked{Key: feed.Key(key), Score: z.Score}
	}
	return out
}

// sortRanked orders by score descending, then key ascending.
func sortRanked(rs []feed.Ranked) {
	slices.SortFunc(rs, func(a, b feed.Ranked) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
}

// Scan returns up to n papers after cursor: partition by partition, each
// in key order. The cursor is "<partition>|<last key>".
func (s *Store) Scan(ctx context.Context, cursor string, n int) ([]*feed.Paper, string, error) {
	c, err := parseCursor(cursor)
	if err != nil {
		return nil, "", fmt.Errorf("redis scan: %w", err)
	}
	if n <= 0 {
		return nil, "", nil
	}
	refs, more, err := s.scanKeys(ctx, c, n)
	if err != nil {
		return nil, "", fmt.Errorf("redis scan: %w", err)
	}
	keys := make([]feed.Key, len(refs))
	for i, r := range refs {
		keys[i] = feed.Key(r.after)
	}
	papers, err := s.Papers(ctx, keys)
	if err != nil || !more || len(refs) == 0 {
		return papers, "", err
	}
	return papers, refs[len(refs)-1].String(), nil
}

// scanKeys lists up to n paper keys after c, reading every remaining
// partition's next n keys in one pipeline, and reports whether more may
// follow.
func (s *Store) scanKeys(ctx context.Context, c scanCursor, n int) ([]scanCursor, bool, error) {
	pipe := s.client.Pipeline()
	cmds := make([]*goredis.StringSliceCmd, 0, partitions-c.p)
	for p := c.p; p < partitions; p++ {
		lo := "-"
		if p == c.p && c.after != "" {
			lo = "(" + c.after
		}
		by := &goredis.ZRangeBy{Min: lo, Max: "+", Count: int64(n)}
		cmds = append(cmds, pipe.ZRangeByLex(ctx, s.keys.all(p), by))
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, goredis.Nil) {
		return nil, false, err
	}
	var refs []scanCursor
	full := false // some partition filled its page, so may hold more
	for i, cmd := range cmds {
		keys := cmd.Val()
		full = full || len(keys) == n
		for _, k := range keys {
			refs = append(refs, scanCursor{p: c.p + i, after: k})
		}
	}
	if len(refs) > n {
		return refs[:n], true, nil
	}
	return refs, full, nil
}
