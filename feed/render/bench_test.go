package render_test

import (
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/feedtest"
	"github.com/paperwire/paperwire/feed/rank"
	"github.com/paperwire/paperwire/feed/render"
)

// page50 is a topic page of 50 synthetic papers.
func page50(b *testing.B) render.Page {
	b.Helper()
	g, err := feedtest.New()
	if err != nil {
		b.Fatal(err)
	}
	at := time.Date(2024, 3, 25, 10, 0, 0, 0, time.UTC)
	page := render.Page{Topic: feed.Topic{Slug: "all", Title: "All trending papers", Limit: 50}, Updated: at}
	for _, p := range g.Papers(0, 50) {
		page.Items = append(page.Items, render.Item{Paper: p.Stored(at, "all"), ScoreAt: at})
	}
	return page
}

// BenchmarkFeed renders a 50-item topic page in each feed format.
func BenchmarkFeed(b *testing.B) {
	site := render.Site{Title: "Paperwire", BaseURL: "http://localhost:8080", TTL: 30 * time.Minute, Params: rank.Defaults()}
	page := page50(b)
	for _, format := range []string{render.RSS, render.Atom, render.JSON} {
		b.Run(format, func(b *testing.B) {
			for b.Loop() {
				body, err := site.Feed(format, page)
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(len(body)))
			}
		})
	}
	pages, err := render.NewPages(site)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("html", func(b *testing.B) {
		for b.Loop() {
			if _, err := pages.Topic(page, render.Health{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
