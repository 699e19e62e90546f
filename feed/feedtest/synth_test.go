package feedtest_test

import (
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/feedtest"
	"github.com/paperwire/paperwire/feed/normalize"
	"github.com/paperwire/paperwire/feed/parse"
)

// A synthetic listing parses into as many distinct papers as it lists,
// each under its own arXiv id; the daily papers list too.
func TestDocumentsParseIntoDistinctPapers(t *testing.T) {
	g, err := feedtest.New()
	if err != nil {
		t.Fatal(err)
	}
	date := time.Date(2024, 3, 25, 4, 0, 0, 0, time.UTC)
	papers := g.Papers(99990, 120) // across a month boundary of the ids
	hf, err := feedtest.HFDaily(date, []feedtest.Daily{{Paper: papers[0], Upvotes: 7}, {Paper: papers[1]}})
	if err != nil {
		t.Fatal(err)
	}
	docs := []struct {
		kind feed.Kind
		body []byte
		n    int
	}{{feed.KindFeed, feedtest.ListingRSS("cs.CV", date, feedtest.Listing("cs.CV", papers)), len(papers)}, {feed.KindHFDaily, hf, 2}}
	for _, d := range docs {
		doc, err := parse.Parser{}.Parse(d.kind, d.body)
		if err != nil {
			t.Fatal(err)
		}
		keys := map[feed.Key]bool{}
		src := feed.Source{Name: "s", Kind: d.kind, Role: feed.RolePapers}
		for _, it := range doc.Items {
			obs, skip := normalize.Item(src, it, date.Add(time.Hour))
			if skip != "" || len(obs) != 1 || obs[0].Fields.Title == "" {
				t.Fatalf("item %q: skipped %q, %d observations", it.Title, skip, len(obs))
			}
			keys[obs[0].Key] = true
		}
		if len(keys) != d.n {
			t.Errorf("%s: %d distinct papers, want %d", d.kind, len(keys), d.n)
		}
	}
	if a, b := g.Paper(5), g.Paper(5); a.ID != b.ID || len(a.Authors) != len(b.Authors) {
		t.Error("papers are not deterministic")
	}
}
