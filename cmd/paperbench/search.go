package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"runtime"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/rank"
	"github.com/paperwire/paperwire/feed/render"
	"github.com/paperwire/paperwire/feed/serve"
	"github.com/paperwire/paperwire/storage/bolt"
)

// searchQueries are typical queries: words, phrases, OR, categories and
// exclusions, common and rare.
var searchQueries = []string{
	"diffusion", `"diffusion model"`, "language models reasoning", "detection OR segmentation cat:cs.CV",
	`"large language model" -survey`, "transformer attention cat:cs.LG", "w1 OR w2", "robot -cat:cs.AI",
}

// searchSection measures query feeds (issue 8) in process, with the code
// `paperwire serve` runs (serve.New over the embedded store).
func (b *bench) searchSection() *section {
	s := &section{title: "Issue 8: query feeds",
		intro: "In process: serve.New over an embedded store of N synthetic papers (feedtest.Varied: seed abstracts with one word in eight " +
			"from a Zipf vocabulary of 300,000, so the vocabulary grows as a real one does). `uncached` is one GET /search.atom?q=… " +
			"of 50 items whose canonical query was never asked (the index is evaluated, 50 papers read from the store and rendered, " +
			"ETag and gzip made); `cached` asks it again. Queries: " + fmt.Sprintf("%q", searchQueries) + ". " +
			"Index memory: Go heap after GC with the index built, minus before, per paper."}
	for _, n := range []int{10_000, 100_000} {
		if err := b.searchAt(s, n); err != nil {
			s.notef("%d papers: %v", n, err)
		}
	}
	return s
}

func (b *bench) searchAt(s *section, n int) error {
	store, err := bolt.Open(filepath.Join(b.mkdir(fmt.Sprintf("search-%d", n)), "paperwire.db"))
	if err != nil {
		return err
	}
	defer store.Close()
	b.progress("search: storing %d papers", n)
	if err := b.storeVaried(store, n); err != nil {
		return err
	}
	site := render.Site{Title: "Paperwire", BaseURL: "http://localhost:8080", TTL: 30 * time.Minute, Params: rank.Defaults()}
	before := liveHeap()
	start := time.Now()
	srv, err := serve.New(store, serve.Config{Site: site, Topics: []feed.Topic{{Slug: "all", Title: "All", Limit: 50}}}, nil)
	if err != nil {
		return err
	}
	if err := searchGet(srv, "/search.atom?q=warmup"); err != nil { // builds the index
		return err
	}
	build := time.Since(start)
	perPaper := float64(liveHeap()-before) / float64(n)
	label := fmt.Sprintf("%dk papers", n/1000)
	uncached := s.fig(&figure{name: "uncached query, " + label, unit: "ms", target: "< 100 ms", pass: valueBelow(100)})
	cached := s.fig(&figure{name: "cached query, " + label, unit: "ms"})
	for round := range b.rounds {
		for i, q := range searchQueries {
			fresh := fmt.Sprintf("/search.atom?q=%s", url.QueryEscape(fmt.Sprintf("%s -zq%dr%di%d", q, n, round, i)))
			for _, f := range []*figure{uncached, cached} {
				t := time.Now()
				if err := searchGet(srv, fresh); err != nil {
					return err
				}
				f.add(ms(time.Since(t)))
			}
		}
	}
	s.fig(&figure{name: "index build (every paper read from the store), " + label, unit: "ms", samples: series{ms(build)}})
	s.fig(&figure{name: "index memory per paper, " + label, unit: "B", samples: series{perPaper}})
	runtime.KeepAlive(srv)
	return nil
}

// storeVaried merges n varied synthetic papers into store, 1,000 a batch.
func (b *bench) storeVaried(store *bolt.Store, n int) error {
	at := benchDate()
	params := rank.Defaults()
	for from := 0; from < n; from += 1000 {
		sps := b.gen.Varied(from, min(1000, n-from))
		ps := make([]*feed.Paper, len(sps))
		keys := make([]feed.Key, len(sps))
		for i, sp := range sps {
			t := at.Add(-time.Duration(from+i) * time.Minute)
			ps[i] = &feed.Paper{
				Key: feed.ArxivKey(sp.ID), Fields: feed.Fields{ArxivID: sp.ID, Title: sp.Title, Abstract: sp.Abstract, Authors: sp.Authors,
					Categories: sp.Categories, Links: feed.Links{Abstract: "https://arxiv.org/abs/" + sp.ID}},
				Score: params.Event(1, t), ScoreAt: t, FirstSeen: t, Updated: t,
			}
			keys[i] = ps[i].Key
		}
		err := store.Merge(b.ctx, keys, func(map[feed.Key]*feed.Paper) ([]*feed.Paper, error) { return ps, nil })
		if err != nil {
			return fmt.Errorf("store papers: %w", err)
		}
	}
	return nil
}

func searchGet(h http.Handler, target string) error {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequestWithContext(context.Background(), http.MethodGet, target, nil))
	if w.Code != http.StatusOK {
		return fmt.Errorf("GET %s: %d %s", target, w.Code, w.Body)
	}
	return nil
}

func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
