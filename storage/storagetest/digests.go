package storagetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/storage"
)

// digest builds the snapshot of the daily period that starts days after t0's day.
func digest(slug string, kind feed.DigestKind, n int, title string) feed.Digest {
	p := feed.PeriodAt(kind, t0)
	for range n {
		p = p.Next()
	}
	return feed.Digest{
		Topic: slug, TopicTitle: "Topic " + slug, Kind: kind, Period: p.ID(), Start: p.Start, End: p.End(),
		Prev: p.Prev().ID(), ClosedAt: p.End().Add(time.Second), Candidates: 1,
		Entries: []feed.DigestEntry{{
			Key: feed.Key("arxiv:2403.0000" + fmt.Sprint(n%10)), Title: title, Link: "https://arxiv.org/abs/2403.00001",
			Authors: []string{"Anna Müller", "Bo Li"}, PDF: "https://arxiv.org/pdf/2403.00001", Score: 1.5, Why: "seen on arxiv-cs-cv",
		}},
	}
}

func putDigest(t *testing.T, s storage.Store, d feed.Digest, keep int) bool {
	t.Helper()
	ok, err := s.PutDigest(context.Background(), d, keep)
	if err != nil {
		t.Fatalf("put digest %s: %v", d.Period, err)
	}
	return ok
}

// A period is stored once: a second close of it (another process, a
// rescored paper) changes nothing, and the snapshot reads back whole.
func testDigestStoredOnce(t *testing.T, s storage.Store) {
	ctx := context.Background()
	first := digest("cv", feed.Daily, 0, "First <b>close</b> & more")
	if !putDigest(t, s, first, 30) {
		t.Fatal("first put of a period not stored")
	}
	revs, _ := s.Revisions(ctx)
	later := first
	later.Entries = []feed.DigestEntry{{Key: "arxiv:2403.99999", Title: "Rescored"}}
	if putDigest(t, s, later, 30) {
		t.Fatal("second put of the same period stored")
	}
	got, err := s.Digest(ctx, "cv", feed.Daily, first.Period)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(normDigest(got), normDigest(first)) {
		t.Fatalf("read back\n%+v\nwant\n%+v", got, first)
	}
	if revs[feed.DigestRevision("cv", feed.Daily)] == 0 {
		t.Fatalf("revisions %v: no digest revision bumped by a stored period", revs)
	}
	if _, err := s.Digest(ctx, "cv", feed.Daily, "2024-03-26"); !errors.Is(err, feed.ErrNotFound) {
		t.Fatalf("unknown period: %v, want ErrNotFound", err)
	}
	if _, err := s.Digest(ctx, "nope", feed.Weekly, "2024-W13"); !errors.Is(err, feed.ErrNotFound) {
		t.Fatalf("unknown topic: %v, want ErrNotFound", err)
	}
}

// normDigest drops monotonic clock readings and locations.
func normDigest(d feed.Digest) feed.Digest {
	d.Start, d.End, d.ClosedAt = d.Start.UTC(), d.End.UTC(), d.ClosedAt.UTC()
	return d
}

// The newest keep periods stay, listed newest first, whatever the order
// they were closed in.
func testDigestsKept(t *testing.T, s storage.Store) {
	ctx := context.Background()
	for _, n := range []int{3, 0, 4, 1, 2} {
		putDigest(t, s, digest("cv", feed.Daily, n, "day"), 3)
	}
	got, err := s.Digests(ctx, "cv", feed.Daily, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2024-03-29", "2024-03-28", "2024-03-27"}
	if ids := periodIDs(got); !reflect.DeepEqual(ids, want) {
		t.Fatalf("kept %v, want %v", ids, want)
	}
	got, _ = s.Digests(ctx, "cv", feed.Daily, 2)
	if ids := periodIDs(got); !reflect.DeepEqual(ids, want[:2]) {
		t.Fatalf("newest 2: %v, want %v", ids, want[:2])
	}
	if _, err := s.Digest(ctx, "cv", feed.Daily, "2024-03-25"); !errors.Is(err, feed.ErrNotFound) {
		t.Fatalf("trimmed period: %v, want ErrNotFound", err)
	}
}

func periodIDs(ds []feed.Digest) []string {
	ids := make([]string, len(ds))
	for i, d := range ds {
		ids[i] = d.Period
	}
	return ids
}

// Kinds and topics keep their own periods and revisions.
func testDigestsApart(t *testing.T, s storage.Store) {
	ctx := context.Background()
	putDigest(t, s, digest("cv", feed.Daily, 0, "cv day"), 30)
	putDigest(t, s, digest("cv", feed.Weekly, 0, "cv week"), 30)
	putDigest(t, s, digest("nlp", feed.Daily, 0, "nlp day"), 30)
	for _, tc := range []struct {
		slug  string
		kind  feed.DigestKind
		title string
	}{{"cv", feed.Daily, "cv day"}, {"cv", feed.Weekly, "cv week"}, {"nlp", feed.Daily, "nlp day"}} {
		got, err := s.Digests(ctx, tc.slug, tc.kind, 30)
		if err != nil || len(got) != 1 || got[0].Entries[0].Title != tc.title {
			t.Fatalf("%s %s: %+v, %v", tc.slug, tc.kind, got, err)
		}
	}
	if got, err := s.Digests(ctx, "nlp", feed.Weekly, 30); err != nil || len(got) != 0 {
		t.Fatalf("nlp weekly: %+v, %v; want none", got, err)
	}
	revs, _ := s.Revisions(ctx)
	for _, name := range []string{"cv/daily", "cv/weekly", "nlp/daily"} {
		if revs[name] != 1 {
			t.Errorf("revision %s = %d, want 1 (%v)", name, revs[name], revs)
		}
	}
	if revs["cv"] != 0 {
		t.Errorf("topic revision of cv = %d: a digest is not a change of the topic feed", revs["cv"])
	}
}

// Several closers racing on one period: exactly one stores it.
func testConcurrentDigestPut(t *testing.T, s storage.Store) {
	const closers = 8
	var wg sync.WaitGroup
	stored := make(chan int, closers)
	for i := range closers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := digest("cv", feed.Daily, 0, fmt.Sprintf("closer %d", i))
			if ok, err := s.PutDigest(context.Background(), d, 30); err != nil {
				t.Errorf("closer %d: %v", i, err)
			} else if ok {
				stored <- i
			}
		}()
	}
	wg.Wait()
	close(stored)
	var winners []int
	for i := range stored {
		winners = append(winners, i)
	}
	if len(winners) != 1 {
		t.Fatalf("%d closers stored the period (%v), want exactly 1", len(winners), winners)
	}
	got, err := s.Digest(context.Background(), "cv", feed.Daily, digest("cv", feed.Daily, 0, "").Period)
	if err != nil || got.Entries[0].Title != fmt.Sprintf("closer %d", winners[0]) {
		t.Fatalf("stored %+v, %v; want the winner's (closer %d)", got, err, winners[0])
	}
}
