package bolt

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"

	bbolt "go.etcd.io/bbolt"

	"github.com/paperwire/paperwire/feed"
)

func loadPapers(tx *bbolt.Tx, keys []feed.Key) (map[feed.Key]*feed.Paper, error) {
	b := tx.Bucket(bucketPapers)
	cur := make(map[feed.Key]*feed.Paper, len(keys))
	for _, k := range keys {
		p, err := decodePaper(b.Get([]byte(k)))
		if err != nil {
			return nil, fmt.Errorf("read paper %s: %w", k, err)
		}
		cur[k] = p
	}
	return cur, nil
}

func decodePaper(v []byte) (*feed.Paper, error) {
	if v == nil {
		return nil, nil
	}
	p := new(feed.Paper)
	if err := json.Unmarshal(v, p); err != nil {
		return nil, err
	}
	return p, nil
}

// putPaper writes p and moves its entries in the topic indexes.
func putPaper(tx *bbolt.Tx, old, p *feed.Paper) error {
	v, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("encode paper %s: %w", p.Key, err)
	}
	return putEncoded(tx, old, p, v)
}

// putEncoded writes p, encoded as v, and moves its entries in the topic
// indexes.
func putEncoded(tx *bbolt.Tx, old, p *feed.Paper, v []byte) error {
	if err := tx.Bucket(bucketPapers).Put([]byte(p.Key), v); err != nil {
		return fmt.Errorf("write paper %s: %w", p.Key, err)
	}
	if err := reindexUpdated(tx, old, p); err != nil {
		return err
	}
	if err := logWrite(tx, p.Key); err != nil {
		return err
	}
	touched := map[string]bool{}
	if old != nil {
		for _, slug := range old.Topics {
			touched[slug] = true
			if err := rankBucket(tx, slug).Delete(rankKey(old.Score, old.Key)); err != nil {
				return fmt.Errorf("unindex %s: %w", p.Key, err)
			}
		}
	}
	for _, slug := range p.Topics {
		touched[slug] = true
		if err := rankBucket(tx, slug).Put(rankKey(p.Score, p.Key), nil); err != nil {
			return fmt.Errorf("index %s: %w", p.Key, err)
		}
	}
	for slug := range touched {
		if err := bumpRevision(tx, slug); err != nil {
			return err
		}
	}
	return nil
}

// rankBucket returns the topic's index, creating it on first use (only
// ever called inside a write transaction when writing).
func rankBucket(tx *bbolt.Tx, slug string) *bbolt.Bucket {
	root := tx.Bucket(bucketRank)
	if b := root.Bucket([]byte(slug)); b != nil || !tx.Writable() {
		return b
	}
	b, _ := root.CreateBucket([]byte(slug)) // cannot fail: absent, named, writable
	return b
}

// rankKey orders entries by descending score, then by key.
func rankKey(score float64, key feed.Key) []byte {
	k := make([]byte, 8+len(key))
	binary.BigEndian.PutUint64(k, ^sortableFloat(score))
	copy(k[8:], key)
	return k
}

// sortableFloat maps a float64 to a uint64 with the same order.
func sortableFloat(f float64) uint64 {
	u := math.Float64bits(f)
	if u>>63 == 1 {
		return ^u
	}
	return u | 1<<63
}

func unsortableFloat(u uint64) float64 {
	if u>>63 == 1 {
		return math.Float64frombits(u &^ (1 << 63))
	}
	return math.Float64frombits(^u)
}

// Paper returns one paper.
func (s *Store) Paper(ctx context.Context, key feed.Key) (*feed.Paper, error) {
	var p *feed.Paper
	err := s.view(ctx, func(tx *bbolt.Tx) error {
		var err error
		p, err = decodePaper(tx.Bucket(bucketPapers).Get([]byte(key)))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read paper %s: %w", key, err)
	}
	if p == nil {
		return nil, fmt.Errorf("paper %s: %w", key, feed.ErrNotFound)
	}
	return p, nil
}

// Papers returns the known papers among keys, in order.
func (s *Store) Papers(ctx context.Context, keys []feed.Key) ([]*feed.Paper, error) {
	out := make([]*feed.Paper, 0, len(keys))
	err := s.view(ctx, func(tx *bbolt.Tx) error {
		cur, err := loadPapers(tx, keys)
		for _, k := range keys {
			if p := cur[k]; p != nil {
				out = append(out, p)
			}
		}
		return err
	})
	return out, err
}

// Scan returns up to n papers after cursor in key order.
func (s *Store) Scan(ctx context.Context, cursor string, n int) ([]*feed.Paper, string, error) {
	var out []*feed.Paper
	next := ""
	err := s.view(ctx, func(tx *bbolt.Tx) error {
		c := tx.Bucket(bucketPapers).Cursor()
		k, v := c.Seek([]byte(cursor))
		if cursor != "" && bytes.Equal(k, []byte(cursor)) {
			k, v = c.Next()
		}
		for ; k != nil && len(out) < n; k, v = c.Next() {
			p, err := decodePaper(v)
			if err != nil {
				return fmt.Errorf("read paper %s: %w", k, err)
			}
			out = append(out, p)
		}
		if k != nil && len(out) > 0 {
			next = out[len(out)-1].Key.String()
		}
		return nil
	})
	return out, next, err
}

// Top returns the best n entries of a topic's index.
func (s *Store) Top(ctx context.Context, slug string, n int) ([]feed.Ranked, error) {
	var out []feed.Ranked
	err := s.view(ctx, func(tx *bbolt.Tx) error {
		b := rankBucket(tx, slug)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, _ := c.First(); k != nil && len(out) < n; k, _ = c.Next() {
			score := unsortableFloat(^binary.BigEndian.Uint64(k[:8]))
			out = append(out, feed.Ranked{Key: feed.Key(k[8:]), Score: score})
		}
		return nil
	})
	return out, err
}
