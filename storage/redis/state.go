package redis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/paperwire/paperwire/feed"
)

// maxCurateAttempts bounds the optimistic retries of one Curate.
const maxCurateAttempts = 20

// Revisions returns every topic's change counter.
func (s *Store) Revisions(ctx context.Context) (map[string]uint64, error) {
	m, err := s.client.HGetAll(ctx, s.keys.rev()).Result()
	if err != nil {
		return nil, fmt.Errorf("redis revisions: %w", err)
	}
	revs := make(map[string]uint64, len(m))
	for slug, v := range m {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("redis revisions: topic %s: %w", slug, err)
		}
		revs[slug] = n
	}
	return revs, nil
}

// Curation returns a topic's pins and bans.
func (s *Store) Curation(ctx context.Context, slug string) (feed.Curation, error) {
	var c feed.Curation
	if _, err := s.getJSON(ctx, s.keys.curation(slug), &c); err != nil {
		return feed.Curation{}, fmt.Errorf("redis curation %s: %w", slug, err)
	}
	return c, nil
}

// Curate applies one action with a compare-and-set on the topic's
// curation, retried on a concurrent change, and bumps the topic's revision
// when the curation changed.
func (s *Store) Curate(ctx context.Context, slug string, key feed.Key, action feed.CurateAction, at time.Time) (feed.Curation, error) {
	for attempt := 1; attempt <= maxCurateAttempts; attempt++ {
		if attempt > 1 {
			if err := sleep(ctx, backoff(attempt)); err != nil {
				return feed.Curation{}, fmt.Errorf("redis curate %s: %w", slug, err)
			}
		}
		c, done, err := s.curateOnce(ctx, slug, key, action, at)
		if err != nil || done {
			return c, err
		}
	}
	return feed.Curation{}, fmt.Errorf("redis curate %s: still contended after %d attempts", slug, maxCurateAttempts)
}

// curateOnce is one optimistic attempt; done is false on a lost race.
func (s *Store) curateOnce(ctx context.Context, slug string, key feed.Key, action feed.CurateAction, at time.Time) (feed.Curation, bool, error) {
	var cur feed.Curation
	ck := s.keys.curation(slug)
	raw, err := s.getJSON(ctx, ck, &cur)
	if err != nil {
		return feed.Curation{}, false, fmt.Errorf("redis curate %s: %w", slug, err)
	}
	next, changed := cur.Apply(key, action, at)
	if !changed {
		return next, true, nil
	}
	v, err := json.Marshal(next)
	if err != nil {
		return feed.Curation{}, false, fmt.Errorf("redis curate %s: %w", slug, err)
	}
	set, err := s.scripts.cas.Run(ctx, s.client, []string{ck}, raw, v).Int()
	if err != nil || set != 1 {
		return feed.Curation{}, false, wrapIf("redis curate "+slug, err)
	}
	if err := s.client.HIncrBy(ctx, s.keys.rev(), slug, 1).Err(); err != nil {
		return feed.Curation{}, false, fmt.Errorf("redis curate %s: bump revision: %w", slug, err)
	}
	return next, true, nil
}

// SourceState returns what is remembered about a source (a zero state with
// the name set when nothing is).
func (s *Store) SourceState(ctx context.Context, name string) (feed.SourceState, error) {
	st := feed.SourceState{Name: name}
	if _, err := s.getJSON(ctx, s.keys.source(name), &st); err != nil {
		return feed.SourceState{}, fmt.Errorf("redis source state %s: %w", name, err)
	}
	return st, nil
}

// SourceStates returns the states of the named sources, in the order
// asked, with one pipeline (one round trip per node on a Cluster: the
// keys are in different slots).
func (s *Store) SourceStates(ctx context.Context, names []string) ([]feed.SourceState, error) {
	out := make([]feed.SourceState, len(names))
	if len(names) == 0 {
		return out, nil
	}
	pipe := s.client.Pipeline()
	cmds := make([]*goredis.StringCmd, len(names))
	for i, name := range names {
		cmds[i] = pipe.Get(ctx, s.keys.source(name))
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, goredis.Nil) {
		return nil, fmt.Errorf("redis source states: %w", err)
	}
	for i, cmd := range cmds {
		out[i] = feed.SourceState{Name: names[i]}
		raw, err := cmd.Bytes()
		if errors.Is(err, goredis.Nil) {
			continue
		}
		if err == nil {
			err = json.Unmarshal(raw, &out[i])
		}
		if err != nil {
			return nil, fmt.Errorf("redis source state %s: %w", names[i], err)
		}
	}
	return out, nil
}

// SaveSourceState replaces what is remembered about a source.
func (s *Store) SaveSourceState(ctx context.Context, st feed.SourceState) error {
	v, err := json.Marshal(st)
	if err == nil {
		err = s.client.Set(ctx, s.keys.source(st.Name), v, 0).Err()
	}
	return wrapIf("redis save source state "+st.Name, err)
}

// Lease grants holder the named lease for ttl, unless another holder's
// lease still runs; the holder renews its own.
func (s *Store) Lease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	ms := max(ttl.Milliseconds(), 1)
	n, err := s.scripts.lease.Run(ctx, s.client, []string{s.keys.lease(name)}, holder, ms).Int()
	if err != nil {
		return false, fmt.Errorf("redis lease %s: %w", name, err)
	}
	return n == 1, nil
}

// Meta returns a named value ("" when unset).
func (s *Store) Meta(ctx context.Context, key string) (string, error) {
	v, err := s.client.HGet(ctx, s.keys.meta(), key).Result()
	if errors.Is(err, goredis.Nil) {
		return "", nil
	}
	return v, wrapIf("redis meta "+key, err)
}

// SetMeta sets a named value.
func (s *Store) SetMeta(ctx context.Context, key, value string) error {
	return wrapIf("redis set meta "+key, s.client.HSet(ctx, s.keys.meta(), key, value).Err())
}

// getJSON decodes the JSON at key into v, leaving v alone when the key is
// absent, and returns the raw value ("" when absent).
func (s *Store) getJSON(ctx context.Context, key string, v any) (string, error) {
	raw, err := s.client.Get(ctx, key).Result()
	if errors.Is(err, goredis.Nil) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if err := json.Unmarshal([]byte(raw), v); err != nil {
		return "", fmt.Errorf("decode %s: %w", key, err)
	}
	return raw, nil
}

// wrapIf adds context to a non-nil error.
func wrapIf(context string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", context, err)
}
