// Package storagetest is the conformance suite every storage backend
// passes, unchanged.
package storagetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/storage"
)

// Opener returns a fresh, empty store; it registers its own cleanup. The
// tests call it in parallel.
type Opener func(t *testing.T) storage.Store

// Run runs every conformance test, in parallel, each against a store of
// its own from open.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s storage.Store)
	}{
		{"MergeCreatesAndReads", testMergeCreatesAndReads},
		{"MergeSeesCurrentState", testMergeSeesCurrentState},
		{"MergeErrorWritesNothing", testMergeErrorWritesNothing},
		{"MergeRejectsPapersNotAskedFor", testMergeRejectsStrangers},
		{"UnknownPaper", testUnknownPaper},
		{"KeysWithSlashesAndColons", testOddKeys},
		{"TopRanksByScore", testTopRanksByScore},
		{"TopicMembershipMoves", testTopicMembershipMoves},
		{"RevisionsTrackAffectedTopics", testRevisions},
		{"PapersInOrder", testPapersInOrder},
		{"Delete", testDelete},
		{"StaleListsLeastRecentlyUpdated", testStale},
		{"Trim", testTrim},
		{"ScanVisitsEveryPaperOnce", testScan},
		{"Curation", testCuration},
		{"SourceState", testSourceState},
		{"Lease", testLease},
		{"Meta", testMeta},
		{"Subscriptions", testSubscriptions},
		{"ClaimDelivery", testClaimDelivery},
		{"ConcurrentMergesLoseNothing", testConcurrentMerges},
		{"LargeBatch", testLargeBatch},
		{"RepoStates", testRepoStates},
		{"Spend", testSpend},
		{"SpendConcurrent", testSpendConcurrent},
		{"StarsRoundTrip", testStarsRoundTrip},
		{"DigestStoredOnce", testDigestStoredOnce},
		{"DigestsNewestFirstAndKept", testDigestsKept},
		{"DigestKindsAndTopicsApart", testDigestsApart},
		{"ConcurrentDigestCloseStoresOne", testConcurrentDigestPut},
		{"ChangeLog", testChangeLog},
		{"ChangeLogPages", testChangeLogPages},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, open(t))
		})
	}
}

var t0 = time.Date(2024, 3, 25, 4, 0, 0, 0, time.UTC)

// paper builds a test paper.
func paper(key feed.Key, score float64, topics ...string) *feed.Paper {
	return &feed.Paper{
		Key:       key,
		Fields:    feed.Fields{Title: "Title of " + key.String(), Authors: []string{"Anna Müller"}, Categories: []string{"cs.CV"}},
		Quality:   feed.QualityListing,
		Sightings: []feed.Sighting{{Source: "arxiv-cs-cv", Role: feed.RolePapers, At: t0, Weight: 1, Score: score}},
		Score:     score,
		ScoreAt:   t0,
		FirstSeen: t0,
		Updated:   t0,
		Topics:    topics,
	}
}

// put stores papers unconditionally.
func put(t *testing.T, s storage.Store, ps ...*feed.Paper) {
	t.Helper()
	keys := make([]feed.Key, len(ps))
	for i, p := range ps {
		keys[i] = p.Key
	}
	err := s.Merge(context.Background(), keys, func(map[feed.Key]*feed.Paper) ([]*feed.Paper, error) {
		return ps, nil
	})
	if err != nil {
		t.Fatalf("merge: %v", err)
	}
}

func get(t *testing.T, s storage.Store, key feed.Key) *feed.Paper {
	t.Helper()
	p, err := s.Paper(context.Background(), key)
	if err != nil {
		t.Fatalf("paper %s: %v", key, err)
	}
	return p
}

func top(t *testing.T, s storage.Store, slug string, n int) []feed.Key {
	t.Helper()
	r, err := s.Top(context.Background(), slug, n)
	if err != nil {
		t.Fatalf("top %s: %v", slug, err)
	}
	keys := make([]feed.Key, len(r))
	for i, e := range r {
		keys[i] = e.Key
	}
	return keys
}

func testMergeCreatesAndReads(t *testing.T, s storage.Store) {
	want := paper("arxiv:2403.15929", 3.5, "vision")
	put(t, s, want)
	if got := get(t, s, want.Key); !reflect.DeepEqual(got, want) {
		t.Errorf("read back differs:\n got %+v\nwant %+v", got, want)
	}
}

