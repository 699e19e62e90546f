package bolt

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/paperwire/paperwire/feed"
)

// bucketUpdated indexes papers by their last update, so that pruning
// reads only what expired: key = Paper.Updated (Unix nanoseconds, 8
// bytes big endian) + paper key, value empty.
var bucketUpdated = []byte("updated")

func updatedKey(at time.Time, key feed.Key) []byte {
	var ns uint64
	if at.Unix() > 0 { // UnixNano is undefined before 1678: earlier times sort first
		ns = uint64(at.UnixNano())
	}
	k := make([]byte, 8, 8+len(key))
	binary.BigEndian.PutUint64(k, ns)
	return append(k, key...)
}

// reindexUpdated moves p's entry in the update index from old's.
func reindexUpdated(tx *bbolt.Tx, old, p *feed.Paper) error {
	b := tx.Bucket(bucketUpdated)
	if old != nil && !old.Updated.Equal(p.Updated) {
		if err := b.Delete(updatedKey(old.Updated, old.Key)); err != nil {
			return fmt.Errorf("unindex update of %s: %w", p.Key, err)
		}
	}
	if err := b.Put(updatedKey(p.Updated, p.Key), nil); err != nil {
		return fmt.Errorf("index update of %s: %w", p.Key, err)
	}
	return nil
}

// buildUpdated creates the update index of a store written before it
// existed, from every stored paper; it runs once, when Open finds the
// bucket missing, in the transaction that creates it.
func buildUpdated(tx *bbolt.Tx) error {
	if tx.Bucket(bucketUpdated) != nil {
		return nil
	}
	idx, err := tx.CreateBucket(bucketUpdated)
	if err != nil {
		return fmt.Errorf("create bucket %s: %w", bucketUpdated, err)
	}
	return tx.Bucket(bucketPapers).ForEach(func(k, v []byte) error {
		var p struct {
			Updated time.Time `json:"updated"`
		}
		if err := json.Unmarshal(v, &p); err != nil {
			return fmt.Errorf("index paper %s: %w", k, err)
		}
		return idx.Put(updatedKey(p.Updated, feed.Key(k)), nil)
	})
}

// Stale returns the keys of up to n papers last updated before cutoff,
// the least recently updated first.
func (s *Store) Stale(ctx context.Context, cutoff time.Time, n int) ([]feed.Key, error) {
	var keys []feed.Key
	end := updatedKey(cutoff, "")
	err := s.view(ctx, func(tx *bbolt.Tx) error {
		c := tx.Bucket(bucketUpdated).Cursor()
		for k, _ := c.First(); k != nil && len(keys) < n && bytes.Compare(k, end) < 0; k, _ = c.Next() {
			keys = append(keys, feed.Key(k[8:]))
		}
		return nil
	})
	return keys, err
}
