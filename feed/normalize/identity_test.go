package normalize

import (
	"slices"
	"testing"

	"github.com/paperwire/paperwire/feed"
)

// Every form of ARCHITECTURE.md §D3 yields the versionless id and the version named.
func TestFindArxivForms(t *testing.T) {
	cases := []struct {
		in      string
		id      string
		version int
	}{
		{"oai:arXiv.org:2403.15929v2", "2403.15929", 2},
		{"oai:arXiv.org:hep-th/9901001v1", "hep-th/9901001", 1},
		{"http://arxiv.org/abs/2403.15929v1", "2403.15929", 1},
		{"https://arxiv.org/abs/2403.15929", "2403.15929", 0},
		{"https://www.arxiv.org/abs/2403.15929", "2403.15929", 0},
		{"https://arxiv.org/pdf/2403.15929", "2403.15929", 0},
		{"https://arxiv.org/pdf/2403.15929v3.pdf", "2403.15929", 3},
		{"https://arxiv.org/pdf/2403.15929.pdf", "2403.15929", 0},
		{"https://arxiv.org/html/2403.15929v1", "2403.15929", 1},
		{"http://export.arxiv.org/abs/2403.15929v2", "2403.15929", 2},
		{"https://huggingface.co/papers/2403.15929", "2403.15929", 0},
		{"https://www.alphaxiv.org/abs/2403.15929", "2403.15929", 0},
		{"https://alphaxiv.org/abs/2403.15929v2", "2403.15929", 2},
		{"https://ar5iv.labs.arxiv.org/html/2403.15929", "2403.15929", 0},
		{"https://ar5iv.org/abs/2403.15929", "2403.15929", 0},
		{"https://doi.org/10.48550/arXiv.2403.15929", "2403.15929", 0},
		{"doi:10.48550/arxiv.2403.15929", "2403.15929", 0},
		{"arXiv:2403.15929v4 Announce Type: replace", "2403.15929", 4},
		{"https://arxiv.org/abs/math.GT/0309136v1", "math.gt/0309136", 1},
		{"https://arxiv.org/abs/0704.0001", "0704.0001", 0},
		{`<a href="https://arxiv.org/abs/2403.15929">paper</a>`, "2403.15929", 0},
	}
	for _, c := range cases {
		ref, ok := findArxiv(c.in)
		if !ok || ref.ID != c.id || ref.Version != c.version {
			t.Errorf("findArxiv(%q) = %+v, %v; want %s v%d", c.in, ref, ok, c.id, c.version)
		}
	}
}

func TestFindArxivRejects(t *testing.T) {
	for _, in := range []string{
		"https://example.org/abs/2403.15929",
		"https://notarxiv.org/abs/2403.15929",
		"https://arxiv.org/abs/2413.15929",     // month 13
		"https://arxiv.org/abs/2403.159291234", // too many digits
		"https://arxiv.org/list/cs.CV/recent",
		"https://github.com/foo/2403.15929",
		"version 2403.15929 of the software",
		"",
	} {
		if ref, ok := findArxiv(in); ok {
			t.Errorf("findArxiv(%q) = %+v, want no id", in, ref)
		}
	}
}

// A text naming one paper twice and another once yields two references,
// with the highest version seen.
func TestScanArxivDedups(t *testing.T) {
	text := "see https://arxiv.org/abs/2403.15929v1 and the pdf https://arxiv.org/pdf/2403.15929v3 and https://huggingface.co/papers/2402.19021"
	refs := scanArxiv(text, 10)
	want := []ArxivRef{{"2403.15929", 3}, {"2402.19021", 0}}
	if !slices.Equal(refs, want) {
		t.Errorf("scanArxiv = %+v, want %+v", refs, want)
	}
}

func TestScanDOIs(t *testing.T) {
	cases := map[string][]string{
		"https://doi.org/10.1101/857789":                                    {"10.1101/857789"},
		"see doi:10.1145/3442188.3445922.":                                  {"10.1145/3442188.3445922"},
		"https://www.biorxiv.org/content/10.1101/2024.03.20.585000v1?rss=1": {"10.1101/2024.03.20.585000"},
		`<a href="https://dx.doi.org/10.1038/S41586-021-03819-2">x</a>`:     {"10.1038/s41586-021-03819-2"},
		"https://doi.org/10.1/x":                                            nil,
		"/wp-content/a /wp-content/b https://www.biorxiv.org/content/10.1101/857789v2.full and doi:10.1145/1.2 and https://nature.com/articles/s41586-024-07123-4.": {
			"10.1101/857789", "10.1145/1.2", "10.1038/s41586-024-07123-4"},
		"no doi here": nil,
	}
	for in, want := range cases {
		if got := scanDOIs(in, 5); !slices.Equal(got, want) {
			t.Errorf("scanDOIs(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestParseKey(t *testing.T) {
	cases := map[string]feed.Key{
		"arxiv:2403.15929":                         "arxiv:2403.15929",
		"2403.15929v2":                             "arxiv:2403.15929",
		"arXiv:2403.15929v2":                       "arxiv:2403.15929",
		"https://arxiv.org/abs/2403.15929v1":       "arxiv:2403.15929",
		"https://huggingface.co/papers/2403.15929": "arxiv:2403.15929",
		"hep-th/9901001":                           "arxiv:hep-th/9901001",
		"doi:10.1101/857789":                       "doi:10.1101/857789",
		"https://doi.org/10.1101/857789":           "doi:10.1101/857789",
		"10.1101/857789":                           "doi:10.1101/857789",
		"title:0a1b2c3d4e5f60718293":               "title:0a1b2c3d4e5f60718293",
	}
	for in, want := range cases {
		if got, err := ParseKey(in); err != nil || got != want {
			t.Errorf("ParseKey(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "hello", "title:", "2413.15929"} {
		if got, err := ParseKey(bad); err == nil {
			t.Errorf("ParseKey(%q) = %q, want an error", bad, got)
		}
	}
}

// Two sources with the same title and first author agree on a key; case,
// punctuation, accents in TeX and spacing do not matter.
func TestTitleKey(t *testing.T) {
	a := TitleKey("Self-Supervised Segmentation of Organelles", "Anna M\\\"uller")
	b := TitleKey("  self supervised segmentation   of organelles. ", "Anna Müller")
	if a != b {
		t.Errorf("title keys differ: %s vs %s", a, b)
	}
	if c := TitleKey("Self-Supervised Segmentation of Organelles", "Someone Else"); c == a {
		t.Error("a different first author gives the same key")
	}
}
