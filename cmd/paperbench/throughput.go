package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/paperwire/paperwire/config"
)

func execLook(name string) (string, error) { return exec.LookPath(name) }

// serving runs the servers and the interleaved wrk rounds.
func (b *bench) serving(s *section) error {
	c := makeCorpus(b.gen, b.sizes.ingestSources, b.sizes.ingestItems, 0, benchDate())
	c.publish(b.farm, benchDate())
	defer b.farm.reset()
	pw, err := b.startServed(c, config.DefaultTopics(), "")
	if err != nil {
		return err
	}
	defer pw.stop()
	targets, stop, err := b.servingTargets(s, pw)
	if err != nil {
		return err
	}
	defer stop()
	for round := range b.rounds {
		b.progress("serving round %d/%d", round+1, b.rounds)
		for _, kind := range servingKinds() {
			for _, t := range targets {
				if err := b.loadOnce(t, kind); err != nil {
					return err
				}
			}
		}
	}
	compareNginx(s, targets[1], targets)
	return nil
}

// servingTargets starts the minimal handler and nginx on the bytes
// paperwire serves, and lays out the figures.
func (b *bench) servingTargets(s *section, pw *served) ([]*target, func(), error) {
	url := pw.srv.base + "/topics/all.rss"
	plain, h, err := fetchBody(url)
	if err != nil {
		return nil, nil, err
	}
	gz, hz, err := fetchBody(url, "Accept-Encoding", "gzip")
	if err != nil {
		return nil, nil, err
	}
	dir := b.mkdir("bytes")
	pp, gp := filepath.Join(dir, "all.rss"), filepath.Join(dir, "all.rss.gz")
	if err := writeFiles(pp, plain, gz); err != nil {
		return nil, nil, err
	}
	s.notef("The feed: %d bytes plain, %d gzip (ETag %s).", len(plain), len(gz), h.Get("ETag"))
	minimal, err := b.startMinimal(pp, gp, h.Get("ETag"), h.Get("Content-Type"))
	if err != nil {
		return nil, nil, err
	}
	stops := []func(){minimal.stop}
	base := newTarget("minimal net/http handler (baseline)", minimal.base+"/all.rss", hz.Get("ETag"))
	mine := newTarget("paperwire serve", url, hz.Get("ETag"))
	targets := []*target{base, mine}
	if ng, err := b.startNginx(plain, gz); err != nil {
		s.notef("nginx figures SKIPPED: %v", err)
	} else {
		stops = append(stops, ng.stop)
		if t, err := nginxTarget(ng); err == nil {
			targets = append(targets, t)
		} else {
			s.notef("nginx figures SKIPPED: %v", err)
		}
	}
	layout(s, base, mine, targets)
	return targets, func() {
		for _, f := range stops {
			f()
		}
	}, nil
}

// loadOnce measures one target for one kind of answer.
func (b *bench) loadOnce(t *target, kind string) error {
	l, err := runWrk(b.ctx, t.url, b.sizes.serveSeconds, 64, t.headers[kind]...)
	if err != nil {
		return err
	}
	if kind != "304" && l.non2xx > 0 {
		return fmt.Errorf("%s: %d answers were not 200", t.name, l.non2xx)
	}
	t.figs[kind].add(l.rps)
	if f := t.p99[kind]; f != nil {
		f.add(float64(l.p99) / float64(time.Millisecond))
	}
	return nil
}
