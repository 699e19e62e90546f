package normalize_test

import (
	"strings"
	"testing"

	"github.com/paperwire/paperwire/feed"
)

func fixture(t *testing.T, file string) result {
	t.Helper()
	for _, fx := range fixtures {
		if fx.file == file {
			return normalizeFixture(t, file, fx.src)
		}
	}
	t.Fatalf("no fixture %s", file)
	return result{}
}

// arXiv listing boilerplate is gone, authors are split and un-TeXed, and
// replacements are marked as updates, not new papers.
func TestArxivListingRSS(t *testing.T) {
	res := fixture(t, "arxiv-listing-cs.CV.rss")
	if len(res.Observations) != 14 {
		t.Fatalf("%d observations, want 14", len(res.Observations))
	}
	updates := 0
	for _, o := range res.Observations {
		f := o.Fields
		if strings.Contains(f.Abstract, "Announce Type") || strings.HasPrefix(f.Abstract, "arXiv:") || strings.HasPrefix(f.Abstract, "Abstract") {
			t.Errorf("%s: listing boilerplate left in abstract: %.60q", o.Key, f.Abstract)
		}
		if len(f.Authors) < 2 || strings.ContainsAny(strings.Join(f.Authors, ""), `\{},`) {
			t.Errorf("%s: authors not split or not un-TeXed: %q", o.Key, f.Authors)
		}
		if !o.Listing || o.Quality != feed.QualityListing || f.Version < 1 || len(f.Categories) == 0 {
			t.Errorf("%s: listing=%v quality=%d version=%d categories=%v", o.Key, o.Listing, o.Quality, f.Version, f.Categories)
		}
		if f.Links.Abstract != "https://arxiv.org/abs/"+f.ArxivID || f.Links.PDF != "https://arxiv.org/pdf/"+f.ArxivID {
			t.Errorf("%s: links %+v", o.Key, f.Links)
		}
		if o.Update {
			updates++
		}
	}
	if updates != 3 {
		t.Errorf("%d updates, want 3 (2 replace + 1 replace-cross)", updates)
	}
	if got := authorsOf(res, "arxiv:2403.15157"); !strings.Contains(got, "Anna Müller") || !strings.Contains(got, "Luis García") {
		t.Errorf("TeX accents not turned into Unicode: %s", got)
	}
}

func authorsOf(res result, key feed.Key) string {
	for _, o := range res.Observations {
		if o.Key == key {
			return strings.Join(o.Fields.Authors, "; ")
		}
	}
	return ""
}

// arXiv's Atom listing has authors only in one dc:creator.
func TestArxivListingAtomAuthors(t *testing.T) {
	for _, o := range fixture(t, "arxiv-listing-cs.CV.atom").Observations {
		if len(o.Fields.Authors) < 2 || !o.Listing {
			t.Errorf("%s: authors %q listing %v", o.Key, o.Fields.Authors, o.Listing)
		}
	}
}

// The API's hard-wrapped titles and abstracts come out on one line, with
// the version from the versioned id and the old-style id recognised.
func TestArxivAPI(t *testing.T) {
	res := fixture(t, "arxiv-api.atom")
	seen := map[feed.Key]bool{}
	for _, o := range res.Observations {
		seen[o.Key] = true
		f := o.Fields
		if strings.ContainsAny(f.Title+f.Abstract, "\n\t") || strings.Contains(f.Title, "  ") {
			t.Errorf("%s: white space not collapsed: %q", o.Key, f.Title)
		}
		if o.Listing || f.Version < 1 || len(f.Authors) == 0 {
			t.Errorf("%s: listing=%v version=%d authors=%v", o.Key, o.Listing, f.Version, f.Authors)
		}
	}
	if !seen["arxiv:hep-th/9901001"] || !seen["arxiv:2403.15157"] {
		t.Errorf("keys %v lack the old-style id or FrozenSeg", seen)
	}
}

