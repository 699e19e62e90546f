package normalize

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/mmcdole/gofeed"

	"github.com/paperwire/paperwire/feed"
)

// listing reports whether the item comes from an arXiv listing feed (by
// its oai guid or its announce_type, never by host) and whether it
// announces a replacement (a new version of a known paper).
func listing(it *gofeed.Item) (isListing, update bool) {
	typ := strings.ToLower(arxivExt(it, "announce_type"))
	if typ == "" {
		typ = announceType(it.Description)
	}
	isListing = typ != "" || strings.HasPrefix(strings.ToLower(it.GUID), "oai:arxiv.org:")
	return isListing, strings.HasPrefix(typ, "replace")
}

// arxivExt returns the first value of an arxiv-namespace element.
func arxivExt(it *gofeed.Item, name string) string {
	for _, e := range it.Extensions["arxiv"][name] {
		if v := strings.TrimSpace(e.Value); v != "" {
			return v
		}
		if v := e.Attrs["term"]; v != "" {
			return v
		}
	}
	return ""
}

// announceType reads "Announce Type: new" from an arXiv listing abstract.
func announceType(desc string) string {
	const marker = "Announce Type:"
	head := desc[:min(len(desc), 80)]
	i := strings.Index(head, marker)
	if i < 0 {
		return ""
	}
	f := strings.Fields(head[i+len(marker):])
	if len(f) == 0 {
		return ""
	}
	return strings.ToLower(f[0])
}

// fields reads a paper's descriptive fields from an item whose text is
// written in markup m.
func fields(it *gofeed.Item, isListing bool, m markup) feed.Fields {
	abstract, version := stripListingPrefix(it.Description)
	if abstract == "" || len(it.Content) > len(abstract) && !isListing {
		abstract = firstNonEmpty(it.Content, abstract)
	}
	f := feed.Fields{
		Title:      cleanTitle(m.clean(it.Title)),
		Abstract:   m.clean(abstract),
		Authors:    authors(it, isListing, m),
		Categories: categories(it),
		Version:    version,
		DOI:        strings.ToLower(firstNonEmpty(arxivExt(it, "DOI"), arxivExt(it, "doi"))),
	}
	if it.PublishedParsed != nil {
		f.Published = it.PublishedParsed.UTC()
	}
	return f
}

// stripListingPrefix removes "arXiv:2403.15929v2 Announce Type: new
// \nAbstract: " and returns the abstract and the version it names.
func stripListingPrefix(desc string) (string, int) {
	d := strings.TrimSpace(desc)
	if !strings.HasPrefix(d, "arXiv:") {
		return desc, 0
	}
	ref, _ := findArxiv(d)
	if i := strings.Index(d, "Abstract:"); i >= 0 && i < 120 {
		d = d[i+len("Abstract:"):]
	}
	return d, ref.Version
}

// cleanTitle drops TeX escapes and the old arXiv listing suffix
// "(arXiv:2403.15929v1 [cs.CV] UPDATED)" from a cleaned title.
func cleanTitle(t string) string {
	if strings.IndexByte(t, '\\') >= 0 {
		t = texEscapes.Replace(t)
	}
	if i := strings.LastIndex(t, "(arXiv:"); i > 0 && strings.HasSuffix(t, ")") {
		t = strings.TrimSpace(t[:i])
	}
	return t
}

// texEscapes are the TeX escapes arXiv titles carry for plain characters.
var texEscapes = strings.NewReplacer(`\&`, "&", `\%`, "%", `\_`, "_", `\#`, "#", `\$`, "$")

// authors returns one name per author. arXiv listings put every author
// into one comma-joined dc:creator in TeX form.
func authors(it *gofeed.Item, isListing bool, m markup) []string {
	var names []string
	for _, n := range rawAuthors(it) {
		if isListing || strings.Count(n, ",") >= 2 {
			names = append(names, splitNames(n)...)
		} else {
			names = append(names, n)
		}
	}
	out := names[:0]
	for _, n := range names {
		if n = collapse(untex(m.clean(n))); hasLetter(n) {
			out = append(out, n)
		}
	}
	return out
}

