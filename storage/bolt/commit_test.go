package bolt

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	bbolt "go.etcd.io/bbolt"

	"github.com/paperwire/paperwire/feed"
)

func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "paperwire.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Concurrent writers share commits, and each gets its own error: a
// failing or panicking write fails alone, the others are stored.
func TestGroupCommit(t *testing.T) {
	t.Parallel()
	s := openTemp(t)
	var wg sync.WaitGroup
	errs := make([]error, 40)
	for i := range errs {
		wg.Go(func() {
			errs[i] = s.writes.do(func(tx *bbolt.Tx) error {
				switch i % 10 {
				case 3:
					return errors.New("refused")
				case 7:
					panic("boom")
				}
				return tx.Bucket(bucketMeta).Put(fmt.Appendf(nil, "k%02d", i), []byte("v"))
			})
		})
	}
	wg.Wait()
	for i, err := range errs {
		v, _ := s.Meta(context.Background(), fmt.Sprintf("k%02d", i))
		switch i % 10 {
		case 3, 7:
			if err == nil || v != "" {
				t.Errorf("write %d: err %v, stored %q; want its own error and nothing stored", i, err, v)
			}
		default:
			if err != nil || v != "v" {
				t.Errorf("write %d: err %v, stored %q", i, err, v)
			}
		}
	}
}

// A merge planned on a snapshot that another writer changed meanwhile is
// merged again on the current paper: no update is lost.
func TestMergePlanGoneStale(t *testing.T) {
	t.Parallel()
	s := openTemp(t)
	ctx := context.Background()
	bump := func(cur map[feed.Key]*feed.Paper) ([]*feed.Paper, error) {
		p := &feed.Paper{Key: "arxiv:2403.00001", Score: 1, Topics: []string{"all"}}
		if c := cur["arxiv:2403.00001"]; c != nil {
			p.Score = c.Score + 1
		}
		return []*feed.Paper{p}, nil
	}
	plan, err := s.prepare([]feed.Key{"arxiv:2403.00001"}, bump)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Merge(ctx, []feed.Key{"arxiv:2403.00001"}, bump); err != nil { // the other writer
		t.Fatal(err)
	}
	err = s.group(ctx, func(tx *bbolt.Tx) error {
		if plan.current(tx) {
			return errors.New("a stale plan passed as current")
		}
		return mergeIn(tx, []feed.Key{"arxiv:2403.00001"}, bump)
	})
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Paper(ctx, "arxiv:2403.00001")
	if err != nil || p.Score != 2 {
		t.Fatalf("score %v (%v), want 2: an update was lost", p, err)
	}
	if top, _ := s.Top(ctx, "all", 10); len(top) != 1 || top[0].Score != 2 {
		t.Errorf("index %v, want one entry at 2", top)
	}
}
