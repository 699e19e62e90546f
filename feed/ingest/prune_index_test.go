package ingest_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/ingest"
	"github.com/paperwire/paperwire/storage/bolt"
)

// pruneStore opens an empty store, and gives the time and retention of
// the prunes.
func pruneStore(tb testing.TB) (*bolt.Store, time.Time, time.Duration) {
	tb.Helper()
	s, err := bolt.Open(filepath.Join(tb.TempDir(), "paperwire.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s, time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC), 60 * 24 * time.Hour
}

// seedPapers stores n papers updated at now, with an abstract of an
// arXiv abstract's size, the first expired of them an hour past retention.
func seedPapers(tb testing.TB, s *bolt.Store, n, expired int, now time.Time, retention time.Duration) {
	tb.Helper()
	ctx := context.Background()
	for start := 0; start < n; start += 500 {
		var ps []*feed.Paper
		var keys []feed.Key
		for i := start; i < min(start+500, n); i++ {
			at := now
			if i < expired {
				at = now.Add(-retention - time.Hour)
			}
			k := feed.Key(fmt.Sprintf("arxiv:2401.%05d", i))
			keys = append(keys, k)
			ps = append(ps, &feed.Paper{Key: k, Fields: feed.Fields{Title: "A paper", Abstract: string(make([]byte, 1500))}, FirstSeen: at, Updated: at, Topics: []string{"all"}})
		}
		err := s.Merge(ctx, keys, func(map[feed.Key]*feed.Paper) ([]*feed.Paper, error) { return ps, nil })
		if err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkPrune is the hourly prune of a store of 20,000 papers of which
// 1% expired: B/op shows how much of the store it reads.
func BenchmarkPrune(b *testing.B) {
	const n, expired = 20_000, 200
	s, now, retention := pruneStore(b)
	seedPapers(b, s, n, 0, now, retention)
	pr := ingest.NewPruner(s, ingest.PruneConfig{Topics: []feed.Topic{{Slug: "all", Limit: 10}}, Retention: retention, Now: func() time.Time { return now }})
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		seedPapers(b, s, expired, expired, now, retention)
		b.StartTimer()
		if got, err := pr.Prune(context.Background()); err != nil || got < expired-10 {
			b.Fatalf("pruned %d, %v", got, err)
		}
	}
}

// listingStore counts the keys Stale hands out.
type listingStore struct {
	*bolt.Store
	listed int
}

func (s *listingStore) Stale(ctx context.Context, cutoff time.Time, n int) ([]feed.Key, error) {
	keys, err := s.Store.Stale(ctx, cutoff, n)
	s.listed += len(keys)
	return keys, err
}

// Prune reads the keys of what expired and nothing of what stays: with
// 1,200 of 5,000 papers expired it is handed those 1,200 keys, over
// three steps, and deletes them all.
func TestPruneReadsOnlyExpired(t *testing.T) {
	const n, expired = 5000, 1200
	s, now, retention := pruneStore(t)
	seedPapers(t, s, n, expired, now, retention)
	ls := &listingStore{Store: s}
	pr := ingest.NewPruner(ls, ingest.PruneConfig{Topics: []feed.Topic{{Slug: "none", Limit: 10}}, Retention: retention, Now: func() time.Time { return now }})
	deleted, err := pr.Prune(context.Background())
	if err != nil || deleted != expired || ls.listed != expired {
		t.Fatalf("pruned %d, listed %d, %v; want %d each", deleted, ls.listed, err, expired)
	}
	if left, _ := s.Stale(context.Background(), now.Add(time.Second), n); len(left) != n-expired {
		t.Errorf("%d papers left, want %d", len(left), n-expired)
	}
}
