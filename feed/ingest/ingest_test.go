package ingest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/feedtest"
	"github.com/paperwire/paperwire/feed/fetch"
	"github.com/paperwire/paperwire/feed/ingest"
	"github.com/paperwire/paperwire/storage/bolt"
)

var topics = []feed.Topic{
	{Slug: "all", Limit: 50},
	{Slug: "segmentation", Keywords: []string{"segmentation"}, Limit: 50},
	{Slug: "vision", Categories: []string{"cs.CV"}, Limit: 50},
}

// clock is the settable test clock shared by the stage tests.
type clock = feedtest.Clock

type env struct {
	store *bolt.Store
	up    *upstream
	clock *clock
}

func newEnv(t *testing.T) *env {
	t.Helper()
	s, err := bolt.Open(filepath.Join(t.TempDir(), "paperwire.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return &env{store: s, up: newUpstream(t), clock: feedtest.NewClock(time.Date(2024, 3, 27, 12, 0, 0, 0, time.UTC))}
}

// ingester builds a fresh pipeline over the env's store, as a new
// `paperwire fetch` run would; with changes to its config.
func (e *env) ingester(opts fetch.Options, with ...func(*ingest.Config)) *ingest.Ingester {
	cfg := ingest.Config{
		Topics: topics, Now: e.clock.Now, Rand: func() float64 { return 0.5 }, Concurrency: 4,
	}
	for _, f := range with {
		f(&cfg)
	}
	return ingest.New(e.store, fetch.New(opts), cfg, nil)
}

func (e *env) source(name, file string, role feed.Role) feed.Source {
	kind := feed.KindFeed
	if strings.HasSuffix(file, ".json") {
		kind = feed.KindHFDaily
	}
	return feed.Source{Name: name, URL: e.up.URL + "/" + file, Kind: kind, Role: role, Every: time.Hour}
}

// fiveSources are the fixtures in which seed 0 (FrozenSeg) appears.
func (e *env) fiveSources() []feed.Source {
	return []feed.Source{
		e.source("arxiv-cs-cv", "arxiv-listing-cs.CV.rss", feed.RolePapers),
		e.source("arxiv-cs-lg", "arxiv-listing-cs.LG.rss", feed.RolePapers),
		e.source("hf-daily", "hf-daily.json", feed.RolePapers),
		e.source("hn-arxiv", "hnrss.rss", feed.RoleMentions),
		e.source("blog", "blog.rss", feed.RoleMentions),
	}
}

func reportOf(t *testing.T, reports []ingest.Report, source string) ingest.Report {
	t.Helper()
	for _, r := range reports {
		if r.Source == source {
			return r
		}
	}
	t.Fatalf("no report for %s in %+v", source, reports)
	return ingest.Report{}
}

// The same paper seen in two category listings (v1 then v2), on Hugging
// Face, on Hacker News and in a blog post is one paper with five sightings.
func TestFiveSightingsOnePaper(t *testing.T) {
	e := newEnv(t)
	reports := e.ingester(fetch.Options{}).Round(context.Background(), e.fiveSources(), false)
	for _, r := range reports {
		if r.Status != ingest.StatusFetched {
			t.Fatalf("%s: %s %s", r.Source, r.Status, r.Reason)
		}
	}
	p, err := e.store.Paper(context.Background(), "arxiv:2403.15157")
	if err != nil {
		t.Fatal(err)
	}
	var sources []string
	for _, s := range p.Sightings {
		sources = append(sources, s.Source)
	}
	if want := []string{"arxiv-cs-cv", "arxiv-cs-lg", "blog", "hf-daily", "hn-arxiv"}; !slices.Equal(sources, want) {
		t.Errorf("sightings %v, want %v", sources, want)
	}
	if p.Version != 2 || !strings.HasPrefix(p.Title, "FrozenSeg:") || p.Links.Code != "https://github.com/chenxi52/FrozenSeg" || p.Links.HF == "" {
		t.Errorf("merged paper: version %d title %q links %+v", p.Version, p.Title, p.Links)
	}
	sig := p.Signals()
	if sig.Upvotes != 57 || sig.Points != 57 || sig.Stars != 120 {
		t.Errorf("signals %+v", sig)
	}
	if lg, _ := p.Sighting("arxiv-cs-lg"); lg.Weight != 0 {
		t.Errorf("the second listing (a replacement) carried weight %v", lg.Weight)
	}
}

// snapshot is every stored paper and every topic's ranking, as bytes.
func snapshot(t *testing.T, s *bolt.Store) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	cursor := ""
	for {
		page, next, err := s.Scan(ctx, cursor, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range page {
			j, _ := json.Marshal(p)
			b.Write(j)
		}
		if cursor = next; cursor == "" {
			break
		}
	}
	for _, tp := range topics {
		top, _ := s.Top(ctx, tp.Slug, 1000)
		fmt.Fprintf(&b, "\n%s %v", tp.Slug, top)
	}
	revs, _ := s.Revisions(ctx)
	fmt.Fprintf(&b, "\n%v", revs)
	return b.String()
}

// Ingesting the same feeds again (parsed again, later) changes no stored
// byte: re-sightings are not events.
func TestReingestChangesNothing(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	srcs := e.fiveSources()
	e.ingester(fetch.Options{}).Round(ctx, srcs, false)
	before := snapshot(t, e.store)
	for _, s := range srcs { // forget validators and digests: force a full parse
		if err := e.store.SaveSourceState(ctx, feed.SourceState{Name: s.Name}); err != nil {
			t.Fatal(err)
		}
	}
	e.clock.Add(6 * time.Hour)
	for _, r := range e.ingester(fetch.Options{}).Round(ctx, srcs, false) {
		if r.Status != ingest.StatusFetched || r.New+r.Merged != 0 || r.Unchanged == 0 {
			t.Errorf("%s: %s new %d merged %d unchanged %d", r.Source, r.Status, r.New, r.Merged, r.Unchanged)
		}
	}
	if after := snapshot(t, e.store); after != before {
		t.Error("re-ingesting the same feeds changed the store")
	}
}

// The stored validators make the next poll conditional; identical bytes
// from a server without validators are not parsed again.
func TestConditionalAndDigest(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	src := e.source("arxiv-cs-cv", "arxiv-listing-cs.CV.rss", feed.RolePapers)
	e.ingester(fetch.Options{}).Round(ctx, []feed.Source{src}, false)
	r := e.ingester(fetch.Options{}).Poll(ctx, src, false)
	if _, cond := e.up.count("arxiv-listing-cs.CV.rss"); r.Status != ingest.StatusNotModified || cond != 1 {
		t.Errorf("second poll: %s, %d conditional requests; want not modified after 1", r.Status, cond)
	}
	e.up.setValidators(false)
	if r := e.ingester(fetch.Options{}).Poll(ctx, src, false); r.Status != ingest.StatusUnchanged || r.Items != 0 {
		t.Errorf("same bytes without validators: %s, %d items parsed; want unchanged, none", r.Status, r.Items)
	}
}
