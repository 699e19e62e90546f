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
	s = strings.TrimSpace(s)
	if !needsCollapse(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] > ' ' && s[j] < utf8.RuneSelf {
			j++
		}
		if j > i { // a run of plain ASCII: copied at once
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteString(s[i:j])
			i = j
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r) // invalid UTF-8 becomes U+FFFD
	}
	return b.String()
}

// needsCollapse reports whether collapse would change s: white space
// other than single inner spaces, or invalid UTF-8.
func needsCollapse(s string) bool {
	if len(s) > 0 && (s[0] == ' ' || s[len(s)-1] == ' ') || strings.Contains(s, "  ") {
		return true
	}
	for i := 0; i < len(s); {
		if i += plainRun(s[i:]); i == len(s) {
			return false
		}
		if c := s[i]; c < utf8.RuneSelf {
			if asciiSpace(c) {
				return true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) || r == utf8.RuneError && n == 1 {
			return true
		}
		i += n
	}
	return false
}

// plainRun returns the length of the prefix of s made of printable
// ASCII (0x20 to 0x7e), eight bytes at a time.
func plainRun(s string) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		// A high bit is set where a byte is below 0x20 (borrow), 0x7f
		// (carry) or above: there or a little before, the run ends.
		if (w-0x20*ones|w+ones|w)&highs != 0 {
			break
		}
	}
	for i < len(s) && s[i] >= ' ' && s[i] < 0x7f {
		i++
	}
	return i
}

// asciiSpace is unicode.IsSpace for bytes below utf8.RuneSelf.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// cleanText makes plain text of an HTML fragment: its real tags are
// dropped (with the contents of script and style), entities decoded,
// control characters removed and white space collapsed. Everything
// Paperwire republishes as HTML is built from such text and escaped,
// so no markup from a source ever reaches a reader.
func cleanText(s string) string {
	if strings.IndexByte(s, '<') >= 0 || strings.IndexByte(s, '&') >= 0 {
		s = htmlText(s)
	}
	if s = strings.Trim(s, " "); plainText(s) {
		return s // the common case: nothing to drop or collapse
	}
	return collapse(dropControls(s))
}

// plainText reports whether s is printable ASCII with single spaces
// only (none leading or trailing), checked eight bytes at a time: text
// that neither dropControls nor collapse would change.
func plainText(s string) bool {
	const ones, highs, lows = 0x0101010101010101, 0x8080808080808080, 0x7f7f7f7f7f7f7f7f
	if len(s) > 0 && (s[0] == ' ' || s[len(s)-1] == ' ') {
		return false
	}
	var prev uint64 // spaces of the previous word, one high bit each
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if (w-0x20*ones|w+ones|w)&highs != 0 {
			return false // a byte outside 0x20..0x7e
		}
		t := w ^ 0x20*ones
		sp := ^((t&lows + lows) | t) & highs // exactly the space bytes
		if sp&(sp<<8) != 0 || prev>>63 != 0 && sp&0x80 != 0 {
			return false // two spaces in a row
		}
		prev = sp
	}
	last := prev>>63 != 0
	for ; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c >= 0x7f || c == ' ' && last {
			return false
		}
		last = c == ' '
	}
	return true
}

// htmlText returns the text content of an HTML fragment. Only real tags
// are markup (see escapeNonTags): "$k<n$ and $m>n$" stays text.
func htmlText(s string) string {
	z := html.NewTokenizer(strings.NewReader(escapeNonTags(s)))
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
	if !hasControls(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == utf8.RuneError || (unicode.IsControl(r) && !unicode.IsSpace(r)) {
			return -1
		}
		return r
	}, s)
}

// hasControls reports whether dropControls would change s; printable
// ASCII is skipped eight bytes at a time.
func hasControls(s string) bool {
	for i := 0; i < len(s); {
		if i += plainRun(s[i:]); i == len(s) {
			return false
		}
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		if r == utf8.RuneError || (unicode.IsControl(r) && !unicode.IsSpace(r)) {
			return true
		}
		i += n
	}
	return false
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
