package rank

import (
	"math"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
)

var t0 = time.Date(2024, 3, 25, 12, 0, 0, 0, time.UTC)

func sum(p Params, events ...struct {
	w float64
	t time.Time
}) float64 {
	s := Empty
	for _, e := range events {
		s = Add(s, p.Event(e.w, e.t))
	}
	return s
}

type ev = struct {
	w float64
	t time.Time
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// The log form is exact: the value at t of events is Σ w·2^(−age/half-life).
func TestValueMatchesDefinition(t *testing.T) {
	p := Defaults()
	s := sum(p, ev{1, t0}, ev{2, t0.Add(-48 * time.Hour)}, ev{4, t0.Add(-96 * time.Hour)})
	if got, want := p.Value(s, t0), 1+2*0.5+4*0.25; !near(got, want) {
		t.Errorf("value = %v, want %v", got, want)
	}
	if got := p.Value(s, t0.Add(48*time.Hour)); !near(got, 1.5) {
		t.Errorf("value a half-life later = %v, want 1.5", got)
	}
}

// Adding events commutes: order of arrival does not change the score.
func TestAddCommutes(t *testing.T) {
	p := Defaults()
	a := sum(p, ev{1, t0}, ev{0.2, t0.Add(time.Hour)}, ev{2, t0.Add(-time.Hour)})
	b := sum(p, ev{2, t0.Add(-time.Hour)}, ev{1, t0}, ev{0.2, t0.Add(time.Hour)})
	if !near(a, b) {
		t.Errorf("order changed the score: %v vs %v", a, b)
	}
	if Add(a, Empty) != a || Add(Empty, a) != a || Add(Empty, Empty) != Empty {
		t.Error("Empty is not the identity of Add")
	}
}

// Ranking by s never changes as time passes (time invariance).
func TestRankingIsTimeInvariant(t *testing.T) {
	p := Defaults()
	a := sum(p, ev{3, t0.Add(-72 * time.Hour)})
	b := sum(p, ev{1, t0})
	for _, at := range []time.Time{t0, t0.Add(24 * time.Hour), t0.Add(1000 * time.Hour)} {
		if (p.Value(a, at) > p.Value(b, at)) != (a > b) {
			t.Errorf("at %v the order by value differs from the order by s", at)
		}
	}
}

// More independent sources, more engagement, and newer events rank higher;
// re-sightings add nothing because they are not events at all.
func TestOrdering(t *testing.T) {
	p := Defaults()
	one := sum(p, ev{p.Sighting(feed.RolePapers, 0), t0})
	two := sum(p, ev{p.Sighting(feed.RolePapers, 0), t0}, ev{p.Sighting(feed.RoleMentions, 0), t0})
	if two <= one {
		t.Error("a second source did not raise the score")
	}
	engaged := Add(one, p.Event(p.Engagement(feed.Signals{}, feed.Signals{Upvotes: 10}), t0))
	if engaged <= one {
		t.Error("upvotes did not raise the score")
	}
	older := sum(p, ev{1, t0.Add(-24 * time.Hour)})
	if older >= one {
		t.Error("an older event weighs as much as a newer one")
	}
	if p.Event(0, t0) != Empty || p.Event(-1, t0) != Empty {
		t.Error("a non-positive weight is an event")
	}
}

func TestEngagementCountsIncreasesOnly(t *testing.T) {
	p := Defaults()
	w := p.Engagement(feed.Signals{Upvotes: 10, Points: 5, Stars: 100}, feed.Signals{Upvotes: 15, Points: 3, Stars: 200})
	if want := 5*0.2 + 0 + 100*0.01; !near(w, want) {
		t.Errorf("engagement weight = %v, want %v", w, want)
	}
}

func TestSightingWeights(t *testing.T) {
	p := Defaults()
	if p.Sighting(feed.RolePapers, 0) != 1 || p.Sighting(feed.RoleMentions, 0) != 2 || p.Sighting(feed.RoleMentions, 5) != 5 {
		t.Error("sighting weights differ from ARCHITECTURE.md §D5")
	}
}
