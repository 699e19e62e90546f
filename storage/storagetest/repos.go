package storagetest

import (
	"context"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/storage"
)

// testRepoStates: unknown repositories read as zero states with their
// name; a saved state reads back whole, in the order asked.
func testRepoStates(t *testing.T, s storage.Store) {
	ctx := context.Background()
	st := feed.RepoState{
		Name: "chenxi52/frozenseg", MovedTo: "chenxi52/frozenseg2", ETag: `W/"abc"`, Stars: 4730,
		Created: t0.Add(-48 * time.Hour), CheckedAt: t0, Status: 200,
	}
	if err := s.SaveRepoState(ctx, st); err != nil {
		t.Fatal(err)
	}
	gone := feed.RepoState{Name: "gone/repo", Status: 404, GoneAt: t0, CheckedAt: t0}
	if err := s.SaveRepoState(ctx, gone); err != nil {
		t.Fatal(err)
	}
	got, err := s.RepoStates(ctx, []string{"unknown/one", "chenxi52/frozenseg", "gone/repo"})
	if err != nil {
		t.Fatal(err)
	}
	want := []feed.RepoState{{Name: "unknown/one"}, st, gone}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("RepoStates = %+v, want %+v", got, want)
	}
	if got, err := s.RepoStates(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("RepoStates(nil) = %v, %v", got, err)
	}
}

// testSpend: a window's budget is never exceeded, units given back can
// be spent again, and a new window starts afresh.
func testSpend(t *testing.T, s storage.Store) {
	ctx := context.Background()
	w := t0.Truncate(time.Hour)
	spend := func(window time.Time, n, wantGranted, wantLeft int) {
		t.Helper()
		g, left, err := s.Spend(ctx, "github", window, 10, n)
		if err != nil || g != wantGranted || left != wantLeft {
			t.Errorf("Spend(%d) = %d, %d, %v; want %d, %d", n, g, left, err, wantGranted, wantLeft)
		}
	}
	spend(w, 4, 4, 6)
	spend(w, 0, 0, 6)
	spend(w, 8, 6, 0)
	spend(w, 1, 0, 0)
	spend(w, -3, -3, 3)
	spend(w, 5, 3, 0)
	spend(w.Add(time.Hour), 7, 7, 3)
	if g, _, err := s.Spend(ctx, "other", w, 2, 5); err != nil || g != 2 {
		t.Errorf("a second budget: granted %d, %v", g, err)
	}
}

// testSpendConcurrent: spenders racing for one window together get
// exactly its limit.
func testSpendConcurrent(t *testing.T, s storage.Store) {
	ctx := context.Background()
	w := t0.Truncate(time.Hour)
	var mu sync.Mutex
	total := 0
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				g, _, err := s.Spend(ctx, "github", w, 50, 1)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				total += g
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if total != 50 {
		t.Errorf("8 spenders of 10 units on a budget of 50 got %d in all", total)
	}
}

// testStarsRoundTrip: a paper's star counter and repository persist.
func testStarsRoundTrip(t *testing.T, s storage.Store) {
	p := paper("arxiv:2403.15157", 1, "all")
	p.Repo, p.RepoDeclared = "chenxi52/frozenseg", true
	p.Stars = feed.Stars{History: []feed.StarPoint{{At: t0, Stars: 100}, {At: t0.Add(time.Hour), Stars: 412}}, Created: t0.Add(-72 * time.Hour), Score: 3.5}
	put(t, s, p)
	got, err := s.Paper(context.Background(), p.Key)
	if err != nil {
		t.Fatal(err)
	}
	if got.Repo != p.Repo || !got.RepoDeclared || !reflect.DeepEqual(got.Stars, p.Stars) {
		t.Errorf("read back repo %q stars %+v, want %q %+v", got.Repo, got.Stars, p.Repo, p.Stars)
	}
}
