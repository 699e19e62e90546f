package merge

import (
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/rank"
)

const day = 24 * time.Hour

func hfDaily(stars, upvotes int64, at time.Time) feed.Observation {
	o := listing("hf-daily", 1, at)
	o.Listing, o.Quality, o.At = false, feed.QualityAggregator, at.Add(-3*day)
	o.Signals = feed.Signals{Stars: stars, Upvotes: upvotes}
	o.Fields.Repo, o.RepoDeclared = "chenxi52/frozenseg", true
	return o
}

// One counter: stars that Hugging Face and GitHub both report count once,
// and a stale lower report changes nothing.
func TestStarsAreOneCounter(t *testing.T) {
	m := merger()
	p := apply(t, m, nil, listing("arxiv-cs-cv", 1, t0), Created)
	p = apply(t, m, p, hfDaily(100, 0, t0.Add(time.Hour)), Changed)
	before := p.Score
	p2, ok := m.Stars(p, 100, time.Time{}, t0.Add(2*time.Hour))
	if ok || p2.Score != before {
		t.Errorf("GitHub reporting the stars HF reported changed the paper (ok=%v)", ok)
	}
	p3, ok := m.Stars(p, 130, time.Time{}, t0.Add(3*time.Hour))
	if !ok || p3.Stars.Count() != 130 {
		t.Fatalf("130 stars: ok=%v count=%d", ok, p3.Stars.Count())
	}
	want := rank.Add(before, m.Params.Event(30*m.Params.Star, t0.Add(3*time.Hour)))
	if diff := p3.Score - want; diff > 1e-9 || diff < -1e-9 {
		t.Errorf("score after +30 stars = %v, want %v (one event of 30 stars)", p3.Score, want)
	}
	p4, _ := m.Apply(p3, hfDaily(120, 0, t0.Add(4*time.Hour)))
	if p4.Score != p3.Score || p4.Stars.Count() != 130 || p4.Signals().Stars != 130 {
		t.Errorf("a stale HF count moved the counter: score %v→%v, count %d", p3.Score, p4.Score, p4.Stars.Count())
	}
	if p.Repo != "chenxi52/frozenseg" {
		t.Errorf("repo = %q", p.Repo)
	}
}

// The first value of a counter is credited at the midpoint between its
// start and the observation.
func TestMidpointCrediting(t *testing.T) {
	m := merger()
	p := apply(t, m, nil, listing("arxiv-cs-cv", 1, t0), Created)
	created := t0.Add(-10 * day)
	p2, _ := m.Stars(p, 500, created, t0)
	want := rank.Add(p.Score, m.Params.Event(5, t0.Add(-5*day)))
	if diff := p2.Score - want; diff > 1e-9 || diff < -1e-9 {
		t.Errorf("first 500 stars of a 10-day-old repo: score %v, want an event of 5 five days ago (%v)", p2.Score, want)
	}
	// Upvotes on a first sighting: the midpoint between the item's date and the poll.
	o := hfDaily(0, 50, t0.Add(day))
	p3 := apply(t, m, p2, o, Changed)
	s, _ := p3.Sighting("hf-daily")
	wantHF := rank.Add(m.Params.Event(1, o.At), m.Params.Event(50*m.Params.Upvote, Midpoint(o.At, o.SeenAt)))
	if diff := s.Score - wantHF; diff > 1e-9 || diff < -1e-9 {
		t.Errorf("hf sighting score %v, want sighting at %v plus upvotes at the midpoint (%v)", s.Score, o.At, wantHF)
	}
	// Later increases are events at the time observed.
	o2 := hfDaily(0, 60, t0.Add(2*day))
	p4 := apply(t, m, p3, o2, Changed)
	want4 := rank.Add(p3.Score, m.Params.Event(10*m.Params.Upvote, o2.SeenAt))
	if diff := p4.Score - want4; diff > 1e-9 || diff < -1e-9 {
		t.Errorf("+10 upvotes: score %v, want %v", p4.Score, want4)
	}
}

