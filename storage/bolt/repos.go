package bolt

import (
	"bytes"
	"context"
	"encoding/binary"
	"strconv"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/paperwire/paperwire/feed"
)

// RepoStates returns what is remembered about the named repositories.
func (s *Store) RepoStates(ctx context.Context, names []string) ([]feed.RepoState, error) {
	out := make([]feed.RepoState, len(names))
	err := s.view(ctx, func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketRepos)
		for i, name := range names {
			out[i] = feed.RepoState{Name: name}
			if err := getJSON(b, name, &out[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// SaveRepoState replaces what is remembered about a repository.
func (s *Store) SaveRepoState(ctx context.Context, st feed.RepoState) error {
	return s.group(ctx, func(tx *bbolt.Tx) error {
		return putJSON(tx.Bucket(bucketRepos), st.Name, st)
	})
}

// Spend takes up to n units of the named budget's window (n < 0 gives
// units back); the windows of the name that ended are dropped.
func (s *Store) Spend(ctx context.Context, name string, window time.Time, limit, n int) (granted, left int, err error) {
	err = s.update(ctx, func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketBudgets)
		prefix := []byte(name + "\x00")
		key := append(bytes.Clone(prefix), strconv.FormatInt(window.Unix(), 10)...)
		if err := dropOtherWindows(b, prefix, key); err != nil {
			return err
		}
		var used int
		if v := b.Get(key); len(v) == 8 {
			used = int(binary.BigEndian.Uint64(v))
		}
		granted = min(n, max(limit-used, 0))
		if n < 0 {
			granted = max(n, -used)
		}
		used += granted
		left = max(limit-used, 0)
		return b.Put(key, binary.BigEndian.AppendUint64(nil, uint64(used)))
	})
	return granted, left, err
}

func dropOtherWindows(b *bbolt.Bucket, prefix, keep []byte) error {
	var old [][]byte
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if !bytes.Equal(k, keep) {
			old = append(old, bytes.Clone(k))
		}
	}
	for _, k := range old {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}
