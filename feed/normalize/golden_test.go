package normalize_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/normalize"
	"github.com/paperwire/paperwire/feed/parse"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// seenAt is the poll time of every golden observation.
var seenAt = time.Date(2024, 3, 27, 12, 0, 0, 0, time.UTC)

// fixtures maps each source fixture to the source that serves it.
var fixtures = []struct {
	file string
	src  feed.Source
}{
	{"arxiv-listing-cs.CV.rss", feed.Source{Name: "arxiv-cs-cv", Kind: feed.KindFeed, Role: feed.RolePapers}},
	{"arxiv-listing-cs.LG.rss", feed.Source{Name: "arxiv-cs-lg", Kind: feed.KindFeed, Role: feed.RolePapers}},
	{"arxiv-listing-cs.CV.atom", feed.Source{Name: "arxiv-cs-cv-atom", Kind: feed.KindFeed, Role: feed.RolePapers}},
	{"arxiv-listing-weekend.rss", feed.Source{Name: "arxiv-cs-cv", Kind: feed.KindFeed, Role: feed.RolePapers}},
	{"arxiv-api.atom", feed.Source{Name: "arxiv-api", Kind: feed.KindFeed, Role: feed.RolePapers}},
	{"hf-daily.json", feed.Source{Name: "hf-daily", Kind: feed.KindHFDaily, Role: feed.RolePapers}},
	{"hf-trending.json", feed.Source{Name: "hf-trending", Kind: feed.KindHFDaily, Role: feed.RolePapers}},
	{"hnrss.rss", feed.Source{Name: "hn-arxiv", Kind: feed.KindFeed, Role: feed.RoleMentions}},
	{"reddit.atom", feed.Source{Name: "reddit-ml", Kind: feed.KindFeed, Role: feed.RoleMentions}},
	{"blog.rss", feed.Source{Name: "blog", Kind: feed.KindFeed, Role: feed.RoleMentions}},
	{"biorxiv.rss", feed.Source{Name: "biorxiv", Kind: feed.KindFeed, Role: feed.RolePapers}},
	{"xss.rss", feed.Source{Name: "hostile", Kind: feed.KindFeed, Role: feed.RolePapers}},
	{"bad/no-ids.rss", feed.Source{Name: "no-ids", Kind: feed.KindFeed, Role: feed.RolePapers}},
	{"math/arxiv-math.rss", feed.Source{Name: "arxiv-cs-cl", Kind: feed.KindFeed, Role: feed.RolePapers}},
	{"math/arxiv-math.atom", feed.Source{Name: "arxiv-math-co", Kind: feed.KindFeed, Role: feed.RolePapers}},
	{"math/arxiv-api-math.atom", feed.Source{Name: "arxiv-api", Kind: feed.KindFeed, Role: feed.RolePapers}},
	{"math/hf-daily-math.json", feed.Source{Name: "hf-daily", Kind: feed.KindHFDaily, Role: feed.RolePapers}},
	{"math/hnrss-math.rss", feed.Source{Name: "hn-arxiv", Kind: feed.KindFeed, Role: feed.RoleMentions}},
	{"math/reddit-math.atom", feed.Source{Name: "reddit-math", Kind: feed.KindFeed, Role: feed.RoleMentions}},
	{"math/blog-math.rss", feed.Source{Name: "blog", Kind: feed.KindFeed, Role: feed.RoleMentions}},
	{"math/biorxiv-math.rss", feed.Source{Name: "biorxiv", Kind: feed.KindFeed, Role: feed.RolePapers}},
}

// result is what a golden file holds for one fixture.
type result struct {
	Observations []feed.Observation `json:"observations"`
	Skipped      map[string]int     `json:"skipped,omitempty"`
}

func normalizeFixture(t *testing.T, file string, src feed.Source) result {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("..", "testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := parse.Parser{}.Parse(src.Kind, body)
	if err != nil {
		t.Fatalf("parse %s: %v", file, err)
	}
	res := result{Observations: []feed.Observation{}, Skipped: map[string]int{}}
	for _, it := range doc.Items {
		obs, skip := normalize.Item(src, it, seenAt)
		if skip != "" {
			res.Skipped[skip]++
		}
		res.Observations = append(res.Observations, obs...)
	}
	return res
}

// TestGolden normalises every fixture and compares the observations with
// testdata/golden/<fixture>.json (go test -update rewrites them).
func TestGolden(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.file, func(t *testing.T) {
			golden := filepath.Join("testdata", "golden", filepath.Base(fx.file)+".json")
			matchGolden(t, golden, normalizeFixture(t, fx.file, fx.src))
		})
	}
}

// matchGolden compares v, as indented JSON, with the golden file (go test
// -update rewrites it; review the diff).
func matchGolden(t *testing.T, golden string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		os.MkdirAll(filepath.Dir(golden), 0o755)
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\n%s\n(go test -update rewrites it; review the diff)", golden, got)
	}
}
