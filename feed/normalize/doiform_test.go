package normalize_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/normalize"
)

// doiResult is what a DOI form golden holds: the key the URL gives as a
// blog's link to a paper, as a papers feed's item link, and as typed to
// the CLI or /api/papers.
type doiResult struct {
	URL      string   `json:"url"`
	Mention  []string `json:"mention"` // keys of the papers a blog post linking URL mentions
	Paper    string   `json:"paper"`   // key of a papers-feed item whose link is URL
	ParseKey string   `json:"parse_key"`
}

func doiForm(t *testing.T, u string) doiResult {
	t.Helper()
	res := doiResult{URL: u, Mention: []string{}}
	blog := feed.Source{Name: "blog", Kind: feed.KindFeed, Role: feed.RoleMentions}
	post := &gofeed.Item{Title: "A post", Link: "https://blog.example.org/post", Content: `<p>Read <a href="` + u + `">the paper</a>.</p>`}
	obs, _ := normalize.Item(blog, post, seenAt)
	for _, o := range obs {
		res.Mention = append(res.Mention, string(o.Key))
	}
	papers := feed.Source{Name: "journal", Kind: feed.KindFeed, Role: feed.RolePapers}
	if obs, skip := normalize.Item(papers, &gofeed.Item{Title: "A paper", Link: u}, seenAt); skip == "" {
		res.Paper = string(obs[0].Key)
	}
	if k, err := normalize.ParseKey(u); err == nil {
		res.ParseKey = string(k)
	}
	return res
}

// TestDOIForms keys every URL form of testdata/doi (one per file) and
// compares with testdata/golden/doi/<form>.json: the DOI-bearing forms
// of preprint servers and publishers key on the bare, lower-cased DOI;
// forms that carry no DOI fall back to a title key or no paper.
func TestDOIForms(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "doi", "*.url"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no DOI forms (%v)", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".url")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", "doi", name+".json")
			matchGolden(t, golden, doiForm(t, strings.TrimSpace(string(raw))))
		})
	}
}

// A blog linking a bioRxiv preprint's full text (v1.full, v1.full.pdf)
// names the same paper as the bioRxiv feed's item: one paper, not two.
func TestBlogLinkToBioRxivIsTheFeedPaper(t *testing.T) {
	paper := fixture(t, "math/biorxiv-math.rss").Observations[0].Key
	blog := fixture(t, "math/blog-math.rss").Observations
	if got := blog[len(blog)-1].Key; got != paper || paper != "doi:10.1101/2024.03.10.584100" {
		t.Errorf("blog mentions %s, bioRxiv feed has %s; want both doi:10.1101/2024.03.10.584100", got, paper)
	}
}
