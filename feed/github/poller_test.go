package github_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/github"
	"github.com/paperwire/paperwire/feed/github/githubtest"
)

// perWindow counts the API's requests per clock hour, given the clock
// time of each pass's requests.
func countByHour(reqs []githubtest.Request, hours []time.Time) map[time.Time]int {
	out := map[time.Time]int{}
	for i := range reqs {
		out[hours[i]]++
	}
	return out
}

// runPasses makes a pass every 5 minutes for d, recording the clock hour
// of every request made, and returns the reports.
func (e *env) runPasses(t *testing.T, p *github.Poller, d time.Duration, hours *[]time.Time, each func()) []github.Report {
	t.Helper()
	var reps []github.Report
	for end := e.clock.Now().Add(d); e.clock.Now().Before(end); e.clock.Add(5 * time.Minute) {
		if each != nil {
			each()
		}
		before := len(e.api.Requests())
		reps = append(reps, e.pass(t, p))
		for range len(e.api.Requests()) - before {
			*hours = append(*hours, e.clock.Now().Truncate(time.Hour))
		}
	}
	return reps
}

// The budget is never exceeded, whatever the number of repositories.
func TestBudgetNeverExceeded(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 0)
	p := e.poller(t, 12, "p1")
	var hours []time.Time
	e.runPasses(t, p, 3*time.Hour, &hours, nil)
	for h, n := range countByHour(e.api.Requests(), hours) {
		if n > 12 {
			t.Errorf("hour %s: %d requests, budget 12", h.Format(time.TimeOnly), n)
		}
		if n < 12 {
			t.Errorf("hour %s: %d requests: the budget of 12 was not spent on %d repositories", h.Format(time.TimeOnly), n, len(e.repos))
		}
	}
}

// x-ratelimit-remaining: 0 stops every request until the reset it
// names; so does a 403 refusal with it (the quota used up by another
// client of the token).
func TestRateLimitHonoured(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 7) // the API allows fewer requests than the budget
	p := e.poller(t, 60, "p1")
	var hours []time.Time
	reps := e.runPasses(t, p, 2*time.Hour, &hours, func() {
		if e.clock.Now().Sub(start) == time.Hour {
			e.api.Exhaust()
		}
	})
	reqs := e.api.Requests()
	refused := map[time.Time]int{}
	for i, r := range reqs {
		if r.Status == 403 {
			refused[hours[i]]++
		}
		if r.Accept != "application/vnd.github+json" {
			t.Fatalf("request %s with Accept %q", r.Path, r.Accept)
		}
	}
	byHour := countByHour(reqs, hours)
	if h := start.Truncate(time.Hour); byHour[h] != 7 || refused[h] != 0 {
		t.Errorf("hour %s: %d requests, %d refused; want the 7 the API allows, none refused", h.Format(time.TimeOnly), byHour[h], refused[h])
	}
	if h := start.Add(time.Hour).Truncate(time.Hour); byHour[h] != 1 || refused[h] != 1 {
		t.Errorf("hour %s (exhausted by another client): %d requests, %d refused; want one refusal, then none", h.Format(time.TimeOnly), byHour[h], refused[h])
	}
	blocked := 0
	for _, r := range reps {
		if !r.BlockedUntil.IsZero() {
			blocked++
		}
	}
	if blocked < 12 {
		t.Errorf("%d passes reported the rate limit", blocked)
	}
}

// Conditional requests, a renamed repository followed and remembered
// with its history, a gone one not retried, stars that rise and the
// paper that climbs.
func TestConditionalRenameGoneAndClimb(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 0)
	p := e.poller(t, 4000, "p1")
	first := e.pass(t, p)
	if first.Checked != len(e.repos) || first.Changed != len(e.repos) {
		t.Fatalf("first pass: %+v, want %d repositories checked and changed", first, len(e.repos))
	}
	renamed, gone, riser := e.repos[0], e.repos[1], e.repos[len(e.repos)-1]
	riserPaper := e.papersOf(t, riser)[0].Key
	before := e.rankOf(t, "all", riserPaper)
	e.api.Rename(renamed, "NewOwner/NewName")
	e.api.Remove(gone)
	e.api.AddStars(riser, 900)

	e.clock.Add(5 * time.Minute)
	second := e.pass(t, p)
	if second.NotModified != len(e.repos)-3 || second.Moved != 1 || second.Gone != 1 || second.StarsGained != 900 {
		t.Errorf("second pass: %#v", second)
	}
	if after := e.rankOf(t, "all", riserPaper); after != 1 || before == 1 {
		t.Errorf("%s gained 900 stars: place %d → %d, want → 1", riserPaper, before, after)
	}
	e.api.AddStars("newowner/newname", 40)
	for range 5 {
		e.clock.Add(5 * time.Minute)
		e.pass(t, p)
	}
	var goneAsked, movedAsked, oldAsked int
	for _, r := range e.api.Requests()[len(e.repos):] {
		switch r.Path {
		case "/repos/" + gone:
			goneAsked++
		case "/repos/newowner/newname":
			movedAsked++
		case "/repos/" + renamed:
			oldAsked++
		}
	}
	if goneAsked != 1 || oldAsked != 1 || movedAsked != 6 {
		t.Errorf("after the rename: gone asked %d times (want 1), old name %d (want 1), new name %d (want 6)", goneAsked, oldAsked, movedAsked)
	}
	hist := e.papersOf(t, renamed)[0].Stars.History
	if len(hist) != 2 || hist[1].Stars != hist[0].Stars+40 {
		t.Errorf("renamed repository's history %+v: want its first count and the 40 stars after the rename", hist)
	}
	st, _ := e.store.RepoStates(context.Background(), []string{renamed})
	if st[0].MovedTo != "newowner/newname" {
		t.Errorf("rename not remembered: %+v", st[0])
	}
	conditional := 0
	for _, r := range e.api.Requests()[len(e.repos):] {
		if r.Status == 304 && strings.HasPrefix(r.IfNoneMatch, `W/"`) {
			conditional++
		}
	}
	if conditional < 5*(len(e.repos)-3) {
		t.Errorf("%d 304s in %d requests after the first pass", conditional, len(e.api.Requests())-len(e.repos))
	}
}

