// Package storagetest is the conformance suite every storage backend
// passes, unchanged. Run lists its tests, which live by what they
// exercise: papers.go (Merge, Paper, Papers, Scan), topics.go (the ranked
// index, revisions, curation), prune.go, state.go (source states, leases,
// meta), changes.go, digests.go, repos.go and websub.go; bench.go holds
// the benchmarks every backend runs.
package storagetest

import (
	"context"
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
		{"SourceStates", testSourceStates},
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
