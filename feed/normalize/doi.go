package normalize

import (
	"net/url"
	"strings"
)

// doiForm is one way a DOI shows up in a URL or in text: a lower-case
// marker, and how to read the DOI from the text just after it.
type doiForm struct {
	marker string
	read   func(rest string) string
}

// doiForms are the DOI-bearing URL forms of the main preprint servers and
// publishers, each keyed on the bare DOI. Forms whose DOI cannot be
// derived from the URL alone are left out on purpose: IEEE Xplore
// document numbers, chemRxiv article-details ids, Research Square
// article ids (the DOI adds a prefix and version the URL lacks), OSF
// project ids (the DOI prefix depends on the preprint server). Their
// doi.org links are read like any other.
var doiForms = [...]doiForm{
	{"biorxiv.org/content/", rxivDOI}, // also connect.biorxiv.org
	{"medrxiv.org/content/", rxivDOI},
	{"doi.org/", pathDOI}, // doi.org and dx.doi.org
	{"doi:", pathDOI},
	{"/doi/", atyponDOI},                // ACM, Wiley, Science, Taylor & Francis, SAGE
	{"link.springer.com/", springerDOI}, // /article/, /chapter/, /book/, /content/pdf/….pdf
	{"nature.com/articles/", natureDOI}, // 10.1038/<article id>
	{"plos.org/", plosDOI},              // journals.plos.org/…/article?id=<doi>
	{"ssrn.com/", ssrnDOI},              // 10.2139/ssrn.<abstract id>
	{"/content/", func(rest string) string { return trimVersion(pathDOI(rest)) }},
}

// scanDOIs returns up to limit distinct DOIs in s, lower-cased, in order
// of appearance.
func scanDOIs(s string, limit int) []string {
	var out []string
	lower := strings.ToLower(s)
	var next doiCursor
	for i := 0; i < len(lower) && len(out) < limit; {
		at, form := next.find(lower, i)
		if at < 0 {
			break
		}
		start := at + len(form.marker)
		doi := form.read(lower[start:])
		if doi != "" && !contains(out, doi) {
			out = append(out, doi)
		}
		i = start
	}
	return out
}

// doiCursor remembers where each form's marker next occurs, so that a
// scan reads the text once per form, however many markers it holds.
type doiCursor struct {
	at [len(doiForms)]int // position + 1 of the next marker; 0 unknown, -1 none
}

// find returns the earliest form marker at or after i (the first listed
// when two start at the same place).
func (c *doiCursor) find(s string, i int) (int, doiForm) {
	best := -1
	for k, f := range doiForms {
		if c.at[k] == 0 || c.at[k] > 0 && c.at[k]-1 < i {
			c.at[k] = -1
			if j := strings.Index(s[i:], f.marker); j >= 0 {
				c.at[k] = i + j + 1
			}
		}
		if c.at[k] > 0 && (best < 0 || c.at[k] < c.at[best]) {
			best = k
		}
	}
	if best < 0 {
		return -1, doiForm{}
	}
	return c.at[best] - 1, doiForms[best]
}

// urlPart is the rest of the URL at the start of s: up to white space, a
// quote or an angle bracket.
func urlPart(s string) string {
	if end := strings.IndexAny(s, " \t\r\n\"'<>"); end >= 0 {
		return s[:end]
	}
	return s
}

// pathDOI reads "10.NNNN/suffix" at the start of s, percent-decoded, up
// to the end of the URL, its query or fragment, without trailing
// punctuation.
func pathDOI(s string) string {
	p := urlPart(strings.TrimLeft(s, " "))
	if end := strings.IndexAny(p, "?#"); end >= 0 {
		p = p[:end]
	}
	if strings.Contains(p, "%") {
		if u, err := url.PathUnescape(p); err == nil {
			p = strings.ToLower(u)
		}
	}
	return parseDOI(p)
}

// parseDOI checks that s is "10.NNNN/suffix" and trims the punctuation
// that ends a sentence around it.
func parseDOI(s string) string {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "10.") {
		return ""
	}
	d := digits(s[3:])
	if d < 4 || d > 9 || len(s) <= 3+d || s[3+d] != '/' {
		return ""
	}
	if end := strings.IndexAny(s, " \t\r\n\"'<>?#"); end >= 0 {
		s = s[:end]
	}
	doi := strings.TrimRight(s, ".,;:)]}")
	if len(doi) <= 4+d {
		return ""
	}
	return doi
}

