package render

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/paperwire/paperwire/feed"
)

// clean returns the page with the text of its topic and papers stripped
// of what no feed may carry (control characters, invalid UTF-8,
// non-characters), and with a title for every paper. Sources are cleaned
// on intake; this keeps a stored record written by anything else from
// breaking every reader's feed.
func (p Page) clean() Page {
	p.Topic.Title = cleanText(p.Topic.Title)
	items := make([]Item, len(p.Items))
	for i, it := range p.Items {
		items[i] = Item{Paper: cleanPaper(it.Paper), Pinned: it.Pinned, ScoreAt: it.ScoreAt}
	}
	p.Items = items
	return p
}

func cleanPaper(p *feed.Paper) *feed.Paper {
	c := p.Clone()
	c.Title, c.Abstract = cleanText(c.Title), cleanText(c.Abstract)
	if strings.TrimSpace(c.Title) == "" {
		c.Title = untitled(c.Key)
	}
	for i := range c.Authors {
		c.Authors[i] = cleanText(c.Authors[i])
	}
	for i := range c.Categories {
		c.Categories[i] = cleanText(c.Categories[i])
	}
	for i := range c.Sightings {
		c.Sightings[i].Source = cleanText(c.Sightings[i].Source)
	}
	return c
}

// cleanText drops C0 and C1 controls (except tab, newline and carriage
// return), invalid UTF-8 and the non-characters XML 1.0 forbids.
func cleanText(s string) string {
	if plainASCII(s) || !strings.ContainsFunc(s, badRune) && utf8.ValidString(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if badRune(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
}

// plainASCII reports whether s is printable ASCII, tab, newline and
// carriage return only: text with nothing to clean, checked byte by byte.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' && c != '\t' && c != '\n' && c != '\r' || c >= 0x7f {
			return false
		}
	}
	return true
}

func badRune(r rune) bool {
	if r == '\t' || r == '\n' || r == '\r' {
		return false
	}
	return unicode.IsControl(r) || r == 0xFFFE || r == 0xFFFF || unicode.Is(unicode.Cs, r)
}

// untitled names a paper known only by its key (a mention that linked
// it before any listing described it): "arXiv:2402.19579".
func untitled(key feed.Key) string {
	if key.Kind() == feed.KeyArxiv {
		return "arXiv:" + key.ID()
	}
	return key.String()
}