// A secondary limit (429 with retry-after) stops requests for that long.
func TestRetryAfterHonoured(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 0)
	p := e.poller(t, 4000, "p1")
	e.api.Throttle(12 * time.Minute)
	r := e.pass(t, p)
	if r.Checked != 1 || r.RateLimited != 1 || !r.BlockedUntil.Equal(start.Add(12*time.Minute)) {
		t.Fatalf("throttled pass: %#v", r)
	}
	for _, d := range []time.Duration{5 * time.Minute, 5 * time.Minute} {
		e.clock.Add(d)
		if r := e.pass(t, p); r.Checked != 0 {
			t.Errorf("%s after a retry-after of 12m: %d requests", e.clock.Now().Sub(start), r.Checked)
		}
	}
	e.clock.Add(5 * time.Minute)
	if r := e.pass(t, p); r.Checked != len(e.repos) {
		t.Errorf("after the retry-after: %d requests, want every repository (%d)", r.Checked, len(e.repos))
	}
}

// The token, when set, authorises every request; anonymous otherwise.
func TestTokenSent(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 0)
	anon := e.poller(t, 4000, "p1")
	e.pass(t, anon)
	p, err := github.New(e.store, github.Config{
		API: e.api.URL, Token: "ghp_test", PerHour: 4000, Every: 5 * time.Minute, Holder: "p2", Topics: topics,
		Params: e.merger.Params, Now: e.clock.Now,
	}, discard)
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Add(5 * time.Minute)
	e.pass(t, p)
	reqs := e.api.Requests()
	for i, r := range reqs {
		if want := map[bool]string{true: "", false: "Bearer ghp_test"}[i < len(e.repos)]; r.Auth != want {
			t.Fatalf("request %d (%s): Authorization %q, want %q", i, r.Path, r.Auth, want)
		}
	}
}

// A paper that enters a feed after the last scan of every paper is
// checked on the next pass.
func TestNewPaperInFeedCheckedAtOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 0)
	p := e.poller(t, 4000, "p1")
	e.pass(t, p)
	e.clock.Add(5 * time.Minute)
	e.api.Set(githubtest.Repo{FullName: "New/Repo", Stars: 900, Created: e.clock.Now().Add(-72 * time.Hour)})
	o := feed.Observation{
		Key: "arxiv:2404.00001", Source: "arxiv-cs-cv", Role: feed.RolePapers, Listing: true, SeenAt: e.clock.Now(), At: e.clock.Now(),
		Quality: feed.QualityListing, Fields: feed.Fields{ArxivID: "2404.00001", Title: "A new paper", Categories: []string{"cs.CV"}, Repo: "new/repo"},
	}
	err := e.store.Merge(context.Background(), []feed.Key{o.Key}, func(map[feed.Key]*feed.Paper) ([]*feed.Paper, error) {
		np, _ := e.merger.Apply(nil, o)
		return []*feed.Paper{np}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	before := len(e.api.Requests())
	e.pass(t, p)
	if first := e.api.Requests()[before]; first.Path != "/repos/new/repo" || first.Status != 200 {
		t.Errorf("the new paper's never-checked repository was not checked first: %+v", first)
	}
	if got := e.rankOf(t, "all", o.Key); got != 1 {
		t.Errorf("new paper with 900 stars on a 3-day-old repository: place %d, want 1", got)
	}
}

// A second paper of an already checked repository gets its star count
// even when the repository answers 304.
func TestSecondPaperOfRepositoryGetsStars(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 0)
	p := e.poller(t, 4000, "p1")
	e.pass(t, p)
	repo := e.repos[2]
	want := e.papersOf(t, repo)[0].Stars.Count()
	e.clock.Add(5 * time.Minute)
	o := feed.Observation{
		Key: "arxiv:2404.00002", Source: "arxiv-cs-cv", Role: feed.RolePapers, Listing: true, SeenAt: e.clock.Now(), At: e.clock.Now(),
		Quality: feed.QualityListing, Fields: feed.Fields{ArxivID: "2404.00002", Title: "Same code, another paper", Repo: repo},
	}
	err := e.store.Merge(context.Background(), []feed.Key{o.Key}, func(map[feed.Key]*feed.Paper) ([]*feed.Paper, error) {
		np, _ := e.merger.Apply(nil, o)
		return []*feed.Paper{np}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if r := e.pass(t, p); r.NotModified != len(e.repos) {
		t.Fatalf("second pass: %+v, want every repository 304", r)
	}
	got, err := e.store.Paper(context.Background(), o.Key)
	if err != nil || got.Stars.Count() != want {
		t.Errorf("second paper of %s: %d stars (%v), want %d", repo, got.Stars.Count(), err, want)
	}
}