// rxivDOI reads a bioRxiv or medRxiv DOI — 10.1101/2024.03.10.584100 or
// the older 10.1101/857789 — and drops whatever follows it in a content
// URL: vN, .full, .full.pdf, .abstract, .supplementary-material, ?rss=1.
func rxivDOI(s string) string {
	const prefix = "10.1101/"
	if !strings.HasPrefix(s, prefix) {
		return ""
	}
	rest := s[len(prefix):]
	n := digits(rest)
	if n == 4 && len(rest) > 11 && rest[4] == '.' && digits(rest[5:]) == 2 && rest[7] == '.' && digits(rest[8:]) == 2 && rest[10] == '.' {
		n = 11 + digits(rest[11:]) // YYYY.MM.DD.NNNNNN
		if n == 11 {
			return ""
		}
	}
	if n == 0 || n < len(rest) && (isLower(rest[n]) && rest[n] != 'v' || rest[n] == '/') {
		return ""
	}
	return prefix + rest[:n]
}

// trimVersion drops a trailing vN.
func trimVersion(s string) string {
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	if i < len(s) && i > 0 && s[i-1] == 'v' {
		return strings.TrimRight(s[:i-1], ".")
	}
	return s
}

// atyponDOI reads the DOI of an Atypon "/doi/" URL (dl.acm.org and many
// publishers), after an optional view: /doi/abs/, /doi/full/, /doi/pdf/,
// /doi/epdf/, /doi/fullhtml/, /doi/reader/, /doi/book/.
func atyponDOI(s string) string {
	if !strings.HasPrefix(s, "10.") {
		if i := strings.IndexByte(s, '/'); i > 0 && i <= len("fullhtml") && isLower(s[0]) {
			s = s[i+1:]
		}
	}
	return pathDOI(s)
}

// springerDOI reads link.springer.com/{article,chapter,book,
// referenceworkentry,protocol}/DOI and /content/pdf/DOI.pdf.
func springerDOI(s string) string {
	s = urlPart(s)
	i := strings.Index(s, "/10.")
	if i < 0 || strings.ContainsAny(s[:i], "?#") {
		return ""
	}
	return pathDOI(strings.TrimSuffix(strings.SplitN(s[i+1:], "?", 2)[0], ".pdf"))
}

// natureDOI reads nature.com/articles/ID (and ID.pdf): DOI 10.1038/ID.
func natureDOI(s string) string {
	n := 0
	for n < len(s) && (isAlnum(s[n]) || s[n] == '-' || s[n] == '.' || s[n] == '_') {
		n++
	}
	id := strings.TrimRight(strings.TrimSuffix(s[:n], ".pdf"), ".")
	if id == "" || !strings.ContainsAny(id, "0123456789") {
		return "" // a section page (nature.com/articles/news), not an article
	}
	return parseDOI("10.1038/" + id)
}

// plosDOI reads the id= parameter of journals.plos.org/JOURNAL/article
// (and article/file) URLs.
func plosDOI(s string) string {
	s = urlPart(s)
	i := strings.Index(s, "id=")
	if i < 0 || i > 0 && s[i-1] != '?' && s[i-1] != '&' {
		return ""
	}
	v := s[i+len("id="):]
	if end := strings.IndexAny(v, "&#"); end >= 0 {
		v = v[:end]
	}
	if u, err := url.QueryUnescape(v); err == nil {
		v = strings.ToLower(u)
	}
	return parseDOI(v)
}

// ssrnDOI maps an SSRN abstract id — papers.ssrn.com/sol3/papers.cfm?
// abstract_id=N, ssrn.com/abstract=N, Delivery.cfm/…?abstractid=N — to
// its DOI, 10.2139/ssrn.N.
func ssrnDOI(s string) string {
	s = urlPart(s)
	for _, p := range []string{"abstract_id=", "abstractid=", "abstract="} {
		i := strings.Index(s, p)
		if i < 0 || i > 0 && strings.IndexByte("?&/", s[i-1]) < 0 {
			continue
		}
		if n := digits(s[i+len(p):]); n > 0 && n <= 10 {
			return "10.2139/ssrn." + s[i+len(p):i+len(p)+n]
		}
	}
	return ""
}
