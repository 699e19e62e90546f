package merge

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/rank"
	"github.com/paperwire/paperwire/feed/topic"
)

var t0 = time.Date(2024, 3, 25, 12, 0, 0, 0, time.UTC)

func merger() *Merger {
	return &Merger{Params: rank.Defaults(), Topics: topic.NewMatcher([]feed.Topic{
		{Slug: "all"}, {Slug: "seg", Keywords: []string{"segmentation"}},
	})}
}

func listing(source string, version int, at time.Time) feed.Observation {
	return feed.Observation{
		Key: "arxiv:2403.15157", Source: source, Role: feed.RolePapers, Listing: true, SeenAt: at, At: at,
		Quality: feed.QualityListing,
		Fields: feed.Fields{
			ArxivID: "2403.15157", Version: version, Title: "FrozenSeg: open-vocabulary segmentation",
			Abstract: "Abstract v" + string(rune('0'+version)), Authors: []string{"Xinyu Chen", "Anna Müller"},
			Categories: []string{"cs.CV"}, Links: feed.Links{Abstract: "https://arxiv.org/abs/2403.15157"},
		},
	}
}

func mention(source string, points int64, at time.Time) feed.Observation {
	return feed.Observation{
		Key: "arxiv:2403.15157", Source: source, Role: feed.RoleMentions, SeenAt: at, At: at, Quality: feed.QualityMention,
		Fields:  feed.Fields{ArxivID: "2403.15157", Title: "Show HN: a discussion title"},
		Signals: feed.Signals{Points: points}, URL: "https://news.ycombinator.com/item?id=1",
	}
}

func apply(t *testing.T, m *Merger, p *feed.Paper, o feed.Observation, want Outcome) *feed.Paper {
	t.Helper()
	next, got := m.Apply(p, o)
	if got != want {
		t.Fatalf("Apply(%s from %s) = outcome %d, want %d", o.Key, o.Source, got, want)
	}
	return next
}

func TestNewPaper(t *testing.T) {
	p := apply(t, merger(), nil, listing("arxiv-cs-cv", 1, t0), Created)
	if p.Title == "" || len(p.Sightings) != 1 || p.Sightings[0].Weight != 1 || p.Score == rank.Empty {
		t.Errorf("new paper: %+v", p)
	}
	if got := rank.Defaults().Value(p.Score, t0); got != 1 {
		t.Errorf("score value = %v, want 1 (one papers sighting)", got)
	}
	if len(p.Topics) != 2 {
		t.Errorf("topics = %v, want all and seg", p.Topics)
	}
}

// A re-sighting by the same source changes nothing and returns cur itself.
func TestResightingChangesNothing(t *testing.T) {
	m := merger()
	p := apply(t, m, nil, listing("arxiv-cs-cv", 1, t0), Created)
	before, _ := json.Marshal(p)
	again := apply(t, m, p, listing("arxiv-cs-cv", 1, t0.Add(6*time.Hour)), Unchanged)
	after, _ := json.Marshal(again)
	if again != p || string(before) != string(after) {
		t.Error("a re-sighting changed the paper")
	}
}

// All arXiv listings of a paper count once; a replacement is a new
// version, not new interest; a replacement of an unknown paper is kept
// but files the paper under no topic until it has an event.
func TestListingsCountOnce(t *testing.T) {
	m := merger()
	p := apply(t, m, nil, listing("arxiv-cs-cv", 1, t0), Created)
	cross := apply(t, m, p, listing("arxiv-cs-lg", 1, t0), Changed)
	if cross.Score != p.Score || len(cross.Sightings) != 2 || cross.Sightings[1].Weight != 0 {
		t.Errorf("a cross-list raised the score or was not recorded: %+v", cross.Sightings)
	}
	repl := listing("arxiv-cs-ai", 2, t0.Add(24*time.Hour))
	repl.Update = true
	v2 := apply(t, m, cross, repl, Changed)
	if v2.Version != 2 || v2.Abstract != "Abstract v2" || v2.Score != p.Score {
		t.Errorf("replacement: version %d abstract %q score changed %v", v2.Version, v2.Abstract, v2.Score != p.Score)
	}
	dormant := apply(t, m, nil, repl, Created)
	if dormant.Score != rank.Empty || len(dormant.Topics) != 0 {
		t.Errorf("replacement of an unknown paper: score %v topics %v; want no event, no topic", dormant.Score, dormant.Topics)
	}
	woken := apply(t, m, dormant, listing("arxiv-cs-cv", 1, t0), Changed)
	if woken.Score != p.Score || len(woken.Topics) == 0 || woken.Version != 2 {
		t.Errorf("the new-announcement after the replacement: score %v (want %v) topics %v version %d", woken.Score, p.Score, woken.Topics, woken.Version)
	}
}

