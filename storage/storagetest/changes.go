package storagetest

import (
	"context"
	"slices"
	"testing"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/storage"
)

// changedSince reads the whole change log after cursor, n keys at a time,
// and returns the distinct keys, sorted, and the final cursor.
func changedSince(t *testing.T, s storage.Store, cursor string, n int) ([]feed.Key, string) {
	t.Helper()
	var all []feed.Key
	for range 1000 {
		keys, next, err := s.Changes(context.Background(), cursor, n)
		if err != nil {
			t.Fatalf("changes after %q: %v", cursor, err)
		}
		all, cursor = append(all, keys...), next
		if len(keys) == 0 {
			slices.Sort(all)
			return slices.Compact(all), cursor
		}
	}
	t.Fatal("the change log never ends")
	return nil, ""
}

func testChangeLog(t *testing.T, s storage.Store) {
	ctx := context.Background()
	start, err := s.ChangeCursor(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := changedSince(t, s, start, 10); len(got) != 0 {
		t.Fatalf("empty store logs changes %v", got)
	}
	put(t, s, paper("arxiv:2403.00001", 1, "a"), paper("arxiv:2403.00002", 2))
	got, cur := changedSince(t, s, start, 10)
	if want := []feed.Key{"arxiv:2403.00001", "arxiv:2403.00002"}; !slices.Equal(got, want) {
		t.Fatalf("after two writes the log has %v, want %v", got, want)
	}
	if now, _ := s.ChangeCursor(ctx); now == start {
		t.Errorf("the cursor did not move after writes: %q", now)
	}
	put(t, s, paper("arxiv:2403.00001", 3, "a"))
	if err := s.Delete(ctx, []feed.Key{"arxiv:2403.00002"}); err != nil {
		t.Fatal(err)
	}
	got, cur = changedSince(t, s, cur, 10)
	if want := []feed.Key{"arxiv:2403.00001", "arxiv:2403.00002"}; !slices.Equal(got, want) {
		t.Fatalf("after a write and a delete the log has %v, want %v", got, want)
	}
	if got, _ := changedSince(t, s, cur, 10); len(got) != 0 {
		t.Errorf("nothing changed but the log has %v", got)
	}
	if _, _, err := s.Changes(ctx, "not a cursor", 10); err == nil {
		t.Error("a malformed cursor is accepted")
	}
}

// A log read a few keys at a time sees every change once the reader is
// done, and a second reader from the same cursor sees the same.
func testChangeLogPages(t *testing.T, s storage.Store) {
	start, err := s.ChangeCursor(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var want []feed.Key
	for i := range 40 {
		p := paper(feed.Key("arxiv:2403."+string(rune('a'+i%26))+string(rune('a'+i/26))), float64(i))
		put(t, s, p)
		want = append(want, p.Key)
	}
	slices.Sort(want)
	got, _ := changedSince(t, s, start, 3)
	if !slices.Equal(got, want) {
		t.Fatalf("paged log has %d keys %v, want %d", len(got), got, len(want))
	}
	if again, _ := changedSince(t, s, start, 7); !slices.Equal(again, want) {
		t.Errorf("a second reader sees %v", again)
	}
}
