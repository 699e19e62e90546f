// Package rank computes trending scores. A score is kept in the
// time-invariant log form
//
//	s = ln Σ_i w_i · e^{λ (t_i − t0)},   λ = ln 2 / half_life
//
// so that adding an event never requires re-scoring other papers: the
// ranking of two papers by s is their ranking by decayed value at any
// moment. Every function is pure; time comes from the caller.
package rank

import (
	"math"
	"time"

	"github.com/paperwire/paperwire/feed"
)

// Empty is the score of no events at all. It is finite so that it encodes
// in JSON and sorts below every real score.
const Empty = -math.MaxFloat64

// epochUnix is t0, 2020-01-01T00:00:00Z: early enough that no event
// precedes it, late enough that λ(t−t0) stays small.
const epochUnix = 1577836800

// Params are the ranking knobs of ARCHITECTURE.md §D5.
type Params struct {
	HalfLife time.Duration
	Papers   float64 // sighting by a papers source (all arXiv listings count once)
	Mentions float64 // sighting by a mentions source
	Upvote   float64 // per Hugging Face upvote
	Point    float64 // per Hacker News point
	Star     float64 // per GitHub star
}

// Defaults returns the weights of ARCHITECTURE.md §D5.
func Defaults() Params {
	return Params{HalfLife: 48 * time.Hour, Papers: 1, Mentions: 2, Upvote: 0.2, Point: 0.1, Star: 0.01}
}

func (p Params) lambda() float64 {
	return math.Ln2 / p.HalfLife.Seconds()
}

func since(t time.Time) float64 {
	return float64(t.Unix()-epochUnix) + float64(t.Nanosecond())/1e9
}

// Event is the log-form score of one event of weight w at time t.
// A non-positive weight is no event and returns Empty.
func (p Params) Event(w float64, t time.Time) float64 {
	if w <= 0 {
		return Empty
	}
	return math.Log(w) + p.lambda()*since(t)
}

// Add combines two log-form scores: ln(e^s + e^u), computed stably.
func Add(s, u float64) float64 {
	hi, lo := max(s, u), min(s, u)
	if lo == Empty {
		return hi
	}
	return hi + math.Log1p(math.Exp(lo-hi))
}

// Value is the decayed score s as it stands at time t.
func (p Params) Value(s float64, t time.Time) float64 {
	if s == Empty {
		return 0
	}
	return math.Exp(s - p.lambda()*since(t))
}

// Engagement is the weight of an increase of engagement counters.
// Decreases are not events.
func (p Params) Engagement(before, after feed.Signals) float64 {
	inc := func(a, b int64) float64 { return float64(max(b-a, 0)) }
	return inc(before.Upvotes, after.Upvotes)*p.Upvote +
		inc(before.Points, after.Points)*p.Point +
		inc(before.Stars, after.Stars)*p.Star
}

// Sighting is the weight of a first sighting by a source of the given
// role; override, when positive, is the source's own weight.
func (p Params) Sighting(role feed.Role, override float64) float64 {
	switch {
	case override > 0:
		return override
	case role == feed.RoleMentions:
		return p.Mentions
	default:
		return p.Papers
	}
}
