package redis

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	goredis "github.com/redis/go-redis/v9"

	"github.com/paperwire/paperwire/feed"
)

// maxGone bounds the deletions each partition's change log remembers; a
// reader further behind gets feed.ErrChangesLost and reads everything
// again.
const maxGone = 10000

// changeCursor is a position in every partition's change log.
type changeCursor [partitions]uint64

func (c changeCursor) String() string {
	s := make([]string, partitions)
	for i, v := range c {
		s[i] = strconv.FormatUint(v, 10)
	}
	return strings.Join(s, ",")
}

func parseChangeCursor(s string) (changeCursor, error) {
	var c changeCursor
	parts := strings.Split(s, ",")
	if len(parts) != partitions {
		return c, fmt.Errorf("invalid change cursor %q", s)
	}
	for i, p := range parts {
		v, err := strconv.ParseUint(p, 10, 64)
		if err != nil {
			return c, fmt.Errorf("invalid change cursor %q", s)
		}
		c[i] = v
	}
	return c, nil
}

// ChangeCursor returns the change logs' current position: every
// partition's counter, read in one pipeline.
func (s *Store) ChangeCursor(ctx context.Context) (string, error) {
	pipe := s.client.Pipeline()
	cmds := make([]*goredis.StringCmd, partitions)
	for p := range partitions {
		cmds[p] = pipe.Get(ctx, s.keys.seq(p))
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, goredis.Nil) {
		return "", fmt.Errorf("redis change cursor: %w", err)
	}
	var c changeCursor
	for p, cmd := range cmds {
		v, err := cmd.Uint64()
		if err != nil && !errors.Is(err, goredis.Nil) {
			return "", fmt.Errorf("redis change cursor: %w", err)
		}
		c[p] = v
	}
	return c.String(), nil
}

// partitionChanges are one partition's commands of a Changes call.
type partitionChanges struct {
	written, gone *goredis.ZSliceCmd
	horizon       *goredis.StringCmd
}

// Changes returns the keys of papers written or deleted after cursor (up
// to n per partition) and the cursor to continue from, in one pipeline.
func (s *Store) Changes(ctx context.Context, cursor string, n int) ([]feed.Key, string, error) {
	c, err := parseChangeCursor(cursor)
	if err != nil {
		return nil, "", err
	}
	pipe := s.client.Pipeline()
	cmds := make([]partitionChanges, partitions)
	for p := range partitions {
		by := &goredis.ZRangeBy{Min: "(" + strconv.FormatUint(c[p], 10), Max: "+inf", Count: int64(n)}
		cmds[p] = partitionChanges{
			written: pipe.ZRangeByScoreWithScores(ctx, s.keys.changed(p), by),
			gone:    pipe.ZRangeByScoreWithScores(ctx, s.keys.gone(p), by),
			horizon: pipe.Get(ctx, s.keys.horizon(p)),
		}
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, goredis.Nil) {
		return nil, "", fmt.Errorf("redis changes: %w", err)
	}
	var keys []feed.Key
	for p, cmd := range cmds {
		if h, _ := cmd.horizon.Uint64(); c[p] < h {
			return nil, "", fmt.Errorf("redis changes: partition %d at %d, horizon %d: %w", p, c[p], h, feed.ErrChangesLost)
		}
		var got []feed.Key
		got, c[p] = oldest(n, c[p], cmd.written.Val(), cmd.gone.Val())
		keys = append(keys, got...)
	}
	return keys, c.String(), nil
}

// oldest returns the members of the n lowest scores of two zset ranges
// and the highest score taken (since when none).
func oldest(n int, since uint64, a, b []goredis.Z) ([]feed.Key, uint64) {
	all := slices.Concat(a, b)
	slices.SortFunc(all, func(x, y goredis.Z) int { return cmp.Compare(x.Score, y.Score) })
	all = all[:min(len(all), n)]
	keys := make([]feed.Key, len(all))
	last := since
	for i, z := range all {
		keys[i] = feed.Key(z.Member.(string))
		last = uint64(z.Score)
	}
	return keys, last
}
