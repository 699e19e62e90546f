package main

import (
	"bytes"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/paperwire/paperwire/config"
	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/feedtest"
	"github.com/paperwire/paperwire/feed/parse"
)

// corpus is N synthetic arXiv listings of M distinct papers each.
type corpus struct {
	sources []source
	items   int // per source
}

type source struct {
	name, path string
	body       []byte
}

// makeCorpus builds n listings of m papers; paper ids start at first, so
// corpora with disjoint ranges share no paper.
func makeCorpus(g *feedtest.Generator, n, m, first int, date time.Time) corpus {
	c := corpus{sources: make([]source, n), items: m}
	for i := range n {
		cat := feedtest.Categories[i%len(feedtest.Categories)]
		entries := feedtest.Listing(cat, g.Papers(first+i*m, m))
		c.sources[i] = source{
			name: fmt.Sprintf("s%05d", i),
			path: fmt.Sprintf("/s/%05d.rss", i),
			body: feedtest.ListingRSS(cat, date, entries),
		}
	}
	return c
}

func (c corpus) totalItems() int { return len(c.sources) * c.items }

func (c corpus) bytes() int {
	n := 0
	for _, s := range c.sources {
		n += len(s.body)
	}
	return n
}

// publish puts every listing on the farm.
func (c corpus) publish(f *farm, modified time.Time) {
	for _, s := range c.sources {
		f.set(s.path, s.body, modified)
	}
}

// entries are the corpus's sources as config entries pointing at the farm.
func (c corpus) entries(f *farm) []config.SourceEntry {
	out := make([]config.SourceEntry, len(c.sources))
	for i, s := range c.sources {
		out[i] = config.SourceEntry{Name: s.name, URL: f.url(s.path)}
	}
	return out
}

// parseOnly parses every body on all cores with nothing else: with
// gofeed's default parser (the baseline of issue 4), or with Paperwire's
// parse.Parser (gofeed without the item image scan). It returns items/s.
func parseOnly(c corpus, paperwire bool) (float64, error) {
	runtime.GC()
	var next atomic.Int64
	var items atomic.Int64
	var firstErr error
	var once sync.Once
	var wg sync.WaitGroup
	start := time.Now()
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := next.Add(1) - 1; int(i) < len(c.sources); i = next.Add(1) - 1 {
				n, err := parseOne(c.sources[i].body, paperwire)
				if err != nil {
					once.Do(func() { firstErr = err })
				}
				items.Add(int64(n))
			}
		})
	}
	wg.Wait()
	return rate(int(items.Load()), time.Since(start)), firstErr
}

func parseOne(body []byte, paperwire bool) (int, error) {
	if paperwire {
		doc, err := parse.Parser{}.Parse(feed.KindFeed, body)
		return len(doc.Items), err
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("parse: %w", err)
	}
	return len(f.Items), nil
}
