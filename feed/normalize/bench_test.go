package normalize_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/feedtest"
	"github.com/paperwire/paperwire/feed/normalize"
)

// BenchmarkItem normalises the 50 items of a synthetic arXiv listing per
// op (compare with feed/parse's BenchmarkParse on the same bytes).
func BenchmarkItem(b *testing.B) {
	g, err := feedtest.New()
	if err != nil {
		b.Fatal(err)
	}
	date := time.Date(2024, 3, 25, 4, 0, 0, 0, time.UTC)
	body := feedtest.ListingRSS("cs.CV", date, feedtest.Listing("cs.CV", g.Papers(0, 50)))
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	src := feed.Source{Name: "arxiv-cs-cv", Kind: feed.KindFeed, Role: feed.RolePapers}
	seen := date.Add(time.Hour)
	for b.Loop() {
		for _, it := range f.Items {
			if obs, skip := normalize.Item(src, it, seen); skip != "" || len(obs) != 1 {
				b.Fatalf("skipped: %s", skip)
			}
		}
	}
	b.ReportMetric(float64(len(f.Items)*b.N)/b.Elapsed().Seconds(), "items/s")
}
