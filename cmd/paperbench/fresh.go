package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/paperwire/paperwire/config"
	"github.com/paperwire/paperwire/feed/feedtest"
)

// freshSection measures target 6: how long after an upstream change the
// change shows in the topic feed. Sources poll every minute (the least
// the config allows); each upstream changes right after a poll — the
// worst case — and a watcher reads the feed every 50 ms.
func (b *bench) freshSection() *section {
	s := &section{title: "6. Freshness",
		intro: fmt.Sprintf("`paperwire serve` with %d sources polled every 1m (the shortest interval the config allows). Right after each source's "+
			"first poll (the worst moment) its upstream gains a new paper, dated now so that it tops topic `all`; a watcher GETs /topics/all.json "+
			"every 50 ms until the paper shows. One sample per source; the interval is 60 s, so the target is 61 s.", b.sizes.freshSources)}
	f := s.fig(&figure{name: "change → visible in the topic feed", unit: "s", target: "≤ 61 s (interval + 1 s)", pass: valueAtMost(61)})
	late := s.fig(&figure{name: "of which after the next poll started", unit: "s"})
	if err := b.freshness(f, late); err != nil {
		s.notef("failed: %v", err)
	}
	return s
}

func (b *bench) freshness(f, late *figure) error {
	dir, err := os.MkdirTemp(b.dir, "fresh-*")
	if err != nil {
		return fmt.Errorf("freshness: %w", err)
	}
	defer os.RemoveAll(dir)
	defer b.farm.reset()
	c := makeCorpus(b.gen, b.sizes.freshSources, 5, 30_000_000, benchDate())
	c.publish(b.farm, benchDate())
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	cfg := baseConfig(dir, addr, b.concurrency)
	cfg.Sources = c.entries(b.farm)
	for i := range cfg.Sources {
		cfg.Sources[i].Every = config.Duration(time.Minute)
	}
	w := newWatch(b, c)
	b.farm.setOnServe(w.served)
	if err := writeConfig(filepath.Join(dir, "paperwire.yaml"), cfg); err != nil {
		return err
	}
	srv, err := b.bin.serve(filepath.Join(dir, "paperwire.yaml"), addr)
	if err != nil {
		return err
	}
	defer srv.stop()
	return w.wait(srv.base, f, late)
}

// watch changes each source after its first poll and times how long the
// change takes to show.
type watch struct {
	b        *bench
	c        corpus
	mu       sync.Mutex
	polls    map[string][]time.Time // per path: when it was served
	changed  map[string]time.Time   // per path: when the change was published
	newPaper map[string]string      // per path: the new paper's id
}

func newWatch(b *bench, c corpus) *watch {
	return &watch{b: b, c: c, polls: map[string][]time.Time{}, changed: map[string]time.Time{}, newPaper: map[string]string{}}
}

// served is the farm's hook: after the first poll of a source, publish
// its change (a new, newest paper on top of the listing).
func (w *watch) served(path string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.polls[path] = append(w.polls[path], time.Now())
	if len(w.polls[path]) != 1 {
		return
	}
	i := 31_000_000 + len(w.changed)
	p := w.b.gen.Paper(i)
	now := time.Now().UTC()
	entries := append([]feedtest.Entry{{Paper: p, Type: "new", Version: 1}}, feedtest.Listing(p.Categories[0], w.b.gen.Papers(i+1, 2))...)
	go w.b.farm.set(path, feedtest.ListingRSS(p.Categories[0], now, entries), now)
	w.changed[path] = now
	w.newPaper[path] = p.ID
}

// wait polls the feed until every change shows (or 3 intervals pass).
func (w *watch) wait(base string, f, late *figure) error {
	deadline := time.Now().Add(3*time.Minute + 30*time.Second)
	seen := map[string]bool{}
	for len(seen) < len(w.c.sources) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		body, _, err := fetchBody(base + "/topics/all.json")
		if err != nil {
			continue
		}
		w.record(body, seen, f, late)
	}
	if len(seen) < len(w.c.sources) {
		return fmt.Errorf("%d of %d changes never showed", len(w.c.sources)-len(seen), len(w.c.sources))
	}
	return nil
}

func (w *watch) record(body []byte, seen map[string]bool, f, late *figure) {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := time.Now()
	for path, id := range w.newPaper {
		if seen[path] || !bytes.Contains(body, []byte("arxiv.org/abs/"+id)) {
			continue
		}
		seen[path] = true
		f.add(now.Sub(w.changed[path]).Seconds())
		if polls := w.polls[path]; len(polls) > 1 {
			late.add(now.Sub(polls[1]).Seconds())
		}
	}
}
