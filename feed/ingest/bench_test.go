package ingest_test

import (
	"context"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paperwire/paperwire/config"
	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/feedtest"
	"github.com/paperwire/paperwire/feed/fetch"
	"github.com/paperwire/paperwire/feed/ingest"
	"github.com/paperwire/paperwire/storage/bolt"
)

// memFetcher answers every source with the next of a fixed set of
// bodies, each a listing of 50 papers nobody has seen.
type memFetcher struct {
	bodies [][]byte
	next   atomic.Int64
}

func (f *memFetcher) Get(ctx context.Context, r fetch.Request) (*fetch.Response, error) {
	i := f.next.Add(1) - 1
	return &fetch.Response{Status: 200, Body: f.bodies[int(i)%len(f.bodies)]}, nil
}

// BenchmarkPoll is one source's poll from bytes in memory to the
// embedded store: parse, normalise, merge and a committed batch of 50
// new papers, on the built-in topics, from 8 goroutines at once (as a
// fetch round's workers).
func BenchmarkPoll(b *testing.B) {
	g, err := feedtest.New()
	if err != nil {
		b.Fatal(err)
	}
	date := time.Date(2024, 3, 25, 4, 0, 0, 0, time.UTC)
	const docs = 2000
	f := &memFetcher{}
	for d := range docs {
		cat := feedtest.Categories[d%len(feedtest.Categories)]
		f.bodies = append(f.bodies, feedtest.ListingRSS(cat, date, feedtest.Listing(cat, g.Papers(d*50, 50))))
	}
	store, err := bolt.Open(filepath.Join(b.TempDir(), "paperwire.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	var topics []feed.Topic
	for _, t := range config.DefaultTopics() {
		topics = append(topics, feed.Topic{Slug: t.Slug, Keywords: t.Keywords, Categories: t.Categories, Limit: 50})
	}
	in := ingest.New(store, f, ingest.Config{
		Topics: topics, Now: func() time.Time { return date.Add(time.Hour) }, Rand: func() float64 { return 0.5 },
	}, nil)
	var n atomic.Int64
	b.ResetTimer()
	b.SetParallelism(4) // a fetch round's workers
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			src := feed.Source{Name: "s" + strconv.FormatInt(i, 10), URL: "http://farm/", Kind: feed.KindFeed, Role: feed.RolePapers}
			if r := in.Poll(context.Background(), src, true); r.Status != ingest.StatusFetched {
				b.Errorf("%s: %s", r.Status, r.Reason)
			}
		}
	})
	b.ReportMetric(float64(50*b.N)/b.Elapsed().Seconds(), "items/s")
}
