package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/paperwire/paperwire/config"
)

// totals is the "total" row of a fetch summary.
type totals struct {
	items, new, merged, unchanged int
}

// parseTotals reads the total row of `paperwire fetch`'s summary.
func parseTotals(out string) (totals, error) {
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) < 6 || f[0] != "total" {
			continue
		}
		var n [4]int
		for i := range n {
			v, err := strconv.Atoi(f[1+i])
			if err != nil {
				return totals{}, fmt.Errorf("summary total row %q: %w", line, err)
			}
			n[i] = v
		}
		return totals{items: n[0], new: n[1], merged: n[2], unchanged: n[3]}, nil
	}
	return totals{}, fmt.Errorf("no total row in the fetch summary:\n%s", tail(out, 500))
}

// backend is where a fetch round stores: the embedded file, or a Redis.
type backend struct {
	name  string
	url   string // "" for the embedded store
	flush func(ctx context.Context) error
}

// fetchRound runs `paperwire fetch` over the sources of c on a fresh
// store of the backend and returns the run and its totals.
func (b *bench) fetchRound(c corpus, be backend, force bool) (runResult, totals, error) {
	dir, err := os.MkdirTemp(b.dir, "fetch-*")
	if err != nil {
		return runResult{}, totals{}, fmt.Errorf("fetch round: %w", err)
	}
	defer os.RemoveAll(dir)
	if be.flush != nil {
		if err := be.flush(b.ctx); err != nil {
			return runResult{}, totals{}, err
		}
	}
	cfg := baseConfig(dir, "127.0.0.1:0", b.concurrency)
	cfg.Storage.Redis = be.url
	cfg.Sources = c.entries(b.farm)
	return b.fetchWith(cfg, dir, force)
}

// fetchWith writes cfg into dir and runs one fetch with it.
func (b *bench) fetchWith(cfg *config.Config, dir string, force bool) (runResult, totals, error) {
	path := filepath.Join(dir, "paperwire.yaml")
	if err := writeConfig(path, cfg); err != nil {
		return runResult{}, totals{}, err
	}
	args := []string{"fetch", "--config", path}
	if force {
		args = append(args, "--force")
	}
	r, err := b.bin.run(b.ctx, args...)
	if err != nil {
		return r, totals{}, err
	}
	t, err := parseTotals(r.stdout)
	return r, t, err
}

// flushRedis empties every node of a standalone server or cluster.
func flushRedis(addrs ...string) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		for _, a := range addrs {
			c := goredis.NewClient(&goredis.Options{Addr: a})
			err := c.FlushAll(ctx).Err()
			c.Close()
			if err != nil {
				return fmt.Errorf("flush redis %s: %w", a, err)
			}
		}
		return nil
	}
}

// ingestSection measures target 1: a fetch round over sources×items new
// papers against parsing the same bytes alone, per backend.
func (b *bench) ingestSection() *section {
	s := &section{title: "1. Ingest: a fetch round of new papers vs parsing alone",
		intro: fmt.Sprintf("`paperwire fetch` (the real binary, fetch.concurrency %d, no host spacing) over %d loopback sources × %d new items each "+
			"(synthetic arXiv listings, ~%d KB each), on a fresh store every round, against gofeed parsing the same bytes on all cores with nothing else. "+
			"Throughput is items / wall time of the whole command (process start to exit).",
			b.concurrency, b.sizes.ingestSources, b.sizes.ingestItems, 0)}
	c := makeCorpus(b.gen, b.sizes.ingestSources, b.sizes.ingestItems, 0, benchDate())
	s.intro = strings.Replace(s.intro, "~0 KB", fmt.Sprintf("~%d KB", c.bytes()/len(c.sources)>>10), 1)
	c.publish(b.farm, benchDate())
	defer b.farm.reset()
	base := s.fig(&figure{name: "parse only, gofeed (baseline)", unit: "items/s"})
	own := s.fig(&figure{name: "parse only, Paperwire's parse.Parser", unit: "items/s", base: base, note: "gofeed without the item image scan"})
	var runs []*figure
	for _, be := range b.backends(false) {
		runs = append(runs, s.fig(&figure{name: "fetch round, " + be.name, unit: "items/s", base: base,
			target: "≥ 0.85", pass: ratioAtLeast(0.85)}))
	}
	for round := range b.rounds {
		b.progress("ingest round %d/%d", round+1, b.rounds)
		if err := b.ingestRound(c, base, own, runs); err != nil {
			s.notef("round %d failed: %v", round+1, err)
		}
	}
	for i, be := range b.backends(false) {
		s.notef("%s: strict ratio to Paperwire's own parse step (the same gofeed minus the image scan): %s", be.name, num(runs[i].value()/own.value()))
	}
	return s
}

func (b *bench) ingestRound(c corpus, base, own *figure, runs []*figure) error {
	v, err := parseOnly(c, false)
	if err != nil {
		return err
	}
	base.add(v)
	if v, err = parseOnly(c, true); err != nil {
		return err
	}
	own.add(v)
	for i, be := range b.backends(false) {
		r, t, err := b.fetchRound(c, be, false)
		if err != nil {
			return err
		}
		if t.new != c.totalItems() {
			return fmt.Errorf("%s: %d new papers, want %d", be.name, t.new, c.totalItems())
		}
		runs[i].add(rate(c.totalItems(), r.wall))
		b.progress("%s: %d items in %s (cpu %s, peak rss %.0f MB)", be.name, t.items, r.wall.Round(time.Millisecond), r.cpu.Round(time.Millisecond), mb(r.maxRSS))
	}
	return nil
}

// benchDate is the announcement date of the synthetic listings.
func benchDate() time.Time { return time.Date(2024, 3, 25, 4, 0, 0, 0, time.UTC) }
