package normalize

import (
	"fmt"
	"strings"
)

// ParseKey reads a paper key as a user types it — "arxiv:2403.15929",
// "2403.15929v2", an arXiv or Hugging Face URL, "doi:10.1101/857789", a
// doi.org URL or "title:…" — and returns the canonical key.
func ParseKey(s string) (string, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "title:") && len(s) > len("title:") {
		return s, nil
	}
	if rest, ok := strings.CutPrefix(strings.ToLower(s), "arxiv:"); ok {
		s = rest
	}
	if ref, n := parseArxivID(s); n == len(s) && n > 0 {
		return "arxiv:" + ref.ID, nil
	}
	if ref, ok := findArxiv(s); ok {
		return "arxiv:" + ref.ID, nil
	}
	if d := scanDOIs(s, 1); len(d) > 0 {
		return "doi:" + d[0], nil
	}
	if d := parseDOI(strings.ToLower(s), false); d != "" {
		return "doi:" + d, nil
	}
	return "", fmt.Errorf("%q is not a paper key (use e.g. arxiv:2403.15929, doi:10.1101/857789 or an arXiv URL)", s)
}
