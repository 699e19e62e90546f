package normalize

import (
	"fmt"
	"strings"

	"github.com/paperwire/paperwire/feed"
)

// ParseKey reads a paper key as a user types it — "arxiv:2403.15929",
// "2403.15929v2", an arXiv or Hugging Face URL, "doi:10.1101/857789", a
// DOI-bearing URL (doi.org, bioRxiv, publishers: see doiForms) or
// "title:…" — and returns the canonical key. A key in
// its canonical form only is read by feed.ParseKey.
func ParseKey(s string) (feed.Key, error) {
	s = strings.TrimSpace(s)
	if k, err := feed.ParseKey(s); err == nil && k.Kind() == feed.KeyTitle {
		return k, nil
	}
	if rest, ok := strings.CutPrefix(strings.ToLower(s), "arxiv:"); ok {
		s = rest
	}
	if ref, n := parseArxivID(s); n == len(s) && n > 0 {
		return feed.ArxivKey(ref.ID), nil
	}
	if ref, ok := findArxiv(s); ok {
		return feed.ArxivKey(ref.ID), nil
	}
	if d := scanDOIs(s, 1); len(d) > 0 {
		return feed.DOIKey(d[0]), nil
	}
	if d := parseDOI(strings.ToLower(s)); d != "" {
		return feed.DOIKey(d), nil
	}
	return "", fmt.Errorf("%q is not a paper key (use e.g. arxiv:2403.15929, doi:10.1101/857789 or an arXiv URL)", s)
}
