package bolt

import (
	"context"
	"encoding/json"
	"fmt"

	bbolt "go.etcd.io/bbolt"

	"github.com/paperwire/paperwire/feed"
)

// digestBucket is the nested bucket of a topic's digests of a kind; its
// keys, period IDs, sort in time order.
func digestBucket(tx *bbolt.Tx, slug string, kind feed.DigestKind) *bbolt.Bucket {
	return tx.Bucket(bucketDigests).Bucket([]byte(feed.DigestRevision(slug, kind)))
}

// PutDigest stores a closed period once and keeps the newest keep.
func (s *Store) PutDigest(ctx context.Context, d feed.Digest, keep int) (bool, error) {
	stored := false
	err := s.update(ctx, func(tx *bbolt.Tx) error {
		b, err := tx.Bucket(bucketDigests).CreateBucketIfNotExists([]byte(feed.DigestRevision(d.Topic, d.Kind)))
		if err != nil {
			return fmt.Errorf("create digest bucket: %w", err)
		}
		if b.Get([]byte(d.Period)) != nil {
			return nil
		}
		if err := putJSON(b, d.Period, d); err != nil {
			return err
		}
		stored = true
		if err := trimDigests(b, keep); err != nil {
			return err
		}
		return bumpRevision(tx, feed.DigestRevision(d.Topic, d.Kind))
	})
	if err != nil {
		return false, fmt.Errorf("put digest %s %s %s: %w", d.Topic, d.Kind, d.Period, err)
	}
	return stored, nil
}

// trimDigests drops all but the newest keep periods.
func trimDigests(b *bbolt.Bucket, keep int) error {
	n := 0
	c := b.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		n++
	}
	var drop [][]byte
	for k, _ := c.First(); k != nil && n-len(drop) > keep; k, _ = c.Next() {
		drop = append(drop, append([]byte(nil), k...))
	}
	for _, k := range drop {
		if err := b.Delete(k); err != nil {
			return fmt.Errorf("drop digest %s: %w", k, err)
		}
	}
	return nil
}

// Digests returns up to n snapshots, newest first.
func (s *Store) Digests(ctx context.Context, slug string, kind feed.DigestKind, n int) ([]feed.Digest, error) {
	var out []feed.Digest
	err := s.view(ctx, func(tx *bbolt.Tx) error {
		b := digestBucket(tx, slug, kind)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.Last(); k != nil && len(out) < n; k, v = c.Prev() {
			var d feed.Digest
			if err := json.Unmarshal(v, &d); err != nil {
				return fmt.Errorf("read digest %s: %w", k, err)
			}
			out = append(out, d)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("digests of %s %s: %w", slug, kind, err)
	}
	return out, nil
}

// Digest returns one snapshot, or an error wrapping feed.ErrNotFound.
func (s *Store) Digest(ctx context.Context, slug string, kind feed.DigestKind, period string) (feed.Digest, error) {
	var d feed.Digest
	found := false
	err := s.view(ctx, func(tx *bbolt.Tx) error {
		b := digestBucket(tx, slug, kind)
		if b == nil || b.Get([]byte(period)) == nil {
			return nil
		}
		found = true
		return getJSON(b, period, &d)
	})
	if err == nil && !found {
		err = feed.ErrNotFound
	}
	if err != nil {
		return feed.Digest{}, fmt.Errorf("digest %s %s %s: %w", slug, kind, period, err)
	}
	return d, nil
}
