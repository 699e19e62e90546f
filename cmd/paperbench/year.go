package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/feedtest"
	"github.com/paperwire/paperwire/feed/fetch"
	"github.com/paperwire/paperwire/feed/ingest"
	"github.com/paperwire/paperwire/storage/redis"
)

// Shape of a synthetic day of the default sources: four arXiv listings
// of ~150 new + cross-listed items and Hugging Face's ~30 daily papers.
const (
	yearNewPerDay  = 420 // new papers a day, 105 per listing
	yearHFPerDay   = 30
	yearRetention  = 60 * 24 * time.Hour
	yearFirstIndex = 50_000_000
)

// dayFetcher answers each source with its document of the current day.
type dayFetcher struct {
	mu   sync.Mutex
	docs map[string][]byte
}

func (f *dayFetcher) Get(ctx context.Context, r fetch.Request) (*fetch.Response, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return &fetch.Response{Status: 200, Body: f.docs[r.URL]}, nil
}

// yearSources are the five default sources (URLs are only names here).
func yearSources() []feed.Source {
	var out []feed.Source
	for _, cat := range feedtest.Categories {
		out = append(out, feed.Source{Name: "arxiv-" + strings.ToLower(strings.ReplaceAll(cat, ".", "-")), URL: "https://rss.arxiv.org/rss/" + cat,
			Kind: feed.KindFeed, Role: feed.RolePapers, Every: time.Hour})
	}
	return append(out, feed.Source{Name: "hf-daily", URL: "https://huggingface.co/api/daily_papers", Kind: feed.KindHFDaily, Role: feed.RolePapers, Every: time.Hour})
}

// dayPapers are the papers first announced on day d: primary categories
// in turn, three in seven cross-listed in another listing.
func (b *bench) dayPapers(d int) []feedtest.Paper {
	papers := b.gen.Papers(yearFirstIndex+d*yearNewPerDay, yearNewPerDay)
	for k := range papers {
		cats := []string{feedtest.Categories[k%4]}
		if (k+d)%7 < 3 {
			cats = append(cats, feedtest.Categories[(k%4+1+k%3)%4])
		}
		papers[k].Categories = cats
	}
	return papers
}

// dayDocs are the five documents of day d.
func (b *bench) dayDocs(d int, date time.Time) (map[string][]byte, int, error) {
	papers := b.dayPapers(d)
	docs := map[string][]byte{}
	items := 0
	for i, cat := range feedtest.Categories {
		var entries []feedtest.Entry
		for _, p := range papers {
			switch {
			case p.Categories[0] == cat:
				entries = append(entries, feedtest.Entry{Paper: p, Type: "new", Version: 1})
			case len(p.Categories) > 1 && p.Categories[1] == cat:
				entries = append(entries, feedtest.Entry{Paper: p, Type: "cross", Version: 1})
			}
		}
		docs[yearSources()[i].URL] = feedtest.ListingRSS(cat, date, entries)
		items += len(entries)
	}
	hf, err := b.dailyPicks(max(d-2, 0), date)
	docs[yearSources()[4].URL] = hf
	return docs, items + yearHFPerDay, err
}

// dailyPicks are Hugging Face's papers of a day: 30 papers announced on
// day from, with upvotes and stars.
func (b *bench) dailyPicks(from int, date time.Time) ([]byte, error) {
	var picks []feedtest.Daily
	for k, p := range b.dayPapers(from)[:yearHFPerDay] {
		picks = append(picks, feedtest.Daily{Paper: p, Upvotes: 3 + k*2, Stars: 10 * k, Comments: k % 4})
	}
	return feedtest.HFDaily(date, picks)
}

// yearSection ingests a synthetic year of the default sources into
// Redis, in process with a simulated clock, and reads INFO memory before
// and after pruning.
func (b *bench) yearSection() *section {
	s := &section{title: "Issue 3: Redis memory of a year of the default sources",
		intro: fmt.Sprintf("In process (the ingest pipeline `paperwire serve` runs, with a simulated clock), %d days of the 5 default sources into a standalone Redis: "+
			"each day 4 arXiv listings (%d new papers a day, 3 in 7 cross-listed: ~150 items per listing) and Hugging Face's %d daily papers "+
			"(papers of two days before, with upvotes and stars). Then ingest.Pruner runs as `serve` does every hour (retention 60 days, the default). "+
			"Memory is INFO memory used_memory minus that of the empty server.", b.sizes.yearDays, yearNewPerDay, yearHFPerDay)}
	if b.redis == nil {
		s.skipped = "redis-server not found or not starting; install with: " + install
		return s
	}
	if err := b.year(s); err != nil {
		s.notef("failed: %v", err)
	}
	return s
}

func (b *bench) year(s *section) error {
	if err := flushRedis(b.redis.Addr())(b.ctx); err != nil {
		return err
	}
	empty, err := usedMemory(b.ctx, b.redis.Addr())
	if err != nil {
		return err
	}
	store, err := redis.Open(b.ctx, b.redis.URL(), redis.Options{})
	if err != nil {
		return err
	}
	defer store.Close()
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var now time.Time
	clock := func() time.Time { return now }
	f := &dayFetcher{}
	in := newIngester(store, f, clock)
	obs, papers := 0, 0
	began := time.Now()
	for d := range b.sizes.yearDays {
		date := start.AddDate(0, 0, d)
		docs, items, err := b.dayDocs(d, date.Add(4*time.Hour))
		if err != nil {
			return err
		}
		f.mu.Lock()
		f.docs = docs
		f.mu.Unlock()
		now = date.Add(12 * time.Hour)
		t := ingest.Totals(in.Round(b.ctx, yearSources(), true))
		obs, papers = obs+items, papers+t.New
		if d%60 == 59 {
			b.progress("year: day %d, %d papers", d+1, papers)
		}
	}
	took := time.Since(began)
	raw, err := usedMemory(b.ctx, b.redis.Addr())
	if err != nil {
		return err
	}
	pr := ingest.NewPruner(store, ingest.PruneConfig{Topics: defaultFeedTopics(), Retention: yearRetention, Now: clock})
	deleted, err := pr.Prune(b.ctx)
	if err != nil {
		return err
	}
	pruned, err := usedMemory(b.ctx, b.redis.Addr())
	if err != nil {
		return err
	}
	kept := papers - deleted
	s.fig(&figure{name: fmt.Sprintf("raw year: %d papers from %d observations", papers, obs), unit: "MB", samples: series{mb(raw - empty)}})
	s.fig(&figure{name: fmt.Sprintf("after pruning (retention 60 days): %d papers kept", kept), unit: "MB", samples: series{mb(pruned - empty)}})
	s.notef("Per paper: %.1f KB raw, %.1f KB after pruning. Ingesting the year took %s in process (%.0f observations/s, parse included).",
		float64(raw-empty)/float64(papers)/1024, float64(pruned-empty)/float64(max(kept, 1))/1024, took.Round(time.Second), rate(obs, took))
	return nil
}

// usedMemory is INFO memory's used_memory.
func usedMemory(ctx context.Context, addr string) (int64, error) {
	cl := goredis.NewClient(&goredis.Options{Addr: addr})
	defer cl.Close()
	info, err := cl.Info(ctx, "memory").Result()
	if err != nil {
		return 0, fmt.Errorf("info memory: %w", err)
	}
	for _, line := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "used_memory:"); ok {
			return strconv.ParseInt(v, 10, 64)
		}
	}
	return 0, fmt.Errorf("info memory: no used_memory")
}
