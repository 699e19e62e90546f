package redis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"

	goredis "github.com/redis/go-redis/v9"

	"github.com/paperwire/paperwire/feed"
)

// PutDigest stores a closed period with HSETNX, so that of several
// processes closing it at once exactly one stores its snapshot; then it
// drops the periods beyond keep and bumps the digests' revision.
func (s *Store) PutDigest(ctx context.Context, d feed.Digest, keep int) (bool, error) {
	name := feed.DigestRevision(d.Topic, d.Kind)
	raw, err := json.Marshal(d)
	if err != nil {
		return false, fmt.Errorf("redis put digest %s %s: %w", name, d.Period, err)
	}
	stored, err := s.client.HSetNX(ctx, s.keys.digests(name), d.Period, raw).Result()
	if err != nil {
		return false, fmt.Errorf("redis put digest %s %s: %w", name, d.Period, err)
	}
	if !stored {
		return false, nil
	}
	if err := s.trimDigests(ctx, name, keep); err != nil {
		return true, err
	}
	if err := s.client.HIncrBy(ctx, s.keys.rev(), name, 1).Err(); err != nil {
		return true, fmt.Errorf("redis put digest %s %s: bump revision: %w", name, d.Period, err)
	}
	return true, nil
}

// trimDigests drops all but the newest keep periods (period IDs sort in
// time order). Concurrent trims drop the same fields: no harm.
func (s *Store) trimDigests(ctx context.Context, name string, keep int) error {
	periods, err := s.client.HKeys(ctx, s.keys.digests(name)).Result()
	if err != nil || len(periods) <= keep {
		return wrapIf("redis trim digests "+name, err)
	}
	slices.Sort(periods)
	drop := periods[:len(periods)-keep]
	return wrapIf("redis trim digests "+name, s.client.HDel(ctx, s.keys.digests(name), drop...).Err())
}

// Digests returns up to n snapshots, newest first.
func (s *Store) Digests(ctx context.Context, slug string, kind feed.DigestKind, n int) ([]feed.Digest, error) {
	name := feed.DigestRevision(slug, kind)
	all, err := s.client.HGetAll(ctx, s.keys.digests(name)).Result()
	if err != nil {
		return nil, fmt.Errorf("redis digests %s: %w", name, err)
	}
	periods := slices.Sorted(maps.Keys(all))
	slices.Reverse(periods)
	out := make([]feed.Digest, 0, min(n, len(periods)))
	for _, p := range periods[:min(n, len(periods))] {
		var d feed.Digest
		if err := json.Unmarshal([]byte(all[p]), &d); err != nil {
			return nil, fmt.Errorf("redis digests %s: decode %s: %w", name, p, err)
		}
		out = append(out, d)
	}
	return out, nil
}

// Digest returns one snapshot, or an error wrapping feed.ErrNotFound.
func (s *Store) Digest(ctx context.Context, slug string, kind feed.DigestKind, period string) (feed.Digest, error) {
	name := feed.DigestRevision(slug, kind)
	raw, err := s.client.HGet(ctx, s.keys.digests(name), period).Result()
	if errors.Is(err, goredis.Nil) {
		err = feed.ErrNotFound
	}
	var d feed.Digest
	if err == nil {
		err = json.Unmarshal([]byte(raw), &d)
	}
	if err != nil {
		return feed.Digest{}, fmt.Errorf("redis digest %s %s: %w", name, period, err)
	}
	return d, nil
}
