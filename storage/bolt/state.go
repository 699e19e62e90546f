package bolt

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/paperwire/paperwire/feed"
)

func bumpRevision(tx *bbolt.Tx, slug string) error {
	b := tx.Bucket(bucketRevs)
	var n uint64
	if v := b.Get([]byte(slug)); len(v) == 8 {
		n = binary.BigEndian.Uint64(v)
	}
	if err := b.Put([]byte(slug), binary.BigEndian.AppendUint64(nil, n+1)); err != nil {
		return fmt.Errorf("bump revision of %s: %w", slug, err)
	}
	return nil
}

// Revisions returns every topic's change counter.
func (s *Store) Revisions(ctx context.Context) (map[string]uint64, error) {
	revs := map[string]uint64{}
	err := s.view(ctx, func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketRevs).ForEach(func(k, v []byte) error {
			if len(v) == 8 {
				revs[string(k)] = binary.BigEndian.Uint64(v)
			}
			return nil
		})
	})
	return revs, err
}

// Curation returns a topic's pins and bans.
func (s *Store) Curation(ctx context.Context, slug string) (feed.Curation, error) {
	var c feed.Curation
	err := s.view(ctx, func(tx *bbolt.Tx) error {
		return getJSON(tx.Bucket(bucketCuration), slug, &c)
	})
	return c, err
}

// Curate applies one curation action.
func (s *Store) Curate(ctx context.Context, slug string, key feed.Key, action feed.CurateAction, at time.Time) (feed.Curation, error) {
	var c feed.Curation
	err := s.update(ctx, func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketCuration)
		if err := getJSON(b, slug, &c); err != nil {
			return err
		}
		var changed bool
		c, changed = c.Apply(key, action, at)
		if !changed {
			return nil
		}
		if err := putJSON(b, slug, c); err != nil {
			return err
		}
		return bumpRevision(tx, slug)
	})
	return c, err
}

// SourceState returns what is remembered about a source.
func (s *Store) SourceState(ctx context.Context, name string) (feed.SourceState, error) {
	st := feed.SourceState{Name: name}
	err := s.view(ctx, func(tx *bbolt.Tx) error {
		return getJSON(tx.Bucket(bucketSources), name, &st)
	})
	return st, err
}

// SourceStates returns the states of the named sources, in the order
// asked, in one read transaction.
func (s *Store) SourceStates(ctx context.Context, names []string) ([]feed.SourceState, error) {
	out := make([]feed.SourceState, len(names))
	err := s.view(ctx, func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketSources)
		for i, name := range names {
			out[i] = feed.SourceState{Name: name}
			if err := getJSON(b, name, &out[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("bolt source states: %w", err)
	}
	return out, nil
}

// SaveSourceState replaces what is remembered about a source. Saves of
// concurrent polls share a commit.
func (s *Store) SaveSourceState(ctx context.Context, st feed.SourceState) error {
	return s.group(ctx, func(tx *bbolt.Tx) error {
		return putJSON(tx.Bucket(bucketSources), st.Name, st)
	})
}

// Lease grants holder the named lease for ttl unless another holder's
// lease is still running.
func (s *Store) Lease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	granted := false
	err := s.update(ctx, func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketLeases)
		now := time.Now()
		if v := b.Get([]byte(name)); v != nil {
			who, until, _ := strings.Cut(string(v), "\x00")
			exp, err := time.Parse(time.RFC3339Nano, until)
			if err == nil && who != holder && now.Before(exp) {
				return nil
			}
		}
		granted = true
		return b.Put([]byte(name), []byte(holder+"\x00"+now.Add(ttl).Format(time.RFC3339Nano)))
	})
	return granted, err
}

// Meta returns a named value ("" when unset).
func (s *Store) Meta(ctx context.Context, key string) (string, error) {
	var v string
	err := s.view(ctx, func(tx *bbolt.Tx) error {
		v = string(tx.Bucket(bucketMeta).Get([]byte(key)))
		return nil
	})
	return v, err
}

// SetMeta sets a named value.
func (s *Store) SetMeta(ctx context.Context, key, value string) error {
	return s.update(ctx, func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketMeta).Put([]byte(key), []byte(value))
	})
}

func getJSON(b *bbolt.Bucket, key string, v any) error {
	raw := b.Get([]byte(key))
	if raw == nil {
		return nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("read %s: %w", key, err)
	}
	return nil
}

func putJSON(b *bbolt.Bucket, key string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", key, err)
	}
	if err := b.Put([]byte(key), raw); err != nil {
		return fmt.Errorf("write %s: %w", key, err)
	}
	return nil
}
