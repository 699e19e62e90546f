// Package merge folds observations into papers: it deduplicates sources,
// chooses the best descriptive fields, records engagement and updates the
// trending score and topic membership. It is pure and deterministic: the
// same paper and observation always give the same result, and a
// re-sighting changes nothing.
package merge

import (
	"slices"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/rank"
	"github.com/paperwire/paperwire/feed/topic"
)

// Outcome says what an observation did to the store.
type Outcome int

const (
	Unchanged Outcome = iota // a re-sighting: nothing new
	Created                  // a new paper
	Changed                  // new information about a known paper
)

// Merger applies observations with the given ranking and topic rules.
type Merger struct {
	Params rank.Params
	Topics *topic.Matcher
}

// Apply folds o into cur (nil for an unknown paper) and returns the new
// state. cur is never modified; on Unchanged the result is cur.
//
// A paper enters topics only once it has a score event: a replacement
// announcement of a paper never seen before is kept (so that the order in
// which listings are polled does not matter) but is not a new paper.
func (m *Merger) Apply(cur *feed.Paper, o feed.Observation) (*feed.Paper, Outcome) {
	p, outcome := start(cur, o)
	changed := mergeFields(p, o)
	changed = m.sight(p, o) || changed
	if topics := m.topics(p); !slices.Equal(topics, p.Topics) {
		p.Topics, changed = topics, true
	}
	if !changed && outcome != Created {
		return cur, Unchanged
	}
	if o.SeenAt.After(p.Updated) {
		p.Updated = o.SeenAt
	}
	return p, outcome
}

func (m *Merger) topics(p *feed.Paper) []string {
	if p.Score == rank.Empty {
		return nil
	}
	return m.Topics.Match(p)
}

func start(cur *feed.Paper, o feed.Observation) (*feed.Paper, Outcome) {
	if cur != nil {
		return cur.Clone(), Changed
	}
	return &feed.Paper{Key: o.Key, Score: rank.Empty, FirstSeen: o.SeenAt, Updated: o.SeenAt}, Created
}

// sight records the source's sighting and its engagement, adding their
// events to the score. It reports whether anything changed.
func (m *Merger) sight(p *feed.Paper, o feed.Observation) bool {
	s, seen := p.Sighting(o.Source)
	if !seen {
		w := m.sightingWeight(p, o)
		p.Sightings = append(p.Sightings, feed.Sighting{
			Source: o.Source, Role: o.Role, Listing: o.Listing, At: o.At, URL: o.URL, Weight: w, Score: rank.Empty,
		})
		slices.SortFunc(p.Sightings, func(a, b feed.Sighting) int { return compare(a.Source, b.Source) })
		s, _ = p.Sighting(o.Source)
		m.event(p, s, w, o.At)
	}
	stars := o.Signals.Stars > 0 && m.stars(p, o.Signals.Stars, o.SeenAt)
	sig := o.Signals
	sig.Stars = 0 // stars are the paper's one counter, not the source's
	if sig.Max(s.Signals) == s.Signals {
		return !seen || stars
	}
	at := o.SeenAt
	if !seen {
		at = Midpoint(engagementStart(p, o), o.SeenAt)
	}
	m.event(p, s, m.Params.Engagement(s.Signals, sig), at)
	s.Signals = s.Signals.Max(sig)
	return true
}

// engagementStart is when a source's upvotes or points started to
// accrue: the item's own date, else the paper's publication.
func engagementStart(p *feed.Paper, o feed.Observation) time.Time {
	if o.At.Before(o.SeenAt) || p.Published.IsZero() {
		return o.At
	}
	return p.Published
}

// Midpoint is when engagement already there at its counter's first
// observation (at seen) is credited: halfway between the counter's
// start and the observation (ARCHITECTURE.md §D5). A start unknown or after the
// observation credits it at the observation.
func Midpoint(start, seen time.Time) time.Time {
	if start.IsZero() || !start.Before(seen) {
		return seen
	}
	return start.Add(seen.Sub(start) / 2)
}

// sightingWeight: a replacement is no new interest, and all arXiv
// listings of one paper together count once (a cross-list is
// publication, not interest).
func (m *Merger) sightingWeight(p *feed.Paper, o feed.Observation) float64 {
	if o.Update {
		return 0
	}
	if o.Listing {
		for _, s := range p.Sightings {
			if s.Listing && s.Weight > 0 {
				return 0
			}
		}
	}
	return m.Params.Sighting(o.Role, o.Weight)
}

// event adds an event of weight w at time t to the sighting and paper.
func (m *Merger) event(p *feed.Paper, s *feed.Sighting, w float64, t time.Time) {
	u := m.Params.Event(w, t)
	if u == rank.Empty {
		return
	}
	s.Score = rank.Add(s.Score, u)
	p.Score = rank.Add(p.Score, u)
	if t.After(p.ScoreAt) {
		p.ScoreAt = t
	}
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
