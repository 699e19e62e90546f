package normalize_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/normalize"
)

func TestCapCutsTextOnRuneBoundaries(t *testing.T) {
	o := feed.Observation{Key: "arxiv:2401.00001", Fields: feed.Fields{
		Title:    strings.Repeat("é", 5<<20/2), // 5 MiB of two-byte runes
		Abstract: "x" + strings.Repeat("€", normalize.MaxAbstract),
		Authors:  []string{strings.Repeat("A", 1000), "B. Short"},
	}}
	if got := normalize.Cap(&o); got != normalize.Trimmed {
		t.Fatalf("Cap = %v, want Trimmed", got)
	}
	f := o.Fields
	for name, c := range map[string]struct {
		s     string
		limit int
	}{"title": {f.Title, normalize.MaxTitle}, "abstract": {f.Abstract, normalize.MaxAbstract}, "author": {f.Authors[0], normalize.MaxAuthor}} {
		if len(c.s) > c.limit || !utf8.ValidString(c.s) || !strings.HasSuffix(c.s, "…") || len(c.s) < c.limit-8 {
			t.Errorf("%s: %d bytes, valid %v, ends %q; want at most %d, cut on a rune, marked", name, len(c.s), utf8.ValidString(c.s), c.s[max(len(c.s)-6, 0):], c.limit)
		}
	}
	if f.Authors[1] != "B. Short" {
		t.Errorf("a short author became %q", f.Authors[1])
	}
}

func TestCapListsAndLinks(t *testing.T) {
	long := "https://example.org/" + strings.Repeat("a", normalize.MaxURL)
	o := feed.Observation{Key: "arxiv:2401.00001", URL: long, Fields: feed.Fields{
		Title:      "Fine",
		Repo:       long,
		Authors:    make([]string, 5000),
		Categories: make([]string, 5000),
		Links:      feed.Links{Abstract: "https://arxiv.org/abs/2401.00001", PDF: long},
	}}
	if got := normalize.Cap(&o); got != normalize.Trimmed {
		t.Fatalf("Cap = %v, want Trimmed", got)
	}
	f := o.Fields
	if len(f.Authors) != normalize.MaxAuthors || len(f.Categories) != normalize.MaxCategories {
		t.Errorf("%d authors, %d categories kept", len(f.Authors), len(f.Categories))
	}
	if f.Links.PDF != "" || o.URL != "" || f.Repo != "" || f.Links.Abstract == "" || f.Title != "Fine" {
		t.Errorf("links %+v, url %d bytes, title %q", f.Links, len(o.URL), f.Title)
	}
}

func TestCapLeavesRealDataAlone(t *testing.T) {
	o := feed.Observation{Key: "doi:10.1101/857789", Fields: feed.Fields{Title: "A title", Abstract: "An abstract", Authors: []string{"A. B"}}}
	if got := normalize.Cap(&o); got != normalize.Intact || o.Fields.Title != "A title" {
		t.Errorf("Cap = %v, title %q", got, o.Fields.Title)
	}
}

func TestCapRejectsOversizedIdentity(t *testing.T) {
	o := feed.Observation{Key: feed.DOIKey("10.1234/" + strings.Repeat("x", normalize.MaxKey))}
	if got := normalize.Cap(&o); got != normalize.Rejected {
		t.Errorf("Cap = %v, want Rejected", got)
	}
}
