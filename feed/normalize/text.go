package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/unicode/norm"
)

// collapse trims s and folds every run of white space into one space.
func collapse(s string) string {
	if !needsCollapse(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func needsCollapse(s string) bool {
	prevSpace := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		sp := c == ' '
		if c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c >= utf8.RuneSelf || (sp && prevSpace) {
			return true
		}
		prevSpace = sp
	}
	return prevSpace && len(s) > 0
}

// cleanText makes plain text of what a feed calls text: markup is
// dropped (with the contents of script and style), entities decoded,
// control characters removed and white space collapsed. Everything
// Paperwire republishes as HTML is built from such text and escaped,
// so no markup from a source ever reaches a reader.
func cleanText(s string) string {
	if strings.ContainsAny(s, "<&") {
		s = htmlText(s)
	}
	return collapse(dropControls(s))
}

// htmlText returns the text content of an HTML fragment.
func htmlText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken:
			if n, _ := z.TagName(); isRawText(n) {
				skip++
			} else if blockTag(n) {
				b.WriteByte(' ')
			}
		case html.EndTagToken:
			if n, _ := z.TagName(); isRawText(n) && skip > 0 {
				skip--
			} else if blockTag(n) {
				b.WriteByte(' ')
			}
		case html.SelfClosingTagToken:
			b.WriteByte(' ')
		}
	}
}

func isRawText(tag []byte) bool {
	switch string(tag) {
	case "script", "style", "iframe", "noscript", "template", "object":
		return true
	}
	return false
}

func blockTag(tag []byte) bool {
	switch string(tag) {
	case "p", "br", "div", "li", "tr", "td", "h1", "h2", "h3", "h4", "blockquote", "pre":
		return true
	}
	return false
}

// dropControls removes C0/C1 control characters (other than white
// space) and invalid UTF-8, which feed readers reject.
func dropControls(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || (unicode.IsControl(r) && !unicode.IsSpace(r)) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == utf8.RuneError || (unicode.IsControl(r) && !unicode.IsSpace(r)) {
			return -1
		}
		return r
	}, s)
}

// texAccents maps the TeX accent commands arXiv uses in author names to
// Unicode combining marks.
var texAccents = map[byte]rune{
	'"': '\u0308', '\'': '\u0301', '`': '\u0300', '^': '\u0302', '~': '\u0303',
	'=': '\u0304', '.': '\u0307', 'u': '\u0306', 'v': '\u030C', 'H': '\u030B',
	'c': '\u0327', 'k': '\u0328', 'r': '\u030A',
}

// texLetters are the TeX commands that stand for a whole letter.
var texLetters = map[string]string{
	"ss": "ß", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ",
	"oe": "œ", "OE": "Œ", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ",
}

// untex turns TeX accents (M\"uller, Garc\'{i}a, {\O}stergaard,
// \c{c}) into Unicode and drops the braces around them.
func untex(s string) string {
	if !strings.ContainsAny(s, `\{}`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '{' || c == '}':
			continue
		case c == '\\' && i+1 < len(s):
			i += texCommand(&b, s[i+1:])
		default:
			b.WriteByte(c)
		}
	}
	return norm.NFC.String(b.String())
}

// texCommand writes the character for the command at the start of s
// (just after the backslash) and returns how many bytes of s it used.
func texCommand(b *strings.Builder, s string) int {
	if mark, ok := texAccents[s[0]]; ok && accentCommand(s) {
		n := 1
		for n < len(s) && (s[n] == '{' || s[n] == ' ' || s[n] == '\\') {
			n++
		}
		if n == len(s) {
			return n
		}
		r, size := utf8.DecodeRuneInString(s[n:])
		b.WriteRune(r)
		b.WriteRune(mark)
		return n + size
	}
	name := s
	for j := 0; j < len(s); j++ {
		if !isLower(s[j]) && !isUpper(s[j]) {
			name = s[:j]
			break
		}
	}
	if l, ok := texLetters[name]; ok {
		b.WriteString(l)
		if len(s) > len(name) && s[len(name)] == ' ' {
			return len(name) + 1 // a control word swallows the space after it
		}
		return len(name)
	}
	b.WriteByte('\\')
	return 0
}

// accentCommand tells \c{c} (an accent) from \ss (a letter): accents
// named by a letter take a braced or spaced argument.
func accentCommand(s string) bool {
	if !isLower(s[0]) && !isUpper(s[0]) {
		return true
	}
	return len(s) > 1 && (s[1] == '{' || s[1] == ' ')
}