// A mention adds its weight and engagement but never overrides the
// listing's title; engagement counts only increases.
func TestMentionAndEngagement(t *testing.T) {
	m := merger()
	p := apply(t, m, nil, listing("arxiv-cs-cv", 1, t0), Created)
	hn := apply(t, m, p, mention("hn", 10, t0), Changed)
	if hn.Title != p.Title {
		t.Errorf("a mention overrode the title: %q", hn.Title)
	}
	params := rank.Defaults()
	if got, want := params.Value(hn.Score, t0), 1+2+10*0.1; !near(got, want) {
		t.Errorf("score = %v, want %v", got, want)
	}
	more := apply(t, m, hn, mention("hn", 30, t0.Add(time.Hour)), Changed)
	// +20 points observed an hour later, valued at t0: 20·0.1·2^(1h/48h).
	if got, want := params.Value(more.Score, t0), 1+2+1+20*0.1*math.Pow(2, 1.0/48); !near(got, want) {
		t.Errorf("score after +20 points an hour later = %v, want %v", got, want)
	}
	apply(t, m, more, mention("hn", 25, t0.Add(2*time.Hour)), Unchanged)
}

func near(a, b float64) bool {
	return math.Abs(a-b) < 1e-9
}

// A lesser source fills gaps (code and Hugging Face links) but does not
// override; a better one overrides a mention's provisional title.
func TestFieldPriorities(t *testing.T) {
	m := merger()
	p := apply(t, m, nil, mention("hn", 0, t0), Created)
	if p.Title != "Show HN: a discussion title" || p.Quality != feed.QualityMention {
		t.Fatalf("mention-only paper: %q quality %d", p.Title, p.Quality)
	}
	p = apply(t, m, p, listing("arxiv-cs-cv", 1, t0), Changed)
	if p.Title != "FrozenSeg: open-vocabulary segmentation" || p.Quality != feed.QualityListing {
		t.Errorf("listing did not override the mention: %q", p.Title)
	}
	hf := feed.Observation{Key: p.Key, Source: "hf-daily", Role: feed.RolePapers, SeenAt: t0, At: t0, Quality: feed.QualityAggregator,
		Fields:  feed.Fields{Title: "Other title", Links: feed.Links{Code: "https://github.com/chenxi52/FrozenSeg", HF: "https://huggingface.co/papers/2403.15157"}},
		Signals: feed.Signals{Upvotes: 57}}
	p = apply(t, m, p, hf, Changed)
	if p.Title != "FrozenSeg: open-vocabulary segmentation" || p.Links.Code == "" || p.Links.HF == "" || p.Signals().Upvotes != 57 {
		t.Errorf("after HF: title %q links %+v signals %+v", p.Title, p.Links, p.Signals())
	}
}

// The same observations always give the same bytes.
func TestDeterministic(t *testing.T) {
	run := func() string {
		m := merger()
		p := apply(t, m, nil, listing("arxiv-cs-cv", 1, t0), Created)
		p = apply(t, m, p, mention("hn", 12, t0.Add(time.Hour)), Changed)
		p = apply(t, m, p, listing("arxiv-cs-lg", 1, t0), Changed)
		b, _ := json.Marshal(p)
		return string(b)
	}
	if a, b := run(), run(); a != b {
		t.Errorf("two runs differ:\n%s\n%s", a, b)
	}
}