func testMergeSeesCurrentState(t *testing.T, s storage.Store) {
	ctx := context.Background()
	put(t, s, paper("arxiv:2403.00001", 1))
	var seen map[feed.Key]*feed.Paper
	err := s.Merge(ctx, []feed.Key{"arxiv:2403.00001", "arxiv:2403.00002"}, func(cur map[feed.Key]*feed.Paper) ([]*feed.Paper, error) {
		seen = cur
		return nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || seen["arxiv:2403.00001"] == nil || seen["arxiv:2403.00002"] != nil {
		t.Errorf("merge saw %v, want the known paper and nil for the unknown one", seen)
	}
}

func testMergeErrorWritesNothing(t *testing.T, s storage.Store) {
	ctx := context.Background()
	put(t, s, paper("arxiv:2403.00001", 1, "vision"))
	boom := errors.New("boom")
	err := s.Merge(ctx, []feed.Key{"arxiv:2403.00001"}, func(cur map[feed.Key]*feed.Paper) ([]*feed.Paper, error) {
		return []*feed.Paper{paper("arxiv:2403.00001", 9, "other")}, boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("merge error = %v, want boom", err)
	}
	if p := get(t, s, "arxiv:2403.00001"); p.Score != 1 || !slices.Equal(p.Topics, []string{"vision"}) {
		t.Errorf("failed merge changed the paper: %+v", p)
	}
	if got := top(t, s, "other", 10); len(got) != 0 {
		t.Errorf("failed merge indexed into other: %v", got)
	}
}

// A merge function may only return papers it was given keys for: the
// store cannot keep the index right for a paper it did not read.
func testMergeRejectsStrangers(t *testing.T, s storage.Store) {
	err := s.Merge(context.Background(), []feed.Key{"arxiv:2403.00001"}, func(map[feed.Key]*feed.Paper) ([]*feed.Paper, error) {
		return []*feed.Paper{paper("arxiv:2403.00001", 1, "a"), paper("arxiv:2403.00002", 1, "a")}, nil
	})
	if err == nil {
		t.Fatal("a paper not asked for was accepted")
	}
	if got := top(t, s, "a", 10); len(got) != 0 {
		t.Errorf("a rejected merge wrote %v", got)
	}
}

func testUnknownPaper(t *testing.T, s storage.Store) {
	_, err := s.Paper(context.Background(), "arxiv:9999.99999")
	if !errors.Is(err, feed.ErrNotFound) {
		t.Errorf("unknown paper error = %v, want feed.ErrNotFound", err)
	}
}

func testOddKeys(t *testing.T, s storage.Store) {
	keys := []feed.Key{"arxiv:hep-th/9901001", "doi:10.1101/2024.03.20.585000", "title:0a1b2c3d4e5f60718293"}
	for i, k := range keys {
		put(t, s, paper(k, float64(i), "all"))
	}
	for _, k := range keys {
		if got := get(t, s, k); got.Key != k {
			t.Errorf("paper %s read back as %s", k, got.Key)
		}
	}
	if got, want := top(t, s, "all", 10), []feed.Key{keys[2], keys[1], keys[0]}; !slices.Equal(got, want) {
		t.Errorf("top = %v, want %v", got, want)
	}
}

func testTopRanksByScore(t *testing.T, s storage.Store) {
	put(t, s,
		paper("arxiv:2403.00001", 2.5, "vision"),
		paper("arxiv:2403.00002", -1.25, "vision"),
		paper("arxiv:2403.00003", 40, "vision"),
		paper("arxiv:2403.00004", 7, "vision", "nlp"),
		paper("arxiv:2403.00005", 1e-9, "vision"),
	)
	want := []feed.Key{"arxiv:2403.00003", "arxiv:2403.00004", "arxiv:2403.00001", "arxiv:2403.00005", "arxiv:2403.00002"}
	if got := top(t, s, "vision", 10); !slices.Equal(got, want) {
		t.Errorf("top(vision) = %v, want %v", got, want)
	}
	if got := top(t, s, "vision", 2); !slices.Equal(got, want[:2]) {
		t.Errorf("top(vision, 2) = %v, want %v", got, want[:2])
	}
	r, err := s.Top(context.Background(), "vision", 1)
	if err != nil || len(r) != 1 || r[0].Score != 40 {
		t.Errorf("top entry = %+v, %v; want score 40", r, err)
	}
	if got := top(t, s, "nlp", 10); !slices.Equal(got, []feed.Key{"arxiv:2403.00004"}) {
		t.Errorf("top(nlp) = %v", got)
	}
	if got := top(t, s, "no-such-topic", 10); len(got) != 0 {
		t.Errorf("top(no-such-topic) = %v, want empty", got)
	}
}

func testTopicMembershipMoves(t *testing.T, s storage.Store) {
	put(t, s, paper("arxiv:2403.00001", 1, "a", "b"), paper("arxiv:2403.00002", 2, "a"))
	moved := paper("arxiv:2403.00001", 5, "b", "c")
	put(t, s, moved)
	checks := map[string][]feed.Key{
		"a": {"arxiv:2403.00002"},
		"b": {"arxiv:2403.00001"},
		"c": {"arxiv:2403.00001"},
	}
	for slug, want := range checks {
		if got := top(t, s, slug, 10); !slices.Equal(got, want) {
			t.Errorf("top(%s) = %v, want %v", slug, got, want)
		}
	}
	r, _ := s.Top(context.Background(), "b", 10)
	if len(r) != 1 || r[0].Score != 5 {
		t.Errorf("top(b) = %+v, want one entry with the new score 5", r)
	}
}

func testRevisions(t *testing.T, s storage.Store) {
	ctx := context.Background()
	rev := func() map[string]uint64 {
		r, err := s.Revisions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	put(t, s, paper("arxiv:2403.00001", 1, "a"), paper("arxiv:2403.00002", 1, "b"))
	before := rev()
	put(t, s, paper("arxiv:2403.00001", 2, "a"))
	after := rev()
	if after["a"] <= before["a"] {
		t.Errorf("revision of a did not grow: %d -> %d", before["a"], after["a"])
	}
	if after["b"] != before["b"] {
		t.Errorf("revision of untouched b changed: %d -> %d", before["b"], after["b"])
	}
	put(t, s, paper("arxiv:2403.00001", 2, "b"))
	if r := rev(); r["a"] <= after["a"] || r["b"] <= after["b"] {
		t.Errorf("moving a paper from a to b must bump both: %v -> %v", after, r)
	}
	now := rev()
	if _, err := s.Curate(ctx, "c", "arxiv:2403.00001", feed.Pin, t0); err != nil {
		t.Fatal(err)
	}
	if r := rev(); r["c"] <= now["c"] {
		t.Errorf("pin did not bump the topic's revision: %v -> %v", now, r)
	}
}

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

func testPapersInOrder(t *testing.T, s storage.Store) {
	put(t, s, paper("arxiv:2403.00001", 1), paper("arxiv:2403.00002", 2), paper("arxiv:2403.00003", 3))
	ps, err := s.Papers(context.Background(), []feed.Key{"arxiv:2403.00003", "arxiv:9999.00000", "arxiv:2403.00001"})
	if err != nil {
		t.Fatal(err)
	}
	var got []feed.Key
	for _, p := range ps {
		got = append(got, p.Key)
	}
	if want := []feed.Key{"arxiv:2403.00003", "arxiv:2403.00001"}; !slices.Equal(got, want) {
		t.Errorf("papers = %v, want %v", got, want)
	}
}

func testScan(t *testing.T, s storage.Store) {
	const n = 157
	var ps []*feed.Paper
	for i := range n {
		ps = append(ps, paper(feed.Key(fmt.Sprintf("arxiv:2403.%05d", i)), float64(i)))
	}
	put(t, s, ps...)
	seen := map[feed.Key]int{}
	cursor := ""
	for range 1000 {
		page, next, err := s.Scan(context.Background(), cursor, 20)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range page {
			seen[p.Key]++
		}
		if cursor = next; cursor == "" {
			break
		}
	}
	if len(seen) != n {
		t.Errorf("scan saw %d papers, want %d", len(seen), n)
	}
	for k, c := range seen {
		if c != 1 {
			t.Errorf("scan saw %s %d times", k, c)
		}
	}
}

func testCuration(t *testing.T, s storage.Store) {
	ctx := context.Background()
	steps := []struct {
		action     feed.CurateAction
		key        feed.Key
		pins, bans []feed.Key
	}{
		{feed.Pin, "arxiv:2403.00002", []feed.Key{"arxiv:2403.00002"}, nil},
		{feed.Pin, "arxiv:2403.00001", []feed.Key{"arxiv:2403.00002", "arxiv:2403.00001"}, nil},
		{feed.Pin, "arxiv:2403.00002", []feed.Key{"arxiv:2403.00002", "arxiv:2403.00001"}, nil},
		{feed.Ban, "arxiv:2403.00009", []feed.Key{"arxiv:2403.00002", "arxiv:2403.00001"}, []feed.Key{"arxiv:2403.00009"}},
		{feed.Ban, "arxiv:2403.00002", []feed.Key{"arxiv:2403.00001"}, []feed.Key{"arxiv:2403.00002", "arxiv:2403.00009"}},
		{feed.Unban, "arxiv:2403.00009", []feed.Key{"arxiv:2403.00001"}, []feed.Key{"arxiv:2403.00002"}},
		{feed.Unpin, "arxiv:2403.00001", nil, []feed.Key{"arxiv:2403.00002"}},
	}
	for i, st := range steps {
		at := t0.Add(time.Duration(i) * time.Minute)
		c, err := s.Curate(ctx, "vision", st.key, st.action, at)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		stored, err := s.Curation(ctx, "vision")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(c, stored) {
			t.Errorf("step %d: returned %+v, stored %+v", i, c, stored)
		}
		if !slices.Equal(c.Pins, st.pins) || !slices.Equal(c.Bans, st.bans) {
			t.Errorf("step %d (%s %s): pins %v bans %v, want %v %v", i, st.action, st.key, c.Pins, c.Bans, st.pins, st.bans)
		}
	}
	if c, _ := s.Curation(ctx, "other"); len(c.Pins)+len(c.Bans) != 0 {
		t.Errorf("curation leaked into another topic: %+v", c)
	}
}

func testSourceState(t *testing.T, s storage.Store) {
	ctx := context.Background()
	st, err := s.SourceState(ctx, "arxiv-cs-cv")
	if err != nil || st.Name != "arxiv-cs-cv" || st.ETag != "" {
		t.Fatalf("unknown source state = %+v, %v", st, err)
	}
	want := feed.SourceState{
		Name: "arxiv-cs-cv", ETag: `"abc"`, LastModified: "Mon, 25 Mar 2024 04:00:00 GMT", Digest: "d1",
		LastAttempt: t0, LastSuccess: t0, LastStatus: "fetched", Failures: 2,
		NotBefore: t0.Add(time.Hour), NotBeforeWhy: "retry-after",
		LastError: "status 503", LastFailure: t0.Add(-time.Hour), Items: 42,
	}
	if err := s.SaveSourceState(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := s.SourceState(ctx, "arxiv-cs-cv")
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("source state = %+v, %v; want %+v", got, err, want)
	}
}

func testLease(t *testing.T, s storage.Store) {
	ctx := context.Background()
	lease := func(holder string, ttl time.Duration) bool {
		ok, err := s.Lease(ctx, "src", holder, ttl)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !lease("a", 300*time.Millisecond) {
		t.Fatal("first lease refused")
	}
	if lease("b", time.Minute) {
		t.Error("second holder got a running lease")
	}
	if !lease("a", 300*time.Millisecond) {
		t.Error("holder could not renew its own lease")
	}
	deadline := time.After(5 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !lease("b", time.Minute) {
		select {
		case <-deadline:
			t.Fatal("expired lease never passed to another holder")
		case <-tick.C:
		}
	}
	if lease("a", time.Minute) {
		t.Error("old holder took back a lease another holder has")
	}
}

func testMeta(t *testing.T, s storage.Store) {
	ctx := context.Background()
	if v, err := s.Meta(ctx, "topics"); err != nil || v != "" {
		t.Fatalf("unset meta = %q, %v", v, err)
	}
	if err := s.SetMeta(ctx, "topics", "abc123"); err != nil {
		t.Fatal(err)
	}
	if v, err := s.Meta(ctx, "topics"); err != nil || v != "abc123" {
		t.Errorf("meta = %q, %v; want abc123", v, err)
	}
}

// testConcurrentMerges increments one paper's score from many goroutines:
// a backend that loses an update ends below the count.
func testConcurrentMerges(t *testing.T, s storage.Store) {
	const workers, rounds = 8, 10
	key := feed.ArxivKey("2403.00042")
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for range workers {
		wg.Go(func() {
			for range rounds {
				err := s.Merge(context.Background(), []feed.Key{key}, func(cur map[feed.Key]*feed.Paper) ([]*feed.Paper, error) {
					p := paper(key, 1, "all")
					if c := cur[key]; c != nil {
						p.Score = c.Score + 1
					}
					return []*feed.Paper{p}, nil
				})
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if p := get(t, s, key); p.Score != workers*rounds {
		t.Errorf("score after %d increments = %v", workers*rounds, p.Score)
	}
	if got := top(t, s, "all", 10); len(got) != 1 {
		t.Errorf("index holds %d entries for one paper: %v", len(got), got)
	}
}

func testLargeBatch(t *testing.T, s storage.Store) {
	const n = 2000
	ps := make([]*feed.Paper, n)
	for i := range ps {
		ps[i] = paper(feed.Key(fmt.Sprintf("arxiv:2404.%05d", i)), float64(i%97), "all")
	}
	put(t, s, ps...)
	got := top(t, s, "all", n+10)
	if len(got) != n {
		t.Fatalf("index holds %d entries, want %d", len(got), n)
	}
	r, _ := s.Top(context.Background(), "all", n)
	for i := 1; i < len(r); i++ {
		if r[i].Score > r[i-1].Score {
			t.Fatalf("index out of order at %d: %v > %v", i, r[i].Score, r[i-1].Score)
		}
	}
}
