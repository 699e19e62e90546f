package bolt_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/storage/bolt"
)

// A store written before the update index existed gets it built when it
// is opened.
func TestUpdateIndexBuiltOnOpen(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "paperwire.db")
	s, err := bolt.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2024, 3, 25, 4, 0, 0, 0, time.UTC)
	var ps []*feed.Paper
	var keys []feed.Key
	for i := range 3 {
		k := feed.Key(fmt.Sprintf("arxiv:2403.%05d", i))
		keys = append(keys, k)
		ps = append(ps, &feed.Paper{Key: k, Updated: t0.Add(time.Duration(2-i) * time.Hour)})
	}
	if err := s.Merge(context.Background(), keys, func(map[feed.Key]*feed.Paper) ([]*feed.Paper, error) { return ps, nil }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	dropBucket(t, path, "updated") // as the file was before the index
	if s, err = bolt.Open(path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Stale(context.Background(), t0.Add(2*time.Hour), 10)
	if want := []feed.Key{"arxiv:2403.00002", "arxiv:2403.00001"}; err != nil || !slices.Equal(got, want) {
		t.Errorf("Stale = %v, %v; want %v", got, err, want)
	}
}

func dropBucket(t *testing.T, path, name string) {
	t.Helper()
	db, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bbolt.Tx) error { return tx.DeleteBucket([]byte(name)) }); err != nil {
		t.Fatal(err)
	}
}
