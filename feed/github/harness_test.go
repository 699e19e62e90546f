package github_test

import (
	"context"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/feedtest"
	"github.com/paperwire/paperwire/feed/github"
	"github.com/paperwire/paperwire/feed/github/githubtest"
	"github.com/paperwire/paperwire/feed/merge"
	"github.com/paperwire/paperwire/feed/normalize"
	"github.com/paperwire/paperwire/feed/parse"
	"github.com/paperwire/paperwire/feed/rank"
	"github.com/paperwire/paperwire/feed/topic"
	"github.com/paperwire/paperwire/storage"
	"github.com/paperwire/paperwire/storage/bolt"
)

var (
	start  = time.Date(2024, 3, 27, 12, 0, 0, 0, time.UTC)
	topics = []feed.Topic{{Slug: "all", Limit: 50}, {Slug: "vision", Categories: []string{"cs.CV"}, Limit: 50}}
)

var discard = slog.New(slog.NewTextHandler(io.Discard, nil))

// clock is the settable test clock shared by the stage tests.
type clock = feedtest.Clock

type env struct {
	store  storage.Store
	api    *githubtest.API
	clock  *clock
	merger *merge.Merger
	repos  []string // every repository of the stored papers, sorted
}

// fixtures are the arXiv listings and API feed made from the seeds: their
// abstracts and comments name 19 real GitHub repositories.
var fixtures = []string{"arxiv-listing-cs.CV.rss", "arxiv-listing-cs.LG.rss", "arxiv-listing-cs.CV.atom", "arxiv-api.atom"}

// newEnv stores the fixtures' papers (seen at start) in a bolt store and
// serves each of their repositories from a fake API limited to
// apiLimit requests an hour.
func newEnv(t *testing.T, apiLimit int) *env {
	t.Helper()
	s, err := bolt.Open(filepath.Join(t.TempDir(), "paperwire.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return newEnvOn(t, s, apiLimit)
}

// newEnvOn is newEnv on a given store.
func newEnvOn(t *testing.T, s storage.Store, apiLimit int) *env {
	t.Helper()
	e := &env{store: s, clock: feedtest.NewClock(start), merger: &merge.Merger{Params: rank.Defaults(), Topics: topic.NewMatcher(topics)}}
	e.ingest(t)
	e.api = githubtest.New(apiLimit, e.clock.Now)
	t.Cleanup(e.api.Close)
	for i, name := range e.repos {
		e.api.Set(githubtest.Repo{FullName: name, Stars: int64(50 + 20*i), Created: start.AddDate(0, -6, 0)})
	}
	return e
}

func (e *env) ingest(t *testing.T) {
	t.Helper()
	var obs []feed.Observation
	for _, f := range fixtures {
		body, err := os.ReadFile(filepath.Join("..", "testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := parse.Parser{}.Parse(feed.KindFeed, body)
		if err != nil {
			t.Fatalf("parse %s: %v", f, err)
		}
		for _, it := range doc.Items {
			o, _ := normalize.Item(feed.Source{Name: f, Role: feed.RolePapers, Kind: feed.KindFeed}, it, start)
			obs = append(obs, o...)
		}
	}
	keys := make([]feed.Key, len(obs))
	for i, o := range obs {
		keys[i] = o.Key
	}
	// One Merge (one transaction) for all: each paper gets its
	// observations in order, as from one Merge per observation.
	err := e.store.Merge(context.Background(), keys, func(cur map[feed.Key]*feed.Paper) ([]*feed.Paper, error) {
		changed := map[feed.Key]*feed.Paper{}
		for _, o := range obs {
			p, outcome := e.merger.Apply(cur[o.Key], o)
			if outcome != merge.Unchanged {
				cur[o.Key], changed[o.Key] = p, p
			}
		}
		return slices.Collect(maps.Values(changed)), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	e.repos = e.scoredRepos(t)
}

// scoredRepos lists the repositories of the scored papers (dormant ones
// are not checked).
func (e *env) scoredRepos(t *testing.T) []string {
	t.Helper()
	var repos []string
	for cursor := ""; ; {
		ps, next, err := e.store.Scan(context.Background(), cursor, 500)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			if p.Repo != "" && p.Score != rank.Empty && !slices.Contains(repos, p.Repo) {
				repos = append(repos, p.Repo)
			}
		}
		if next == "" {
			slices.Sort(repos)
			return repos
		}
		cursor = next
	}
}

func (e *env) poller(t *testing.T, perHour int, holder string) *github.Poller {
	t.Helper()
	return e.pollerOn(t, e.store, perHour, holder)
}

// pollerOn is a poller of another client of the env's store (another
// process).
func (e *env) pollerOn(t *testing.T, store github.Store, perHour int, holder string) *github.Poller {
	t.Helper()
	p, err := github.New(store, github.Config{
		API: e.api.URL, PerHour: perHour, Every: 5 * time.Minute, Holder: holder, Topics: topics,
		Params: e.merger.Params, Now: e.clock.Now,
	}, discard)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (e *env) pass(t *testing.T, p *github.Poller) github.Report {
	t.Helper()
	r, err := p.Pass(context.Background())
	if err != nil {
		t.Fatalf("pass at %s: %v", e.clock.Now().Format(time.TimeOnly), err)
	}
	return r
}

// papersOf returns the keys of the papers whose repository is repo.
func (e *env) papersOf(t *testing.T, repo string) []*feed.Paper {
	t.Helper()
	var out []*feed.Paper
	for cursor := ""; ; {
		ps, next, err := e.store.Scan(context.Background(), cursor, 500)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			if p.Repo == repo {
				out = append(out, p)
			}
		}
		if next == "" {
			return out
		}
		cursor = next
	}
}

// rankOf is the 1-based place of key in the topic ("0": absent).
func (e *env) rankOf(t *testing.T, slug string, key feed.Key) int {
	t.Helper()
	top, err := e.store.Top(context.Background(), slug, 100)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range top {
		if r.Key == key {
			return i + 1
		}
	}
	return 0
}
