package normalize

import (
	"strings"

	"github.com/mmcdole/gofeed"

	"github.com/paperwire/paperwire/feed"
)

// markup is how a source writes its titles, abstracts and names.
type markup uint8

const (
	// plainMarkup: arXiv (listings in RSS and Atom, the API) and Hugging
	// Face write plain text, with raw <, > and & in math ("$k<n$").
	plainMarkup markup = iota
	// htmlMarkup: every other feed (RSS descriptions, Atom html content,
	// blogs, forums) may carry HTML; only its real tags are dropped.
	htmlMarkup
)

// markupOf tells arXiv's and Hugging Face's plain text from the HTML of
// other feeds: by the source kind, or by the arXiv namespace and the
// listing's "Announce Type" prefix (never by host).
func markupOf(src feed.Source, it *gofeed.Item) markup {
	if src.Kind == feed.KindHFDaily || len(it.Extensions["arxiv"]) > 0 || announceType(it.Description) != "" {
		return plainMarkup
	}
	return htmlMarkup
}

// clean makes plain text of s as the source wrote it.
func (m markup) clean(s string) string {
	if m == htmlMarkup {
		return cleanText(s)
	}
	return cleanPlain(s)
}

// cleanPlain drops control characters and collapses white space; every
// other character, < > & included, is text.
func cleanPlain(s string) string {
	if s = strings.Trim(s, " "); plainText(s) {
		return s
	}
	return collapse(dropControls(s))
}

// escapeNonTags escapes every '<' of an HTML fragment that does not
// start a real tag (an HTML element's start or end tag, a comment, a
// doctype or CDATA section), so that an HTML tokenizer keeps "$k<n$ and
// $m>n$" or "the <SEP> token" as text instead of taking "<n$ and $m>"
// for an element.
func escapeNonTags(s string) string {
	i := strings.IndexByte(s, '<')
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i >= 0 {
		b.WriteString(s[:i])
		if realTag(s[i:]) {
			b.WriteByte('<')
		} else {
			b.WriteString("&lt;")
		}
		s = s[i+1:]
		i = strings.IndexByte(s, '<')
	}
	b.WriteString(s)
	return b.String()
}

// realTag reports whether s, which starts with '<', starts a tag an HTML
// author wrote: <!-- comment -->, <!DOCTYPE …>, <![CDATA[, or the start
// or end tag of a known element, complete up to its '>', whose
// attributes look like attributes ("<q and m>" in "FDR<q and m>1" does
// not: bare words other than boolean attributes are text).
func realTag(s string) bool {
	switch {
	case strings.HasPrefix(s, "<!--") || strings.HasPrefix(s, "<![CDATA["):
		return true
	case hasPrefixFold(s, "<!doctype"):
		return true
	case strings.HasPrefix(s, "</"):
		name := tagName(s[2:])
		rest := strings.TrimLeft(s[2+len(name):], " \t\r\n")
		return htmlElement(name) && strings.HasPrefix(rest, ">")
	}
	name := tagName(s[1:])
	return htmlElement(name) && attributes(s[1+len(name):])
}

// tagName is the run of ASCII letters and digits s starts with.
func tagName(s string) string {
	n := 0
	for n < len(s) && n < 16 && isAlnum(s[n]) {
		n++
	}
	return s[:n]
}

// maxTagLen bounds how far a tag's attributes may reach for its '>'.
const maxTagLen = 2048

// attributes reports whether s, just after a tag name, is a list of
// attributes closed by '>' or "/>": each one preceded by white space,
// and either name=value (quoted or not) or a boolean attribute.
func attributes(s string) bool {
	s = s[:min(len(s), maxTagLen)]
	for {
		sp := spaces(s)
		if strings.HasPrefix(s[sp:], ">") || strings.HasPrefix(s[sp:], "/>") {
			return true
		}
		n, ok := attribute(s[sp:])
		if sp == 0 || !ok {
			return false
		}
		s = s[sp+n:]
	}
}

// attribute returns the length of the attribute s starts with.
func attribute(s string) (int, bool) {
	n := strings.IndexAny(s, " \t\r\n=/>\"'<")
	if n <= 0 {
		return 0, false
	}
	i := n + spaces(s[n:])
	if i == len(s) || s[i] != '=' {
		_, ok := booleanAttrs[strings.ToLower(s[:n])]
		return n, ok
	}
	i++
	i += spaces(s[i:])
	if i < len(s) && (s[i] == '"' || s[i] == '\'') {
		end := strings.IndexByte(s[i+1:], s[i])
		return i + end + 2, end >= 0
	}
	end := strings.IndexAny(s[i:], " \t\r\n>")
	return i + max(end, 0), end > 0
}

// spaces counts the HTML white space s starts with.
func spaces(s string) int {
	n := 0
	for n < len(s) && (s[n] == ' ' || s[n] == '\t' || s[n] == '\r' || s[n] == '\n' || s[n] == '\f') {
		n++
	}
	return n
}

// booleanAttrs are the HTML attributes written without a value.
var booleanAttrs = setOf(`allowfullscreen async autofocus autoplay checked controls default defer disabled
	download hidden inert ismap itemscope loop multiple muted nomodule noshade novalidate nowrap open
	playsinline readonly required reversed selected`)

// htmlElement reports whether name (any case) is an HTML element, or an
// SVG or MathML element that feeds embed in HTML.
func htmlElement(name string) bool {
	if name == "" || !isLower(name[0]|0x20) {
		return false
	}
	_, ok := htmlElements[strings.ToLower(name)]
	return ok
}

// htmlElements are the element names of HTML (current and obsolete ones
// still found in feeds) and the common SVG and MathML ones.
var htmlElements = setOf(`a abbr acronym address area article aside audio b base bdi bdo big blink blockquote
	body br button canvas caption center cite code col colgroup data datalist dd del details dfn dialog dir div
	dl dt em embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header
	hgroup hr html i iframe img input ins kbd label legend li link main map mark marquee menu meta meter nav
	nobr noembed noframes noscript object ol optgroup option output p param picture plaintext pre progress q
	rb rp rt rtc ruby s samp script search section select slot small source span strike strong style sub
	summary sup table tbody td template textarea tfoot th thead time title tr track tt u ul var video wbr xmp
	svg g path circle ellipse line polyline polygon rect text tspan defs use symbol image foreignobject
	lineargradient radialgradient stop clippath mask pattern filter
	math mi mn mo ms mtext mrow msub msup msubsup mfrac msqrt mroot mover munder munderover mtable mtr mtd
	mspace mstyle semantics annotation`)

func setOf(words string) map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range strings.Fields(words) {
		m[w] = struct{}{}
	}
	return m
}
