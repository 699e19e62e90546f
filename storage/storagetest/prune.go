package storagetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/storage"
)

func testDelete(t *testing.T, s storage.Store) {
	ctx := context.Background()
	put(t, s, paper("arxiv:2403.00001", 1, "a", "b"), paper("arxiv:2403.00002", 2, "a"), paper("arxiv:2403.00003", 3, "b"))
	before, _ := s.Revisions(ctx)
	if err := s.Delete(ctx, []feed.Key{"arxiv:2403.00001", "arxiv:2403.00003", "arxiv:9999.00000"}); err != nil {
		t.Fatal(err)
	}
	for _, k := range []feed.Key{"arxiv:2403.00001", "arxiv:2403.00003"} {
		if _, err := s.Paper(ctx, k); !errors.Is(err, feed.ErrNotFound) {
			t.Errorf("deleted paper %s: %v", k, err)
		}
	}
	if got := top(t, s, "a", 10); !slices.Equal(got, []feed.Key{"arxiv:2403.00002"}) {
		t.Errorf("top(a) after delete = %v", got)
	}
	if got := top(t, s, "b", 10); len(got) != 0 {
		t.Errorf("top(b) after delete = %v", got)
	}
	after, _ := s.Revisions(ctx)
	if after["a"] <= before["a"] || after["b"] <= before["b"] {
		t.Errorf("delete did not bump revisions: %v -> %v", before, after)
	}
	page, _, _ := s.Scan(ctx, "", 10)
	if len(page) != 1 {
		t.Errorf("scan after delete sees %d papers, want 1", len(page))
	}
	put(t, s, paper("arxiv:2403.00001", 4, "a")) // a deleted paper can come back
	if got := top(t, s, "a", 10); !slices.Equal(got, []feed.Key{"arxiv:2403.00001", "arxiv:2403.00002"}) {
		t.Errorf("top(a) after re-adding = %v", got)
	}
}

// testStale: Stale follows every update and delete of a paper.
func testStale(t *testing.T, s storage.Store) {
	ctx := context.Background()
	var ps []*feed.Paper
	for i, h := range []int{5, 1, 3, 3, 0, 9} { // hours after t0
		p := paper(feed.Key(fmt.Sprintf("arxiv:2403.%05d", i)), 1, "a")
		p.Updated = t0.Add(time.Duration(h) * time.Hour)
		ps = append(ps, p)
	}
	put(t, s, ps...)
	stale := func(cutoff time.Time, n int) []feed.Key {
		t.Helper()
		keys, err := s.Stale(ctx, cutoff, n)
		if err != nil {
			t.Fatal(err)
		}
		return keys
	}
	if got, want := stale(t0.Add(4*time.Hour), 10), []feed.Key{"arxiv:2403.00004", "arxiv:2403.00001", "arxiv:2403.00002", "arxiv:2403.00003"}; !slices.Equal(got, want) {
		t.Errorf("Stale(t0+4h) = %v, want %v", got, want)
	}
	if got := stale(t0.Add(4*time.Hour), 2); !slices.Equal(got, []feed.Key{"arxiv:2403.00004", "arxiv:2403.00001"}) {
		t.Errorf("Stale(t0+4h, 2) = %v", got)
	}
	if got := stale(t0, 10); len(got) != 0 {
		t.Errorf("Stale(t0) = %v, want none (strictly before)", got)
	}
	fresh := paper("arxiv:2403.00001", 2, "a")
	fresh.Updated = t0.Add(10 * time.Hour)
	put(t, s, fresh)
	if err := s.Delete(ctx, []feed.Key{"arxiv:2403.00002"}); err != nil {
		t.Fatal(err)
	}
	if got, want := stale(t0.Add(4*time.Hour), 10), []feed.Key{"arxiv:2403.00004", "arxiv:2403.00003"}; !slices.Equal(got, want) {
		t.Errorf("Stale after an update and a delete = %v, want %v", got, want)
	}
}

func testTrim(t *testing.T, s storage.Store) {
	ctx := context.Background()
	var ps []*feed.Paper
	for i := range 40 {
		ps = append(ps, paper(feed.Key(fmt.Sprintf("arxiv:2403.%05d", i)), float64(i), "a", "b"))
	}
	put(t, s, ps...)
	if err := s.Trim(ctx, "a", 10); err != nil {
		t.Fatal(err)
	}
	got := top(t, s, "a", 100)
	if len(got) != 10 || got[0] != "arxiv:2403.00039" || got[9] != "arxiv:2403.00030" {
		t.Errorf("top(a) after trim to 10 = %v", got)
	}
	if n := len(top(t, s, "b", 100)); n != 40 {
		t.Errorf("trimming a touched b: %d entries", n)
	}
	if _, err := s.Paper(ctx, "arxiv:2403.00000"); err != nil {
		t.Errorf("trim deleted a paper: %v", err)
	}
	put(t, s, paper("arxiv:2403.00000", 100, "a", "b")) // an event brings it back into the index
	if got := top(t, s, "a", 1); !slices.Equal(got, []feed.Key{"arxiv:2403.00000"}) {
		t.Errorf("a trimmed paper with a new score is not re-indexed: %v", got)
	}
}
