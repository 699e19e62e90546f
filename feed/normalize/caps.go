package normalize

import (
	"unicode/utf8"

	"github.com/paperwire/paperwire/feed"
)

// Caps on what one observation may store, in bytes unless said otherwise.
// Real values sit far below them (the longest arXiv abstract is 1,920
// characters); a feed that goes beyond is broken or hostile, and one item
// must not make every feed it lands in megabytes long.
const (
	MaxTitle      = 1 << 10
	MaxAbstract   = 8 << 10
	MaxAuthor     = 256     // one author's name
	MaxAuthors    = 100     // names kept, in order
	MaxCategory   = 64      // one category
	MaxCategories = 32      // categories kept, in order
	MaxURL        = 2 << 10 // a longer link is dropped: a cut URL is a wrong one
	MaxKey        = 512     // a longer identity (a DOI) rejects the observation
)

// Capping is what Cap did to an observation.
type Capping int

const (
	Intact   Capping = iota
	Trimmed          // a field was cut to its cap or dropped
	Rejected         // the identity is beyond MaxKey: nothing can be stored
)

// Cap bounds every stored field of o: text is cut on a rune boundary and
// ends with "…", lists keep their first entries, links and identifiers
// beyond their cap are dropped.
func Cap(o *feed.Observation) Capping {
	if len(o.Key) > MaxKey {
		return Rejected
	}
	f := &o.Fields
	var cut bool
	f.Title, cut = capText(f.Title, MaxTitle, false)
	f.Abstract, cut = capText(f.Abstract, MaxAbstract, cut)
	f.Authors, cut = capList(f.Authors, MaxAuthors, MaxAuthor, cut)
	f.Categories, cut = capList(f.Categories, MaxCategories, MaxCategory, cut)
	for _, s := range []*string{&f.Links.Abstract, &f.Links.PDF, &f.Links.Code, &f.Links.HF, &o.URL, &f.DOI, &f.ArxivID, &f.Repo} {
		if len(*s) > MaxURL {
			*s, cut = "", true
		}
	}
	if cut {
		return Trimmed
	}
	return Intact
}

// capText cuts s to at most limit bytes on a rune boundary, marking the
// cut with an ellipsis; cut is carried over and set when s was cut.
func capText(s string, limit int, cut bool) (string, bool) {
	if len(s) <= limit {
		return s, cut
	}
	const ellipsis = "…"
	end := limit - len(ellipsis)
	for end > 0 && !utf8.RuneStart(s[end]) {
		end--
	}
	return s[:end] + ellipsis, true
}

// capList keeps the first n entries of list, each cut to limit bytes.
func capList(list []string, n, limit int, cut bool) ([]string, bool) {
	if len(list) > n {
		list, cut = list[:n:n], true
	}
	for i, s := range list {
		list[i], cut = capText(s, limit, cut)
	}
	return list, cut
}
