package main

import (
	"fmt"
	"os"

	"github.com/paperwire/paperwire/config"
)

// idleSection measures target 2: a round where every source answers 304,
// and a round of identical bodies without validators (body digest).
func (b *bench) idleSection() *section {
	s := &section{title: "2. Nothing changed, nothing spent",
		intro: fmt.Sprintf("A: `paperwire fetch` over %d loopback sources that all answer 304 to the stored validators (after one round that stored them). "+
			"B: over the %d × %d sources of table 1, a first round that parses everything on a fresh store, then a round where the farm ignores validators "+
			"and sends the same bodies again (the body digest skips parsing). Times are the wall time of the whole command.",
			b.sizes.idleSources, b.sizes.ingestSources, b.sizes.ingestItems)}
	b.notModifiedRounds(s)
	b.digestRounds(s)
	return s
}

// notModifiedRounds: one setup fetch per backend, then rounds of 304s.
func (b *bench) notModifiedRounds(s *section) {
	c := makeCorpus(b.gen, b.sizes.idleSources, 1, 5_000_000, benchDate())
	c.publish(b.farm, benchDate())
	defer b.farm.reset()
	for _, be := range b.backends(false) {
		f := s.fig(&figure{name: fmt.Sprintf("A. round of %d × 304, %s", len(c.sources), be.name), unit: "s",
			target: "≤ 3 s", pass: valueAtMost(3)})
		peak := s.fig(&figure{name: fmt.Sprintf("A. peak RSS of that round, %s", be.name), unit: "MB"})
		if err := b.notModified(c, be, f, peak); err != nil {
			s.notef("%s: %v", be.name, err)
		}
	}
}

// freshRun prepares an empty store (a folder, or a flushed Redis) and
// the config of a fetch of the corpus into it; done removes the folder.
func (b *bench) freshRun(c corpus, be backend, pattern string) (cfg *config.Config, dir string, done func(), err error) {
	dir, err = os.MkdirTemp(b.dir, pattern)
	if err != nil {
		return nil, "", nil, fmt.Errorf("work folder: %w", err)
	}
	done = func() { os.RemoveAll(dir) }
	if be.flush != nil {
		if err := be.flush(b.ctx); err != nil {
			done()
			return nil, "", nil, err
		}
	}
	cfg = baseConfig(dir, "127.0.0.1:0", b.concurrency)
	cfg.Storage.Redis = be.url
	cfg.Sources = c.entries(b.farm)
	return cfg, dir, done, nil
}

func (b *bench) notModified(c corpus, be backend, f, peak *figure) error {
	cfg, dir, done, err := b.freshRun(c, be, "idle-*")
	if err != nil {
		return fmt.Errorf("304 rounds: %w", err)
	}
	defer done()
	if _, t, err := b.fetchWith(cfg, dir, false); err != nil {
		return fmt.Errorf("setup round: %w", err)
	} else if t.new != len(c.sources) {
		return fmt.Errorf("setup round: %d new papers, want %d", t.new, len(c.sources))
	}
	for round := range b.rounds {
		b.progress("304 round %d/%d, %s", round+1, b.rounds, be.name)
		before := b.farm.bodies.Load()
		r, _, err := b.fetchWith(cfg, dir, false)
		if err != nil {
			return err
		}
		if n := b.farm.bodies.Load() - before; n != 0 {
			return fmt.Errorf("%d sources answered 200 in a round of 304s", n)
		}
		f.add(r.wall.Seconds())
		peak.add(mb(r.maxRSS))
	}
	return nil
}

// digestRounds: per round, a full parse round then an identical-bodies
// round without validators.
func (b *bench) digestRounds(s *section) {
	c := makeCorpus(b.gen, b.sizes.ingestSources, b.sizes.ingestItems, 0, benchDate())
	c.publish(b.farm, benchDate())
	defer b.farm.reset()
	for _, be := range b.backends(false) {
		full := s.fig(&figure{name: "B. full parse round, " + be.name, unit: "s"})
		same := s.fig(&figure{name: "B. identical bodies, no validators, " + be.name, unit: "s", base: full,
			ratio: func(v, b float64) float64 { return b / v }, target: "≥ 5× faster", pass: ratioAtLeast(5)})
		if err := b.digest(c, be, full, same); err != nil {
			s.notef("%s: %v", be.name, err)
		}
	}
	s.notef("The ratio of B is how many times faster the identical-bodies round is than the full round (full ÷ identical).")
}

func (b *bench) digest(c corpus, be backend, full, same *figure) error {
	for round := range b.rounds {
		b.progress("digest round %d/%d, %s", round+1, b.rounds, be.name)
		if err := b.digestRound(c, be, full, same); err != nil {
			return err
		}
	}
	return nil
}

func (b *bench) digestRound(c corpus, be backend, full, same *figure) error {
	cfg, dir, done, err := b.freshRun(c, be, "digest-*")
	if err != nil {
		return fmt.Errorf("digest round: %w", err)
	}
	defer done()
	b.farm.ignore.Store(false)
	r1, t1, err := b.fetchWith(cfg, dir, false)
	if err != nil {
		return fmt.Errorf("full round: %w", err)
	} else if t1.new != c.totalItems() {
		return fmt.Errorf("full round: %d new papers, want %d", t1.new, c.totalItems())
	}
	b.farm.ignore.Store(true)
	defer b.farm.ignore.Store(false)
	r2, t2, err := b.fetchWith(cfg, dir, false)
	if err != nil {
		return fmt.Errorf("identical round: %w", err)
	} else if t2.items != 0 {
		return fmt.Errorf("identical round: %d items parsed, want none", t2.items)
	}
	full.add(r1.wall.Seconds())
	same.add(r2.wall.Seconds())
	return nil
}
