package feed

import "time"

// StarPoint is one observation of a paper's repository star counter.
type StarPoint struct {
	At    time.Time `json:"at"`
	Stars int64     `json:"stars"`
}

// Star history limits: points are kept at least StarSpacing apart
// (the newest one excepted, which moves forward), at most MaxStarPoints.
const (
	MaxStarPoints = 32
	StarSpacing   = time.Hour
)

// Stars is a paper's one star counter, whichever source reports it
// (Hugging Face or GitHub): a high-water mark, so that two sources
// reporting the same stars never count them twice.
type Stars struct {
	History []StarPoint `json:"history,omitempty"` // oldest first
	Created time.Time   `json:"created,omitzero"`  // the repository's creation, when GitHub said
	Score   float64     `json:"score,omitempty"`   // log-form sum of the star events (0: none yet)
}

// Count is the counter's current value (0 when never observed).
func (s Stars) Count() int64 {
	if len(s.History) == 0 {
		return 0
	}
	return s.History[len(s.History)-1].Stars
}

// At is the counter's value as of t (0 before its first point).
func (s Stars) At(t time.Time) int64 {
	var n int64
	for _, p := range s.History {
		if p.At.After(t) {
			break
		}
		n = p.Stars
	}
	return n
}

// Gained is the growth over the window ending at t: the value at t
// minus the value at t−window (or the first point's, when the counter
// was first observed within the window).
func (s Stars) Gained(t time.Time, window time.Duration) int64 {
	if len(s.History) == 0 || s.History[0].At.After(t) {
		return 0
	}
	base := s.History[0].Stars
	if v := s.At(t.Add(-window)); v > 0 {
		base = v
	}
	return s.At(t) - base
}

// Observe records the value n seen at t and returns the increase over
// the high-water mark (0 when there is none) and whether this was the
// counter's first observation. The history is never rewritten into the
// past: an observation older than the newest point only raises nothing.
func (s *Stars) Observe(n int64, t time.Time) (inc int64, first bool) {
	cur := s.Count()
	first = len(s.History) == 0
	if !first && n <= cur {
		return 0, false
	}
	if !first && t.Before(s.History[len(s.History)-1].At) {
		t = s.History[len(s.History)-1].At
	}
	h := s.History
	if k := len(h); k >= 2 && h[k-1].At.Sub(h[k-2].At) < StarSpacing {
		h = h[:k-1] // the newest point moves forward until it is an hour from the one before
	}
	h = append(h, StarPoint{At: t, Stars: n})
	if len(h) > MaxStarPoints {
		h = h[len(h)-MaxStarPoints:]
	}
	s.History = h
	return n - cur, first
}

// clone returns a deep copy.
func (s Stars) clone() Stars {
	s.History = append([]StarPoint(nil), s.History...)
	return s
}
