package bolt

import (
	"context"
	"fmt"

	bbolt "go.etcd.io/bbolt"

	"github.com/paperwire/paperwire/feed"
)

// Delete removes papers and their index entries.
func (s *Store) Delete(ctx context.Context, keys []feed.Key) error {
	return s.update(ctx, func(tx *bbolt.Tx) error {
		cur, err := loadPapers(tx, keys)
		if err != nil {
			return err
		}
		for _, k := range keys {
			p := cur[k]
			if p == nil {
				continue
			}
			for _, slug := range p.Topics {
				if err := rankBucket(tx, slug).Delete(rankKey(p.Score, p.Key)); err != nil {
					return fmt.Errorf("unindex %s: %w", k, err)
				}
				if err := bumpRevision(tx, slug); err != nil {
					return err
				}
			}
			if err := tx.Bucket(bucketUpdated).Delete(updatedKey(p.Updated, k)); err != nil {
				return fmt.Errorf("unindex update of %s: %w", k, err)
			}
			if err := tx.Bucket(bucketPapers).Delete([]byte(k)); err != nil {
				return fmt.Errorf("delete paper %s: %w", k, err)
			}
			if err := logDelete(tx, k); err != nil {
				return err
			}
		}
		return nil
	})
}

// Trim drops a topic's index entries beyond the best keep.
func (s *Store) Trim(ctx context.Context, slug string, keep int) error {
	return s.update(ctx, func(tx *bbolt.Tx) error {
		b := rankBucket(tx, slug)
		var drop [][]byte // deleting under a cursor skips entries: collect first
		c := b.Cursor()
		n := 0
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			if n++; n > keep {
				drop = append(drop, append([]byte(nil), k...))
			}
		}
		for _, k := range drop {
			if err := b.Delete(k); err != nil {
				return fmt.Errorf("trim %s: %w", slug, err)
			}
		}
		return nil
	})
}
