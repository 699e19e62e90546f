package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/rank"
	"github.com/paperwire/paperwire/feed/render"
	"github.com/paperwire/paperwire/feed/serve"
	"github.com/paperwire/paperwire/storage/bolt"
)

// countingStore counts the renderings a cache starts (one Top each).
type countingStore struct {
	*bolt.Store
	tops atomic.Int64
}

func (s *countingStore) Top(ctx context.Context, slug string, n int) ([]feed.Ranked, error) {
	s.tops.Add(1)
	return s.Store.Top(ctx, slug, n)
}

// renderSection measures target 4 in process, with the real cache over
// the embedded store: the time of one re-rendering after a change, and
// how many renderings 64 simultaneous requests after a change cause.
func (b *bench) renderSection() *section {
	s := &section{title: "4. Rendering after a change",
		intro: "In process (serve.Server over the embedded store, the code `paperwire serve` runs, asked through its handler): topic `all` holds 60 papers, its feed shows 50. " +
			"After each change (a new paper merged into the store, then the cache refreshed as the poll loop does), one request re-renders: " +
			"`render` is the first request's time on a second server over the same state from a client without gzip (store reads, the document, its ETag); " +
			"`cache re-rendering` is the first request's whole time after the change from a gzip client, which adds the one-off compression. Herd: 64 goroutines ask for the same feed at once after a change."}
	if err := b.rendering(s); err != nil {
		s.notef("failed: %v", err)
	}
	return s
}

func (b *bench) rendering(s *section) error {
	store, err := bolt.Open(filepath.Join(b.mkdir("render"), "paperwire.db"))
	if err != nil {
		return err
	}
	defer store.Close()
	cs := &countingStore{Store: store}
	at := benchDate()
	if err := b.storePapers(cs, 0, 60, at); err != nil {
		return err
	}
	site := render.Site{Title: "Paperwire", BaseURL: "http://localhost:8080", TTL: 30 * time.Minute, Params: rank.Defaults()}
	cfg := serve.Config{Site: site, Topics: []feed.Topic{{Slug: "all", Title: "All trending papers", Limit: 50}}}
	gzipped, err := serve.New(cs, cfg, nil)
	if err != nil {
		return err
	}
	plain, err := serve.New(cs, cfg, nil)
	if err != nil {
		return err
	}
	return b.renderRounds(s, cs, servers{gzipped, plain}, at)
}

// servers are two servers over one store: one asked by gzip clients
// (the whole re-rendering), one by plain clients (the rendering alone).
type servers struct{ gzipped, plain *serve.Server }

// storePapers merges papers [from, from+n) into topic all.
func (b *bench) storePapers(s *countingStore, from, n int, at time.Time) error {
	var papers []*feed.Paper
	var keys []feed.Key
	for i, p := range b.gen.Papers(from, n) {
		papers = append(papers, p.Stored(at.Add(time.Duration(from+i)*time.Minute), "all"))
		keys = append(keys, papers[i].Key)
	}
	return s.Merge(context.Background(), keys, func(map[feed.Key]*feed.Paper) ([]*feed.Paper, error) { return papers, nil })
}

func (b *bench) renderRounds(s *section, cs *countingStore, srv servers, at time.Time) error {
	figs := map[string]*figure{}
	s.notef("Renders timed per round: %d per format (the median is over them).", max(b.rounds, 5))
	for _, f := range []string{"rss", "atom", "json", "html"} {
		figs[f] = s.fig(&figure{name: "render " + f + ", 50 items", unit: "ms", target: "≤ 1 ms", pass: valueAtMost(1)})
		figs[f+"+gz"] = s.fig(&figure{name: "cache re-rendering " + f + " (render + ETag + gzip)", unit: "ms"})
	}
	herd := s.fig(&figure{name: "herd: renderings per (topic, format) for 64 simultaneous requests", unit: "", target: "1", pass: valueAtMost(1)})
	next := 1000
	for round := range max(b.rounds, 5) {
		for _, f := range []string{"rss", "atom", "json", "html"} {
			if err := b.changeTopic(cs, srv, next, at); err != nil {
				return err
			}
			next++
			whole, err := timeGet(srv.gzipped, f, true)
			if err != nil {
				return err
			}
			alone, err := timeGet(srv.plain, f, false)
			if err != nil {
				return err
			}
			figs[f].add(ms(alone))
			figs[f+"+gz"].add(ms(whole))
		}
		if err := b.changeTopic(cs, srv, next, at); err != nil {
			return err
		}
		next++
		herd.add(float64(herdRenders(cs, srv.gzipped, []string{"rss", "atom", "json"}[round%3])))
	}
	return nil
}

// changeTopic merges one more paper into topic all, newer than any, and
// refreshes the servers as the poll loop does after a change.
func (b *bench) changeTopic(cs *countingStore, srv servers, i int, at time.Time) error {
	if err := b.storePapers(cs, i, 1, at.Add(24*time.Hour)); err != nil {
		return err
	}
	return errors.Join(srv.gzipped.Refresh(context.Background()), srv.plain.Refresh(context.Background()))
}

// timeGet times one request for topic all in format (html: its page).
func timeGet(srv *serve.Server, format string, gzip bool) (time.Duration, error) {
	start := time.Now()
	err := getTopic(srv, format, gzip)
	return time.Since(start), err
}

// getTopic asks srv for topic all in format, as a gzip client or not.
func getTopic(srv *serve.Server, format string, gzip bool) error {
	path := "/topics/all"
	if format != "html" {
		path += "." + format
	}
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if gzip {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", path, rec.Code)
	}
	return nil
}

// herdRenders sends 64 simultaneous requests after a change and returns
// how many renderings they caused.
func herdRenders(cs *countingStore, srv *serve.Server, format string) int64 {
	before := cs.tops.Load()
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 64 {
		wg.Go(func() {
			<-start
			_ = getTopic(srv, format, true)
		})
	}
	close(start)
	wg.Wait()
	return cs.tops.Load() - before
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
