package digest

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/rank"
)

// candidate is a paper with its log-form score at a period's close.
type candidate struct {
	paper *feed.Paper
	score float64
}

// pick walks every stored paper once and keeps, for each job, the best
// papers of its topic with an event in its period.
func (c *Closer) pick(ctx context.Context, jobs []*job) error {
	bySlug := slugJobs(jobs)
	return c.scan(ctx, "digests", func(p *feed.Paper) {
		for _, slug := range p.Topics {
			for _, j := range bySlug[slug] {
				c.offer(j, p)
			}
		}
	})
}

// scan calls fn with every stored paper, a page at a time.
func (c *Closer) scan(ctx context.Context, what string, fn func(*feed.Paper)) error {
	cursor := ""
	for {
		papers, next, err := c.store.Scan(ctx, cursor, scanPage)
		if err != nil {
			return fmt.Errorf("scan papers for %s: %w", what, err)
		}
		for _, p := range papers {
			fn(p)
		}
		if next == "" {
			return nil
		}
		cursor = next
	}
}

// offer adds p to the job's best papers when it had an event in the
// period and ranks high enough.
func (c *Closer) offer(j *job, p *feed.Paper) {
	start, end := j.period.Start, j.period.End()
	if !hadEvent(p, start, end) || j.isBanned(p.Key) {
		return
	}
	score, ok := ScoreAt(c.cfg.Params, p, end)
	if !ok {
		return
	}
	j.seen++
	cand := candidate{paper: asOf(p, end), score: score}
	i, _ := slices.BinarySearchFunc(j.best, cand, better)
	if i >= c.cfg.Items {
		return
	}
	j.best = slices.Insert(j.best, i, cand)
	j.best = j.best[:min(len(j.best), c.cfg.Items)]
}

// better orders candidates best first: by score, then by key.
func better(a, b candidate) int {
	switch {
	case a.score > b.score:
		return -1
	case a.score < b.score:
		return 1
	}
	return cmp.Compare(a.paper.Key, b.paper.Key)
}

// hadEvent reports whether the paper had an event in [start, end): a
// source's first sighting, or its last score change (an engagement
// increase, a sighting).
func hadEvent(p *feed.Paper, start, end time.Time) bool {
	in := func(t time.Time) bool { return !t.Before(start) && t.Before(end) }
	if in(p.ScoreAt) {
		return true
	}
	return slices.ContainsFunc(p.Sightings, func(g feed.Sighting) bool { return in(g.At) })
}

// ScoreAt is the paper's log-form score as it stood at end, as well as it
// can be known. When its last score change came before end (a close on
// time), that is its stored score, exactly. When it changed since (a
// close caught up late), the stored score holds events after end that
// cannot be told apart, so it is estimated: sources first seen after end
// are left out; each other source counts its first sighting at its time,
// and the share of its engagement that accrued by end if it accrued
// evenly from that sighting to the paper's last change, credited at the
// midpoint (as ARCHITECTURE.md §D5 credits engagement nobody watched accrue). ok is
// false when no source had seen the paper by end.
func ScoreAt(params rank.Params, p *feed.Paper, end time.Time) (score float64, ok bool) {
	if p.ScoreAt.Before(end) {
		return p.Score, true
	}
	score = rank.Empty
	for _, g := range p.Sightings {
		if !g.At.Before(end) {
			continue
		}
		ok = true
		score = rank.Add(score, params.Event(g.Weight, g.At))
		if e := params.Engagement(feed.Signals{}, g.Signals); e > 0 {
			share := float64(end.Sub(g.At)) / float64(p.ScoreAt.Sub(g.At)) // ScoreAt ≥ end > At
			score = rank.Add(score, params.Event(e*share, g.At.Add(end.Sub(g.At)/2)))
		}
	}
	return score, ok
}

// asOf is the paper as the digest shows it: without the sightings of
// sources that first saw it after end.
func asOf(p *feed.Paper, end time.Time) *feed.Paper {
	if p.ScoreAt.Before(end) {
		return p
	}
	c := p.Clone()
	c.Sightings = slices.DeleteFunc(c.Sightings, func(g feed.Sighting) bool { return !g.At.Before(end) })
	return c
}
