package github_test

import (
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed/github"
)

// A paper with strong star growth and no other attention reaches the top
// of its topics within one signal pass.
func TestStarGrowthTopsTopicInOnePass(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 0)
	p := e.poller(t, 4000, "p1")
	e.pass(t, p)
	repo := e.repos[3]
	paper := e.papersOf(t, repo)[0]
	if len(paper.Sightings) != 1 {
		t.Fatalf("%s has %d sightings; want a paper with no other attention", paper.Key, len(paper.Sightings))
	}
	before := e.rankOf(t, "all", paper.Key)
	e.clock.Add(5 * time.Minute)
	e.api.AddStars(repo, 600)
	e.pass(t, p)
	for _, slug := range paper.Topics {
		if got := e.rankOf(t, slug, paper.Key); got != 1 {
			t.Errorf("%s after +600 stars: place %d in %s (was %d in all), want 1", paper.Key, got, slug, before)
		}
	}
}

// Figures of the default anonymous budget (50 an hour) over the seed
// papers: requests an hour, the share of 304s once every repository has
// been seen, and how long a star jump takes to lift its paper to the top
// of the feed. Real HTTP (httptest), injected clock, a pass every 5
// minutes as serve makes them.
func TestFigures(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 0)
	p := e.poller(t, 50, "p1")
	var hours []time.Time
	e.runPasses(t, p, 2*time.Hour, &hours, nil)
	steady := len(e.api.Requests())
	e.runPasses(t, p, 2*time.Hour, &hours, nil)
	reqs := e.api.Requests()[steady:]
	notModified := 0
	for _, r := range reqs {
		if r.Status == 304 {
			notModified++
		}
	}
	share := float64(notModified) / float64(len(reqs))
	perHour := float64(len(reqs)) / 2
	if perHour > 50 || share < 0.99 {
		t.Errorf("steady state: %.0f requests an hour, %.0f%% 304s", perHour, 100*share)
	}
	var worst, total time.Duration
	for i, repo := range e.repos {
		latency := e.starJump(t, p, repo, int64(1000*(i+1)))
		worst, total = max(worst, latency), total+latency
	}
	t.Logf("FIGURES: %d repositories of the seed papers, budget 50/h, a pass every 5 min: %.0f requests an hour in steady state, %.0f%% of them 304; a star jump reaches the top of the feed after %s on average, %s at worst",
		len(e.repos), perHour, 100*share, total/time.Duration(len(e.repos)), worst)
	if worst > time.Hour {
		t.Errorf("a star jump took %s to reach the feed", worst)
	}
}

// starJump adds stars to repo and makes passes until its paper tops the
// feed, returning the time it took.
func (e *env) starJump(t *testing.T, p *github.Poller, repo string, stars int64) time.Duration {
	t.Helper()
	paper := e.papersOf(t, repo)[0]
	e.api.AddStars(repo, stars)
	jump := e.clock.Now()
	for e.rankOf(t, "all", paper.Key) != 1 {
		if e.clock.Now().Sub(jump) > 2*time.Hour {
			t.Fatalf("a jump of %d stars on %s did not reach the top of the feed in 2 h", stars, repo)
		}
		e.clock.Add(5 * time.Minute)
		e.pass(t, p)
	}
	return e.clock.Now().Sub(jump)
}

// With a token's budget the poller checks every repository on every pass:
// 12 requests an hour per repository, as 304s once nothing changes.
func TestFiguresWithToken(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 0)
	p := e.poller(t, 4000, "p1")
	var hours []time.Time
	e.runPasses(t, p, time.Hour, &hours, nil)
	steady := len(e.api.Requests())
	e.runPasses(t, p, time.Hour, &hours, nil)
	reqs := e.api.Requests()[steady:]
	notModified := 0
	for _, r := range reqs {
		if r.Status == 304 {
			notModified++
		}
	}
	if len(reqs) != 12*len(e.repos) || notModified != len(reqs) {
		t.Errorf("with a token: %d requests in an hour for %d repositories, %d of them 304", len(reqs), len(e.repos), notModified)
	}
	t.Logf("FIGURES: budget 4000/h: %d requests an hour for %d repositories, %d%% 304", len(reqs), len(e.repos), 100*notModified/len(reqs))
}