func hasLetter(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// rawAuthors returns the author strings as the feed wrote them. gofeed
// maps RSS dc:creator to Authors, but leaves an Atom entry's dc:creator
// (arXiv's Atom listings) in the extensions.
func rawAuthors(it *gofeed.Item) []string {
	var out []string
	for _, p := range it.Authors {
		if p != nil && p.Name != "" {
			out = append(out, p.Name)
		}
	}
	if len(out) > 0 {
		return out
	}
	if it.DublinCoreExt != nil && len(it.DublinCoreExt.Creator) > 0 {
		return it.DublinCoreExt.Creator
	}
	for _, e := range it.Extensions["dc"]["creator"] {
		out = append(out, e.Value)
	}
	return out
}

// splitNames splits "A, B, and C" or "A, B and C", and reads bioRxiv's
// "Okafor, H., Lindqvist, B." as "H. Okafor", "B. Lindqvist".
func splitNames(s string) []string {
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	if inverted(parts) {
		var out []string
		for i := 0; i+1 < len(parts); i += 2 {
			out = append(out, parts[i+1]+" "+parts[i])
		}
		return out
	}
	var out []string
	for _, part := range parts {
		part = strings.TrimSpace(part)
		part = strings.TrimPrefix(part, "and ")
		if a, b, ok := strings.Cut(part, " and "); ok {
			out = append(out, a, b)
			continue
		}
		out = append(out, part)
	}
	return out
}

// inverted reports whether parts alternate family names and initials.
func inverted(parts []string) bool {
	if len(parts) < 2 || len(parts)%2 != 0 {
		return false
	}
	for i := 1; i < len(parts); i += 2 {
		if !isInitials(parts[i]) {
			return false
		}
	}
	return true
}

// isInitials matches "H.", "H. J.", "H.-J." and "HJ".
func isInitials(s string) bool {
	if s == "" || len(s) > 8 {
		return false
	}
	for _, r := range s {
		if !unicode.IsUpper(r) && r != '.' && r != '-' && r != ' ' {
			return false
		}
	}
	return true
}

// categories keeps arXiv-like subject classes (cs.CV, stat.ML, hep-th).
func categories(it *gofeed.Item) []string {
	var out []string
	for _, c := range it.Categories {
		c = strings.TrimSpace(c)
		if isSubjectClass(c) && !contains(out, c) {
			out = append(out, c)
		}
	}
	if p := arxivExt(it, "primary_category"); p != "" && !contains(out, p) {
		out = append([]string{p}, out...)
	}
	return out
}

func isSubjectClass(c string) bool {
	if c == "" || len(c) > 20 {
		return false
	}
	for _, r := range c {
		if !(unicode.IsLetter(r) || r == '.' || r == '-') {
			return false
		}
	}
	return strings.ContainsAny(c, ".-") || strings.ToLower(c) == c
}

// signals reads engagement counters: hnrss "Points: N" and "# Comments:
// N" in the description, and the Hugging Face adapter's custom fields.
func signals(it *gofeed.Item) feed.Signals {
	s := feed.Signals{
		Upvotes: customInt(it, "hf.upvotes"),
		Stars:   customInt(it, "hf.githubStars"),
	}
	s.Comments = customInt(it, "hf.comments")
	if p, ok := labelled(it.Description, "Points:"); ok {
		s.Points = p
	}
	if c, ok := labelled(it.Description, "# Comments:"); ok {
		s.Comments = c
	}
	return s
}

func customInt(it *gofeed.Item, key string) int64 {
	n, err := strconv.ParseInt(it.Custom[key], 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// labelled finds "Label: 123" in text.
func labelled(text, label string) (int64, bool) {
	i := strings.Index(text, label)
	if i < 0 {
		return 0, false
	}
	rest := strings.TrimLeft(text[i+len(label):], " ")
	d := digits(rest)
	if d == 0 || d > 12 {
		return 0, false
	}
	n, err := strconv.ParseInt(rest[:d], 10, 64)
	return n, err == nil
}

// completeLinks fills the abstract, PDF, code and Hugging Face links.
func completeLinks(f *feed.Fields, it *gofeed.Item) {
	switch {
	case f.ArxivID != "":
		f.Links.Abstract = "https://arxiv.org/abs/" + f.ArxivID
		f.Links.PDF = "https://arxiv.org/pdf/" + f.ArxivID
	case f.DOI != "" && !isHTTP(it.Link):
		f.Links.Abstract = "https://doi.org/" + f.DOI
	default:
		f.Links.Abstract = httpOnly(it.Link)
	}
	f.Links.Code = firstNonEmpty(httpOnly(it.Custom["hf.githubRepo"]), codeURL(f.Abstract))
	if strings.Contains(it.Link, "huggingface.co/papers/") && f.ArxivID != "" {
		f.Links.HF = "https://huggingface.co/papers/" + f.ArxivID
	}
}

// codeHosts are where "code is available at" links point.
var codeHosts = [...]string{"https://github.com/", "http://github.com/", "https://gitlab.com/", "https://huggingface.co/spaces/", "https://bitbucket.org/", "https://codeberg.org/"}

// codeURL returns the first code repository URL named in an abstract.
// Every code host starts with "http": the first "http" that starts one
// is the earliest mention of any.
func codeURL(abstract string) string {
	for i := 0; ; i += len("http") {
		j := strings.Index(abstract[i:], "http")
		if j < 0 {
			return ""
		}
		i += j
		for _, h := range codeHosts {
			if strings.HasPrefix(abstract[i:], h) {
				return repoURL(abstract[i:])
			}
		}
	}
}

// repoURL cuts the URL at the start of u, or returns "" when it names a
// host or a user rather than a repository.
func repoURL(u string) string {
	if end := strings.IndexAny(u, " \t\n\"'<>)]{}"); end >= 0 {
		u = u[:end]
	}
	u = strings.TrimRight(u, ".,;:")
	if strings.Count(u, "/") < 4 {
		return "" // a host or a user, not a repository
	}
	return u
}

func isHTTP(s string) bool {
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}

func httpOnly(s string) string {
	s = strings.TrimSpace(s)
	if !isHTTP(s) || strings.ContainsAny(s, " \t\n<>\"") {
		return ""
	}
	return s
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// fold normalises a title or name for fingerprints: lower case letters
// and digits only, single spaces.
func fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(untex(s)) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
		} else {
			space = true
		}
	}
	return b.String()
}
