package normalize

import (
	"strconv"
	"strings"
)

// arxivMarkers are the lower-case prefixes after which an arXiv id
// follows, in every URL and text form of ARCHITECTURE.md §D3.
var arxivMarkers = [...]string{
	"oai:arxiv.org:",
	"arxiv.org/abs/", // also export.arxiv.org, www.arxiv.org
	"arxiv.org/pdf/",
	"arxiv.org/html/", // also ar5iv.labs.arxiv.org/html/
	"ar5iv.org/abs/",
	"ar5iv.org/html/",
	"huggingface.co/papers/",
	"alphaxiv.org/abs/",
	"10.48550/arxiv.",
	"arxiv:",
}

// ArxivRef is an arXiv identifier without its version, and the version
// when the reference named one.
type ArxivRef struct {
	ID      string
	Version int
}

// findArxiv returns the first arXiv reference in s, in any form.
func findArxiv(s string) (ArxivRef, bool) {
	refs := scanArxiv(s, 1)
	if len(refs) == 0 {
		return ArxivRef{}, false
	}
	return refs[0], true
}

// scanArxiv returns up to limit arXiv references in s in order of
// appearance, one per id (keeping the highest version named). It scans
// by hand, ignoring ASCII case: this runs once per URL and text of every
// item.
func scanArxiv(s string, limit int) []ArxivRef {
	var refs []ArxivRef
	for i := 0; i < len(s) && len(refs) < limit; {
		at, m := nextMarker(s, i)
		if at < 0 {
			break
		}
		start := at + len(m)
		ref, n := parseArxivID(s[start:])
		if n > 0 && boundaryBefore(s, at, m) {
			refs = addRef(refs, ref)
		}
		i = start + max(n, 0)
	}
	return refs
}

func addRef(refs []ArxivRef, r ArxivRef) []ArxivRef {
	for i := range refs {
		if refs[i].ID == r.ID {
			refs[i].Version = max(refs[i].Version, r.Version)
			return refs
		}
	}
	return append(refs, r)
}

// nextMarker finds the earliest marker in s at or after i, ignoring
// ASCII case. No two markers start at the same place.
func nextMarker(s string, i int) (int, string) {
	for ; i < len(s); i++ {
		switch s[i] | 0x20 { // the markers' first letters, in either case
		case 'o', 'a', 'h', '1':
			for _, m := range arxivMarkers {
				if hasPrefixFold(s[i:], m) {
					return i, m
				}
			}
		}
	}
	return -1, ""
}

// hasPrefixFold reports whether s starts with the lower-case ASCII
// prefix, ignoring the case of ASCII letters in s.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for k := 0; k < len(prefix); k++ {
		c := s[k]
		if isUpper(c) {
			c += 'a' - 'A'
		}
		if c != prefix[k] {
			return false
		}
	}
	return true
}

// boundaryBefore rejects markers glued to a longer word ("notarxiv.org").
func boundaryBefore(s string, at int, m string) bool {
	if at == 0 {
		return true
	}
	c := s[at-1]
	if m == "arxiv:" || m == "oai:arxiv.org:" || m[0] == '1' {
		return !isAlnum(c) && c != '.'
	}
	return c == '/' || c == '.' || c == ' ' || c == '"' || c == '\'' || c == '>' || c == '('
}

// parseArxivID reads a new-style (2403.15929) or old-style
// (hep-th/9901001, math.GT/0309136) id with an optional vN, returning
// the reference and the bytes consumed (0 when s holds no id).
func parseArxivID(s string) (ArxivRef, int) {
	id, n := newStyle(s)
	if n == 0 {
		id, n = oldStyle(s)
	}
	if n == 0 {
		return ArxivRef{}, 0
	}
	ref := ArxivRef{ID: id}
	if n < len(s) && (s[n] == 'v' || s[n] == 'V') {
		d := digits(s[n+1:])
		if d > 0 && d <= 3 {
			ref.Version, _ = strconv.Atoi(s[n+1 : n+1+d])
			n += 1 + d
		}
	}
	if n < len(s) && isAlnum(s[n]) {
		return ArxivRef{}, 0 // 2403.159291234 or 2403.15929x is not an id
	}
	return ref, n
}

func newStyle(s string) (string, int) {
	if digits(s) != 4 || len(s) < 6 || s[4] != '.' {
		return "", 0
	}
	d := digits(s[5:])
	if d != 4 && d != 5 {
		return "", 0
	}
	month, _ := strconv.Atoi(s[2:4])
	if month < 1 || month > 12 {
		return "", 0
	}
	return s[:5+d], 5 + d
}

func oldStyle(s string) (string, int) {
	i := 0
	for i < len(s) && (isLower(s[i]) || s[i] == '-') {
		i++
	}
	if i < 2 {
		return "", 0
	}
	if i+3 < len(s) && s[i] == '.' && isUpper(s[i+1]) && isUpper(s[i+2]) {
		i += 3 // subject class: math.GT/0309136
	}
	if i >= len(s) || s[i] != '/' || digits(s[i+1:]) != 7 {
		return "", 0
	}
	return strings.ToLower(s[:i]) + s[i:i+8], i + 8
}

func digits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

func isAlnum(c byte) bool { return isLower(c) || isUpper(c) || (c >= '0' && c <= '9') }
func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
