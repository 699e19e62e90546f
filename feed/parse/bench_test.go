package parse_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/feedtest"
	"github.com/paperwire/paperwire/feed/parse"
)

// listing50 is a synthetic 50-item arXiv listing, the unit of every
// per-item benchmark.
func listing50(b *testing.B) []byte {
	b.Helper()
	g, err := feedtest.New()
	if err != nil {
		b.Fatal(err)
	}
	date := time.Date(2024, 3, 25, 4, 0, 0, 0, time.UTC)
	return feedtest.ListingRSS("cs.CV", date, feedtest.Listing("cs.CV", g.Papers(0, 50)))
}

// reportItems adds an items/s figure for n items per op.
func reportItems(b *testing.B, n int) {
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "items/s")
}

// BenchmarkParse is parse.Parser on a 50-item arXiv listing: the cost
// every other stage is compared with.
func BenchmarkParse(b *testing.B) {
	body := listing50(b)
	b.SetBytes(int64(len(body)))
	var p parse.Parser
	for b.Loop() {
		if _, err := p.Parse(feed.KindFeed, body); err != nil {
			b.Fatal(err)
		}
	}
	reportItems(b, 50)
}

// BenchmarkGofeed is gofeed alone on the same bytes (the baseline).
func BenchmarkGofeed(b *testing.B) {
	body := listing50(b)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := gofeed.NewParser().Parse(bytes.NewReader(body)); err != nil {
			b.Fatal(err)
		}
	}
	reportItems(b, 50)
}

// BenchmarkXMLTokens is a bare encoding/xml token loop over the same
// bytes: the floor under any XML feed parser.
func BenchmarkXMLTokens(b *testing.B) {
	body := listing50(b)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		d := xml.NewDecoder(bytes.NewReader(body))
		for {
			if _, err := d.Token(); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
	reportItems(b, 50)
}
