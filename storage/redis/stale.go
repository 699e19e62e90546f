package redis

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/paperwire/paperwire/feed"
)

// metaUpdatedIndex marks (in the meta hash) a store whose :updated
// indexes hold every paper: stores written before they existed get them
// built by the first Stale.
const metaUpdatedIndex = "updated_index"

// Stale returns the keys of up to n papers last updated before cutoff,
// the least recently updated first: each partition's :updated index is
// read in one pipeline, no paper is.
func (s *Store) Stale(ctx context.Context, cutoff time.Time, n int) ([]feed.Key, error) {
	if err := s.ensureUpdatedIndex(ctx); err != nil {
		return nil, err
	}
	if n <= 0 {
		return nil, nil
	}
	pipe := s.client.Pipeline()
	cmds := make([]*goredis.ZSliceCmd, partitions)
	for p := range partitions {
		cmds[p] = pipe.ZRangeArgsWithScores(ctx, goredis.ZRangeArgs{
			Key: s.keys.updated(p), Start: "-inf", Stop: "(" + strconv.FormatInt(cutoff.UnixMilli(), 10),
			ByScore: true, Count: int64(n),
		})
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, fmt.Errorf("redis stale: %w", err)
	}
	var all []goredis.Z
	for _, c := range cmds {
		all = append(all, c.Val()...)
	}
	slices.SortFunc(all, func(a, b goredis.Z) int {
		return cmp.Or(cmp.Compare(a.Score, b.Score), cmp.Compare(a.Member.(string), b.Member.(string)))
	})
	keys := make([]feed.Key, 0, min(n, len(all)))
	for _, z := range all[:min(n, len(all))] {
		keys = append(keys, feed.Key(z.Member.(string)))
	}
	return keys, nil
}

// ensureUpdatedIndex builds the :updated indexes from every paper once.
// Several processes may build at once: ZADD GT never moves an entry back
// past a newer update, and an entry of a paper deleted meanwhile is
// dropped by the Delete that meets it (forget).
func (s *Store) ensureUpdatedIndex(ctx context.Context) error {
	if done, err := s.Meta(ctx, metaUpdatedIndex); err != nil || done != "" {
		return err
	}
	cursor := ""
	for {
		page, next, err := s.Scan(ctx, cursor, 500)
		if err != nil {
			return fmt.Errorf("redis build update index: %w", err)
		}
		if err := s.indexUpdated(ctx, page); err != nil {
			return err
		}
		if cursor = next; cursor == "" {
			return s.SetMeta(ctx, metaUpdatedIndex, "1")
		}
	}
}

func (s *Store) indexUpdated(ctx context.Context, page []*feed.Paper) error {
	if len(page) == 0 {
		return nil
	}
	pipe := s.client.Pipeline()
	for _, p := range page {
		z := goredis.Z{Score: float64(p.Updated.UnixMilli()), Member: p.Key.String()}
		pipe.ZAddArgs(ctx, s.keys.updated(partition(p.Key)), goredis.ZAddArgs{GT: true, Members: []goredis.Z{z}})
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("redis build update index: %w", err)
	}
	return nil
}

// forgetSrc drops a key's :updated entry if it has no paper.
//
//	KEYS[1]  the partition's :updated zset
//	KEYS[2]  the paper key
//	ARGV[1]  member
const forgetSrc = `
if redis.call('EXISTS', KEYS[2]) == 0 then redis.call('ZREM', KEYS[1], ARGV[1]) end
return 1
`

// forget drops the update-index entries of the keys with no paper.
func (s *Store) forget(ctx context.Context, keys []feed.Key, cur map[feed.Key]*feed.Paper) error {
	var calls []scriptCall
	for _, k := range keys {
		if cur[k] == nil {
			calls = append(calls, scriptCall{keys: []string{s.keys.updated(partition(k)), s.keys.paper(k)}, args: []any{k.String()}})
		}
	}
	if len(calls) == 0 {
		return nil
	}
	_, err := runPipelined(ctx, s.client, s.scripts.forget, calls)
	return err
}
