package github_test

import (
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed/github/githubtest"
)

// Through the API, over three days of passes every 3 hours: a 2016 repository
// with 5,000 static stars stays below a paper gaining 300 stars a day.
func TestStarGrowthAgainstOldStars(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 0)
	old, growing := e.repos[0], e.repos[1]
	e.api.Set(githubtest.Repo{FullName: old, Stars: 5000, Created: time.Date(2016, 5, 1, 0, 0, 0, 0, time.UTC)})
	e.api.Set(githubtest.Repo{FullName: growing, Stars: 100, Created: start.AddDate(0, -1, 0)})
	p := e.poller(t, 4000, "p1")
	e.pass(t, p)
	for range 3 * 8 {
		e.clock.Add(3 * time.Hour)
		e.api.AddStars(growing, 300/8)
		e.pass(t, p)
	}
	key := func(repo string) string { return string(e.papersOf(t, repo)[0].Key) }
	if o, g := e.rankOf(t, "all", e.papersOf(t, old)[0].Key), e.rankOf(t, "all", e.papersOf(t, growing)[0].Key); o < g {
		t.Errorf("%s (2016, 5,000 static stars) at place %d above %s (+300 a day) at %d", key(old), o, key(growing), g)
	}
}

// A repository created two days before the paper's first sighting, with
// 2,000 stars at first sight, lifts the paper near the top at once.
func TestYoungRepositoryHotAtFirstSight(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 0)
	fresh := e.repos[4]
	e.api.Set(githubtest.Repo{FullName: fresh, Stars: 2000, Created: start.Add(-48 * time.Hour)})
	e.pass(t, e.poller(t, 4000, "p1"))
	if got := e.rankOf(t, "all", e.papersOf(t, fresh)[0].Key); got != 1 {
		t.Errorf("two-day-old repository with 2,000 stars at first sight: place %d, want the top", got)
	}
}
