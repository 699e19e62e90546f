package bolt_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/storage/bolt"
)

// The change log keeps the last 10,000 deletions: a reader from before
// older ones is told to read everything again, one from after is not.
func TestChangeLogForgetsOldDeletions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := bolt.Open(filepath.Join(t.TempDir(), "paperwire.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const n = 10_005
	ps := make([]*feed.Paper, n)
	keys := make([]feed.Key, n)
	for i := range ps {
		keys[i] = feed.ArxivKey(fmt.Sprintf("2401.%05d", i))
		ps[i] = &feed.Paper{Key: keys[i], Fields: feed.Fields{Title: "Paper"}}
	}
	if err := s.Merge(ctx, keys, func(map[feed.Key]*feed.Paper) ([]*feed.Paper, error) { return ps, nil }); err != nil {
		t.Fatal(err)
	}
	before, _ := s.ChangeCursor(ctx)
	if err := s.Delete(ctx, keys[:5]); err != nil {
		t.Fatal(err)
	}
	middle, _ := s.ChangeCursor(ctx)
	if err := s.Delete(ctx, keys[5:]); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Changes(ctx, before, 10); !errors.Is(err, feed.ErrChangesLost) {
		t.Errorf("a cursor from before %d deletions: %v, want ErrChangesLost", n, err)
	}
	got, _, err := s.Changes(ctx, middle, n)
	if err != nil || len(got) != n-5 {
		t.Errorf("a cursor from before the last %d deletions: %d keys, %v", n-5, len(got), err)
	}
}
