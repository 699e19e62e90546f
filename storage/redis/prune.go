package redis

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/paperwire/paperwire/feed"
)

// deleteSrc deletes one partition's papers if each still holds the value
// that was read.
//
//	KEYS[1]  the partition's :all zset
//	KEYS[2]  the partition's :updated zset
//	KEYS[3..6] its change log: :changed, :seq, :gone, :horizon
//	then per paper: its paper key, the rank zsets it is in
//	ARGV[1]  number of papers
//	then per paper: expected JSON, member, number of rank zsets
//
// The log keeps the last maxGone deletions; the seq of the newest one
// forgotten is the horizon. Returns 1 when deleted, 0 on a conflict
// (nothing deleted).
const deleteSrc = `
local n = tonumber(ARGV[1])
local a, k = 2, 7
for i = 1, n do
  if (redis.call('GET', KEYS[k]) or '') ~= ARGV[a] then return 0 end
  k = k + 1 + tonumber(ARGV[a+2])
  a = a + 3
end
a, k = 2, 7
for i = 1, n do
  local member, ranks = ARGV[a+1], tonumber(ARGV[a+2])
  redis.call('DEL', KEYS[k])
  redis.call('ZREM', KEYS[1], member)
  redis.call('ZREM', KEYS[2], member)
  redis.call('ZADD', KEYS[5], redis.call('INCR', KEYS[4]), member)
  redis.call('ZREM', KEYS[3], member)
  for j = 1, ranks do redis.call('ZREM', KEYS[k+j], member) end
  k = k + 1 + ranks
  a = a + 3
end
local extra = redis.call('ZCARD', KEYS[5]) - tonumber(ARGV[a])
if extra > 0 then
  local last = redis.call('ZRANGE', KEYS[5], extra - 1, extra - 1, 'WITHSCORES')
  redis.call('SET', KEYS[6], last[2])
  redis.call('ZREMRANGEBYRANK', KEYS[5], 0, extra - 1)
end
return 1
`

// Delete removes papers and their index entries, one compare-and-delete
// script per partition in one pipeline; partitions that lost a race with
// a writer are read and tried again.
func (s *Store) Delete(ctx context.Context, keys []feed.Key) error {
	touched := map[string]bool{}
	pending := slices.Clone(keys)
	for attempt := 1; len(pending) > 0; attempt++ {
		if attempt > maxMergeAttempts {
			return fmt.Errorf("redis delete: %d papers still contended after %d attempts", len(pending), maxMergeAttempts)
		}
		if attempt > 1 {
			if err := sleep(ctx, backoff(attempt)); err != nil {
				return fmt.Errorf("redis delete: %w", err)
			}
		}
		var err error
		if pending, err = s.deleteOnce(ctx, pending, touched); err != nil {
			return err
		}
	}
	return s.bumpRevisions(ctx, touched)
}

// deleteOnce tries once and returns the keys of partitions that lost a race.
func (s *Store) deleteOnce(ctx context.Context, keys []feed.Key, touched map[string]bool) ([]feed.Key, error) {
	raw, cur, err := s.load(ctx, keys)
	if err != nil {
		return nil, fmt.Errorf("redis delete: %w", err)
	}
	if err := s.forget(ctx, keys, cur); err != nil {
		return nil, fmt.Errorf("redis delete: %w", err)
	}
	byPart := map[int][]*feed.Paper{}
	for _, k := range keys {
		if p := cur[k]; p != nil {
			byPart[partition(k)] = append(byPart[partition(k)], p)
		}
	}
	parts := slices.Sorted(maps.Keys(byPart))
	calls := make([]scriptCall, len(parts))
	for i, part := range parts {
		calls[i] = s.deleteCall(part, byPart[part], raw)
	}
	res, err := runPipelined(ctx, s.client, s.scripts.del, calls)
	if err != nil {
		return nil, fmt.Errorf("redis delete: %w", err)
	}
	lost := map[int]bool{}
	for i, r := range res {
		if r != 1 {
			lost[parts[i]] = true
			continue
		}
		for _, p := range byPart[parts[i]] {
			markTopics(touched, p.Topics)
		}
	}
	return slices.DeleteFunc(keys, func(k feed.Key) bool { return !lost[partition(k)] }), nil
}

func (s *Store) deleteCall(part int, ps []*feed.Paper, raw map[feed.Key]string) scriptCall {
	keys := []string{s.keys.all(part), s.keys.updated(part), s.keys.changed(part), s.keys.seq(part), s.keys.gone(part), s.keys.horizon(part)}
	args := []any{len(ps)}
	for _, p := range ps {
		topics := uniqueSorted(p.Topics)
		keys = append(keys, s.keys.paper(p.Key))
		for _, slug := range topics {
			keys = append(keys, s.keys.rank(part, slug))
		}
		args = append(args, raw[p.Key], p.Key.String(), len(topics))
	}
	args = append(args, maxGone)
	return scriptCall{keys: keys, args: args}
}

// Trim drops a topic's index entries scoring below its keep-th best, in
// every partition (one pipeline per step).
func (s *Store) Trim(ctx context.Context, slug string, keep int) error {
	best, err := s.Top(ctx, slug, keep)
	if err != nil || len(best) < keep || keep <= 0 {
		return err
	}
	cut := "(" + strconv.FormatFloat(best[len(best)-1].Score, 'g', -1, 64)
	pipe := s.client.Pipeline()
	for p := range partitions {
		pipe.ZRemRangeByScore(ctx, s.keys.rank(p, slug), "-inf", cut)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("redis trim %s: %w", slug, err)
	}
	return nil
}