// ARCHITECTURE.md §D5 amended: a 2016 repository with 5,000 static stars must not
// outrank a paper gaining 300 stars a day, while a two-day-old one with
// 2,000 stars at first sight is hot.
func TestStarGrowthOutranksOldStars(t *testing.T) {
	m := merger()
	now := t0
	paper := func(key feed.Key) *feed.Paper {
		o := listing("arxiv-cs-cv", 1, now.Add(-3*day))
		o.Key = key
		return apply(t, m, nil, o, Created)
	}
	old, _ := m.Stars(paper("arxiv:1"), 5000, time.Date(2016, 5, 1, 0, 0, 0, 0, time.UTC), now.Add(-3*day))
	growing := paper("arxiv:2")
	growing, _ = m.Stars(growing, 100, now.Add(-30*day), now.Add(-3*day))
	for d := 2; d >= 0; d-- {
		old, _ = m.Stars(old, 5000, time.Time{}, now.Add(-time.Duration(d)*day))
		growing, _ = m.Stars(growing, growing.Stars.Count()+300, time.Time{}, now.Add(-time.Duration(d)*day))
	}
	fresh := paper("arxiv:3")
	fresh, _ = m.Stars(fresh, 2000, now.Add(-2*day), now)
	v := func(p *feed.Paper) float64 { return m.Params.Value(p.Score, now) }
	if v(old) >= v(growing) {
		t.Errorf("2016 repo with 5,000 static stars (%.2f) outranks 300 stars/day (%.2f)", v(old), v(growing))
	}
	if v(fresh) <= v(growing) || v(fresh) <= v(old) {
		t.Errorf("2-day-old repo with 2,000 stars (%.2f) not above growing (%.2f) and old (%.2f)", v(fresh), v(growing), v(old))
	}
	if got := growing.Stars.Gained(now, day); got != 300 {
		t.Errorf("growing gained %d in the last day, want 300", got)
	}
}

// An old paper whose repository already has 4,730 stars does not top a
// fresh paper on its first sighting any more.
func TestOldPopularPaperFirstSighting(t *testing.T) {
	m := merger()
	fresh := apply(t, m, nil, listing("arxiv-cs-cv", 1, t0), Created)
	fresh = apply(t, m, fresh, mention("hn", 40, t0), Changed)
	o := hfDaily(4730, 10, t0)
	o.Key, o.Fields.Published, o.At = "arxiv:1904.00001", time.Date(2019, 4, 1, 0, 0, 0, 0, time.UTC), time.Date(2019, 4, 1, 0, 0, 0, 0, time.UTC)
	oldPaper := apply(t, m, nil, o, Created)
	if a, b := m.Params.Value(oldPaper.Score, t0), m.Params.Value(fresh.Score, t0); a >= b {
		t.Errorf("2019 paper with 4,730 stars at first sight scores %.2f ≥ fresh paper's %.2f", a, b)
	}
}

// A mention never sets a paper's repository; a declared one beats one
// from the abstract.
func TestRepoSources(t *testing.T) {
	m := merger()
	o := listing("arxiv-cs-cv", 1, t0)
	o.Fields.Repo = "someone/fork"
	p := apply(t, m, nil, o, Created)
	hn := mention("hn", 5, t0)
	hn.Fields.Repo = "spam/link"
	p = apply(t, m, p, hn, Changed)
	if p.Repo != "someone/fork" {
		t.Fatalf("repo after a mention = %q", p.Repo)
	}
	p = apply(t, m, p, hfDaily(10, 1, t0.Add(time.Hour)), Changed)
	if p.Repo != "chenxi52/frozenseg" || !p.RepoDeclared {
		t.Errorf("declared repo did not win: %q", p.Repo)
	}
	o2 := listing("arxiv-cs-lg", 2, t0.Add(2*time.Hour))
	o2.Fields.Repo = "someone/fork"
	if p = apply(t, m, p, o2, Changed); p.Repo != "chenxi52/frozenseg" {
		t.Errorf("abstract repo replaced a declared one: %q", p.Repo)
	}
}

func TestStarHistoryBounded(t *testing.T) {
	var s feed.Stars
	for i := range 100 {
		s.Observe(int64(10*i), t0.Add(time.Duration(i)*20*time.Minute))
	}
	if len(s.History) > feed.MaxStarPoints || len(s.History) < 8 {
		t.Fatalf("history has %d points", len(s.History))
	}
	for i := 1; i < len(s.History)-1; i++ {
		if s.History[i].At.Sub(s.History[i-1].At) < feed.StarSpacing {
			t.Errorf("points %d and %d closer than %s", i-1, i, feed.StarSpacing)
		}
	}
	last := t0.Add(99 * 20 * time.Minute)
	if s.Count() != 990 || s.At(last) != 990 {
		t.Errorf("count %d", s.Count())
	}
	if g := s.Gained(last, 24*time.Hour); g < 700 || g > 730 {
		t.Errorf("gained in 24 h = %d, want about 720", g)
	}
}
