package merge_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/paperwire/paperwire/config"
	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/feedtest"
	"github.com/paperwire/paperwire/feed/merge"
	"github.com/paperwire/paperwire/feed/normalize"
	"github.com/paperwire/paperwire/feed/rank"
	"github.com/paperwire/paperwire/feed/topic"
)

// observations normalises a synthetic 50-item listing of cat.
func observations(b *testing.B, cat string) []feed.Observation {
	b.Helper()
	g, err := feedtest.New()
	if err != nil {
		b.Fatal(err)
	}
	date := time.Date(2024, 3, 25, 4, 0, 0, 0, time.UTC)
	body := feedtest.ListingRSS(cat, date, feedtest.Listing(cat, g.Papers(0, 50)))
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	src := feed.Source{Name: "arxiv-" + cat, Kind: feed.KindFeed, Role: feed.RolePapers}
	var obs []feed.Observation
	for _, it := range f.Items {
		o, _ := normalize.Item(src, it, date.Add(time.Hour))
		obs = append(obs, o...)
	}
	return obs
}

// defaultMerger ranks with the defaults and files papers under the
// built-in topics.
func defaultMerger() *merge.Merger {
	var topics []feed.Topic
	for _, t := range config.DefaultTopics() {
		topics = append(topics, feed.Topic{Slug: t.Slug, Keywords: t.Keywords, Categories: t.Categories, Limit: 50})
	}
	return &merge.Merger{Params: rank.Defaults(), Topics: topic.NewMatcher(topics)}
}

// BenchmarkApply folds the 50 observations of a listing into new papers
// (new), then a second listing's into those papers (cross-list).
func BenchmarkApply(b *testing.B) {
	m := defaultMerger()
	first, second := observations(b, "cs.CV"), observations(b, "cs.LG")
	b.Run("new", func(b *testing.B) {
		for b.Loop() {
			for _, o := range first {
				m.Apply(nil, o)
			}
		}
		b.ReportMetric(float64(len(first)*b.N)/b.Elapsed().Seconds(), "items/s")
	})
	papers := make([]*feed.Paper, len(first))
	for i, o := range first {
		papers[i], _ = m.Apply(nil, o)
	}
	b.Run("cross", func(b *testing.B) {
		for b.Loop() {
			for i, o := range second {
				m.Apply(papers[i], o)
			}
		}
		b.ReportMetric(float64(len(second)*b.N)/b.Elapsed().Seconds(), "items/s")
	})
}