// Hugging Face signals are read where present and absent keys are zero.
func TestHFDaily(t *testing.T) {
	res := fixture(t, "hf-daily.json")
	if len(res.Observations) != 8 {
		t.Fatalf("%d observations, want 8", len(res.Observations))
	}
	for _, o := range res.Observations {
		if o.Quality != feed.QualityAggregator || o.Fields.Links.HF != "https://huggingface.co/papers/"+o.Fields.ArxivID {
			t.Errorf("%s: quality %d, hf link %q", o.Key, o.Quality, o.Fields.Links.HF)
		}
	}
	fs := res.Observations[0]
	if fs.Key != "arxiv:2403.15157" || fs.Signals.Upvotes != 57 || fs.Signals.Stars != 120 || fs.Fields.Links.Code != "https://github.com/chenxi52/FrozenSeg" {
		t.Errorf("FrozenSeg from HF: %+v %+v", fs.Signals, fs.Fields.Links)
	}
}

// hnrss items count as mentions of the paper they link, in every URL
// form; GitHub and news links are not papers.
func TestHNMentions(t *testing.T) {
	res := fixture(t, "hnrss.rss")
	if len(res.Observations) != 5 || res.Skipped["links no paper"] != 2 {
		t.Fatalf("%d observations, skipped %v; want 5 and 2 not papers", len(res.Observations), res.Skipped)
	}
	for _, o := range res.Observations {
		if o.Role != feed.RoleMentions || !strings.HasPrefix(o.URL, "https://news.ycombinator.com/item?id=") || o.Signals.Points == 0 {
			t.Errorf("%s: role %s url %q points %d", o.Key, o.Role, o.URL, o.Signals.Points)
		}
	}
}

// Reddit puts the paper link inside escaped HTML content; the thread is
// where the mention can be read.
func TestRedditMentions(t *testing.T) {
	res := fixture(t, "reddit.atom")
	if len(res.Observations) != 4 || res.Skipped["links no paper"] != 1 {
		t.Fatalf("%d observations, skipped %v", len(res.Observations), res.Skipped)
	}
	for _, o := range res.Observations {
		if !strings.HasPrefix(o.URL, "https://www.reddit.com/r/MachineLearning/comments/") || strings.HasPrefix(o.Fields.Title, "[") {
			t.Errorf("%s: url %q title %q", o.Key, o.URL, o.Fields.Title)
		}
	}
}

// A blog post mentions every paper it links: arXiv by DOI, abs and HF
// links, and a bioRxiv DOI.
func TestBlogMentions(t *testing.T) {
	var keys []string
	for _, o := range fixture(t, "blog.rss").Observations {
		keys = append(keys, o.Key.String())
	}
	want := "arxiv:2403.15157 arxiv:2403.01685 arxiv:2402.19579 doi:10.1101/857789"
	if got := strings.Join(keys, " "); got != want {
		t.Errorf("blog mentions %s, want %s", got, want)
	}
}

// A non-arXiv papers feed is keyed by DOI.
func TestBioRxivKeyedByDOI(t *testing.T) {
	for _, o := range fixture(t, "biorxiv.rss").Observations {
		if o.Key.Kind() != feed.KeyDOI || !strings.HasPrefix(o.Key.ID(), "10.1101/") || o.Fields.DOI == "" || len(o.Fields.Authors) == 0 {
			t.Errorf("%s: doi %q authors %v", o.Key, o.Fields.DOI, o.Fields.Authors)
		}
	}
}

// Hostile markup never survives normalisation: every field is text.
func TestHostileMarkupIsDropped(t *testing.T) {
	res := fixture(t, "xss.rss")
	if len(res.Observations) != 4 {
		t.Fatalf("%d observations, want 4", len(res.Observations))
	}
	for _, o := range res.Observations {
		all := strings.ToLower(o.Fields.Title + o.Fields.Abstract + strings.Join(o.Fields.Authors, "") + o.Fields.Links.Code)
		for _, bad := range []string{"<script", "onerror", "onclick", "javascript:", "<img", "<iframe", "alert(1)"} {
			if strings.Contains(all, bad) {
				t.Errorf("%s: %q survived: %.200q", o.Key, bad, all)
			}
		}
	}
}

// Items with no link or identifier are not papers; an empty weekend
// listing is not an error.
func TestNotPapers(t *testing.T) {
	if res := fixture(t, "bad/no-ids.rss"); len(res.Observations) != 0 || res.Skipped["no link or identifier"] != 3 {
		t.Errorf("no-ids: %d observations, skipped %v", len(res.Observations), res.Skipped)
	}
	if res := fixture(t, "arxiv-listing-weekend.rss"); len(res.Observations) != 0 {
		t.Errorf("weekend listing: %d observations", len(res.Observations))
	}
}
