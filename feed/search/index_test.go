package search_test

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/feedtest"
	"github.com/paperwire/paperwire/feed/search"
	"github.com/paperwire/paperwire/feed/topic"
)

// synthPapers returns n papers made from the seed papers, with scores
// that repeat (ties break by key).
func synthPapers(t testing.TB, n int) []*feed.Paper {
	t.Helper()
	g, err := feedtest.New()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]*feed.Paper, n)
	for i, sp := range g.Papers(0, n) {
		out[i] = &feed.Paper{
			Key:    feed.ArxivKey(sp.ID),
			Fields: feed.Fields{Title: sp.Title, Abstract: sp.Abstract, Categories: sp.Categories},
			Score:  float64(i % 7),
		}
	}
	return out
}

func byKey(ps []*feed.Paper) map[feed.Key]*feed.Paper {
	m := make(map[feed.Key]*feed.Paper, len(ps))
	for _, p := range ps {
		m[p.Key] = p
	}
	return m
}

// brute is the reference: every paper that Query.Match takes, ranked.
func brute(ps []*feed.Paper, q *topic.Query, n int) []search.Hit {
	var hits []search.Hit
	for _, p := range ps {
		if q.Match(p) {
			hits = append(hits, search.Hit{Key: p.Key, Score: p.Score})
		}
	}
	slices.SortFunc(hits, func(a, b search.Hit) int {
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return strings.Compare(string(a.Key), string(b.Key))
	})
	return hits[:min(len(hits), n)]
}

// randomQuery builds a query from words of the papers' text, with
// phrases, ORs, categories and exclusions.
func randomQuery(r *rand.Rand, ps []*feed.Paper) string {
	p := ps[r.IntN(len(ps))]
	words := strings.Fields(strings.ToLower(p.Title + " " + p.Abstract))
	pick := func() string { return strings.Trim(words[r.IntN(len(words))], ".,:;()") }
	var parts []string
	for range 1 + r.IntN(3) {
		switch r.IntN(6) {
		case 0:
			i := r.IntN(len(words) - 1)
			parts = append(parts, `"`+words[i]+" "+words[i+1]+`"`)
		case 1:
			parts = append(parts, pick()+" OR "+pick())
		case 2:
			parts = append(parts, "cat:"+feedtest.Categories[r.IntN(4)])
		case 3:
			parts = append(parts, "-"+pick())
		default:
			parts = append(parts, pick())
		}
	}
	return strings.Join(parts, " ")
}

// The index narrows every query down to the papers Query.Match (the
// topic keyword matcher) takes, exactly unless the query has a phrase;
// the follower's answer is always exactly theirs.
func TestIndexAgreesWithMatcher(t *testing.T) {
	t.Parallel()
	ps := synthPapers(t, 400)
	st := openBolt(t)
	put(t, st, ps...)
	f := search.NewFollower(st, nil)
	if err := f.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 250 {
		raw := randomQuery(r, ps)
		q, err := topic.ParseQuery(raw)
		if err != nil {
			continue // punctuation only
		}
		all := brute(ps, q, 1000)
		want := all[:min(len(all), 20)] // brute(ps, q, 20), without matching every paper again
		candidates, _, exact := f.Index.Search(q, 1000)
		if exact && !slices.Equal(candidates, all) || !exact && !subset(all, candidates) {
			t.Fatalf("query %d %q: index %v (exact %v), matcher %v", i, q, candidates, exact, all)
		}
		papers, _, err := f.Search(context.Background(), q, 20)
		if err != nil {
			t.Fatal(err)
		}
		got := make([]search.Hit, len(papers))
		for k, p := range papers {
			got[k] = search.Hit{Key: p.Key, Score: p.Score}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("query %d %q: follower %v, matcher %v", i, q, got, want)
		}
	}
}

// subset reports whether every hit of a is in b.
func subset(a, b []search.Hit) bool {
	for _, h := range a {
		if !slices.Contains(b, h) {
			return false
		}
	}
	return true
}

// Changed papers are found by their new words only, scores move them,
// deleted ones are gone, and compaction changes nothing visible.
func TestIndexFollowsChanges(t *testing.T) {
	t.Parallel()
	ps := synthPapers(t, 3000)
	x := search.NewIndex()
	x.Put(byKey(ps))
	q, _ := topic.ParseQuery("zyzzyva")
	if hits, _, _ := x.Search(q, 10); len(hits) != 0 {
		t.Fatalf("zyzzyva found before any paper has it: %v", hits)
	}
	changed := *ps[5]
	changed.Title, changed.Score = "Zyzzyva", 100
	v := x.Version()
	x.Put(map[feed.Key]*feed.Paper{changed.Key: &changed})
	if x.Version() == v {
		t.Error("version did not grow after a change")
	}
	if hits, _, _ := x.Search(q, 10); len(hits) != 1 || hits[0].Key != changed.Key {
		t.Fatalf("after a title change: %v", hits)
	}
	old, _ := topic.ParseQuery(fmt.Sprintf("%q", ps[5].Title))
	oldHits, _, _ := x.Search(old, 3000)
	for _, h := range oldHits {
		if h.Key == changed.Key {
			t.Error("a changed paper is still found by its old title")
		}
	}
	gone := map[feed.Key]*feed.Paper{}
	for _, p := range ps[:2500] { // enough deletions to compact
		gone[p.Key] = nil
	}
	x.Put(gone)
	all, _ := topic.ParseQuery("-zyzzyva")
	hits, _, _ := x.Search(all, 5000)
	if want := brute(ps[2500:], all, 5000); !slices.Equal(hits, want) || x.Len() != 500 {
		t.Errorf("after deleting 2500 of 3000: %d hits, %d indexed, want %d", len(hits), x.Len(), len(want))
	}
}

// After any mix of text changes, score changes, deletions and re-adds
// (and the compactions they cause, which rewrite the postings and the
// token arena), the index still narrows every query down to the papers
// the matcher takes: exactly, or a superset when the query has a phrase.
func TestIndexAgreesWithMatcherAfterChurn(t *testing.T) {
	t.Parallel()
	ps := synthPapers(t, 1000)
	x := search.NewIndex()
	x.Put(byKey(ps))
	cur := byKey(ps) // what the index should hold
	r := rand.New(rand.NewPCG(3, 4))
	for round := range 5 { // about 470 dead documents a round: compacts in the third
		batch := map[feed.Key]*feed.Paper{}
		for range 700 {
			p := *ps[r.IntN(len(ps))]
			switch r.IntN(3) {
			case 0:
				batch[p.Key] = nil
				continue
			case 1: // another paper's text
				o := ps[r.IntN(len(ps))]
				p.Title, p.Abstract, p.Categories = o.Title, o.Abstract, o.Categories
			}
			p.Score = float64(r.IntN(7))
			batch[p.Key] = &p
		}
		x.Put(batch)
		maps.Copy(cur, batch)
		var live []*feed.Paper
		for _, p := range cur {
			if p != nil {
				live = append(live, p)
			}
		}
		for i := range 20 {
			q, err := topic.ParseQuery(randomQuery(r, ps))
			if err != nil {
				continue
			}
			got, _, exact := x.Search(q, len(ps))
			if want := brute(live, q, len(ps)); exact && !slices.Equal(got, want) || !exact && !subset(want, got) {
				t.Fatalf("round %d, query %d %q: index %d hits (exact %v), matcher %d", round, i, q, len(got), exact, len(want))
			}
		}
		if x.Len() != len(live) {
			t.Fatalf("round %d: %d papers indexed, want %d", round, x.Len(), len(live))
		}
	}
}
