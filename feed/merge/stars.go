package merge

import (
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/rank"
)

// Stars folds a star count of the paper's repository, observed at `at`
// by the GitHub poller, into cur; created is the repository's creation
// (zero when unknown). cur is never modified; ok is false when nothing
// changed. A dormant paper (no score event yet) stays dormant.
func (m *Merger) Stars(cur *feed.Paper, n int64, created, at time.Time) (*feed.Paper, bool) {
	if cur == nil || cur.Score == rank.Empty || n < 0 {
		return cur, false
	}
	p := cur.Clone()
	changed := false
	if !created.IsZero() && !created.Equal(p.Stars.Created) {
		p.Stars.Created, changed = created.UTC(), true
	}
	changed = m.stars(p, n, at) || changed
	if !changed {
		return cur, false
	}
	if at.After(p.Updated) {
		p.Updated = at
	}
	return p, true
}

// stars records the counter's value n seen at `at`: an increase over
// the highest value known is a star event at `at`; the first value is
// one event at the midpoint between the counter's start (the
// repository's creation, else the paper's publication) and `at`.
func (m *Merger) stars(p *feed.Paper, n int64, at time.Time) bool {
	inc, first := p.Stars.Observe(n, at)
	if inc == 0 && !first {
		return false
	}
	t := at
	if first {
		t = Midpoint(starStart(p), at)
	}
	if u := m.Params.Event(float64(inc)*m.Params.Star, t); u != rank.Empty {
		p.Stars.Score = addStarScore(p.Stars.Score, u)
		p.Score = rank.Add(p.Score, u)
		if t.After(p.ScoreAt) {
			p.ScoreAt = t
		}
	}
	return true
}

func starStart(p *feed.Paper) time.Time {
	switch {
	case !p.Stars.Created.IsZero():
		return p.Stars.Created
	case !p.Published.IsZero():
		return p.Published
	}
	return p.FirstSeen
}

// addStarScore adds an event to the stars' log-form score, whose zero
// value (never an actual log-form sum) means no event yet.
func addStarScore(s, u float64) float64 {
	if s == 0 {
		return u
	}
	return rank.Add(s, u)
}
