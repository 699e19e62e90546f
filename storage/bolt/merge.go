package bolt

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	bbolt "go.etcd.io/bbolt"

	"github.com/paperwire/paperwire/feed"
)

// Merge loads the papers, calls fn and writes what it returns, atomically.
//
// The work is done outside the single writer where it can be: the papers
// are read and decoded, fn runs and its papers are encoded in a read
// transaction, concurrently with other merges; the write transaction
// (shared with concurrent writers, see committer) only checks that the
// papers still hold the bytes that were read and stores the result.
// When they do not (another merge of the group or process changed one),
// fn runs again inside the write transaction on the current papers. So fn
// may run more than once.
func (s *Store) Merge(ctx context.Context, keys []feed.Key, fn feed.MergeFunc) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	plan, err := s.prepare(keys, fn)
	if err != nil {
		return fmt.Errorf("bolt merge: %w", err)
	}
	err = s.group(ctx, func(tx *bbolt.Tx) error {
		if plan.current(tx) {
			return plan.write(tx)
		}
		return mergeIn(tx, keys, fn)
	})
	if err != nil {
		return fmt.Errorf("bolt merge: %w", err)
	}
	return nil
}

// mergePlan is a merge computed from a snapshot.
type mergePlan struct {
	read    map[feed.Key][]byte      // the stored bytes of every key (nil: absent)
	cur     map[feed.Key]*feed.Paper // what fn was given
	writes  []feed.Write             // what fn returned, checked
	encoded [][]byte                 // the new papers of writes, encoded
}

// prepare computes a merge from the current snapshot.
func (s *Store) prepare(keys []feed.Key, fn feed.MergeFunc) (*mergePlan, error) {
	plan := &mergePlan{read: make(map[feed.Key][]byte, len(keys))}
	err := s.db.View(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketPapers)
		for _, k := range keys {
			if v := b.Get([]byte(k)); v != nil {
				plan.read[k] = bytes.Clone(v) // valid in this transaction only
			} else {
				plan.read[k] = nil
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if plan.cur, err = decodeAll(plan.read); err != nil {
		return nil, err
	}
	changed, err := fn(copyMap(plan.cur))
	if err != nil {
		return nil, err
	}
	return plan, plan.encode(changed)
}

func decodeAll(raw map[feed.Key][]byte) (map[feed.Key]*feed.Paper, error) {
	cur := make(map[feed.Key]*feed.Paper, len(raw))
	for k, v := range raw {
		p, err := decodePaper(v)
		if err != nil {
			return nil, fmt.Errorf("read paper %s: %w", k, err)
		}
		cur[k] = p
	}
	return cur, nil
}

func copyMap(m map[feed.Key]*feed.Paper) map[feed.Key]*feed.Paper {
	c := make(map[feed.Key]*feed.Paper, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// encode checks and encodes what fn returned.
func (plan *mergePlan) encode(changed []*feed.Paper) error {
	var err error
	if plan.writes, err = feed.Writes(plan.cur, changed); err != nil {
		return err
	}
	plan.encoded = make([][]byte, len(plan.writes))
	for i, w := range plan.writes {
		if plan.encoded[i], err = json.Marshal(w.New); err != nil {
			return fmt.Errorf("encode paper %s: %w", w.New.Key, err)
		}
	}
	return nil
}

// current reports whether every paper still holds the bytes the plan
// was computed from.
func (plan *mergePlan) current(tx *bbolt.Tx) bool {
	b := tx.Bucket(bucketPapers)
	for k, v := range plan.read {
		if got := b.Get([]byte(k)); !bytes.Equal(got, v) || (got == nil) != (v == nil) {
			return false
		}
	}
	return true
}

// write stores the plan's papers.
func (plan *mergePlan) write(tx *bbolt.Tx) error {
	for i, w := range plan.writes {
		if err := putEncoded(tx, w.Old, w.New, plan.encoded[i]); err != nil {
			return err
		}
	}
	return nil
}

// mergeIn is the whole merge inside the write transaction.
func mergeIn(tx *bbolt.Tx, keys []feed.Key, fn feed.MergeFunc) error {
	cur, err := loadPapers(tx, keys)
	if err != nil {
		return err
	}
	changed, err := fn(cur)
	if err != nil {
		return err
	}
	writes, err := feed.Writes(cur, changed)
	if err != nil {
		return err
	}
	for _, w := range writes {
		if err := putPaper(tx, w.Old, w.New); err != nil {
			return err
		}
	}
	return nil
}
