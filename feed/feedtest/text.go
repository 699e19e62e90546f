package feedtest

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

var (
	textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
	htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;")
	// wpEscaper escapes text as WordPress feeds do: & as &#038;.
	wpEscaper = strings.NewReplacer("&", "&#038;", "<", "&lt;", ">", "&gt;")
)

// EscapeText escapes XML character data the way lxml does: & < > only;
// newlines stay literal (encoding/xml.EscapeText would write &#xA;).
func EscapeText(s string) string { return textEscaper.Replace(s) }

// EscapeAttr escapes an XML attribute value.
func EscapeAttr(s string) string { return attrEscaper.Replace(s) }

// EscapeHTML escapes text placed inside an HTML document.
func EscapeHTML(s string) string { return htmlEscaper.Replace(s) }

// Anchor is an HTML link whose text is its URL.
func Anchor(url string) string {
	return fmt.Sprintf(`<a href="%s">%s</a>`, EscapeAttr(url), EscapeHTML(url))
}

// wrap breaks text greedily into lines of at most width columns; the first
// line's width budget is reduced by first, later ones by rest.
func wrap(text string, width, first, rest int) []string {
	var lines []string
	line, budget := "", width-first
	for _, w := range strings.Fields(text) {
		switch {
		case line == "":
			line = w
		case len(line)+1+len(w) <= budget:
			line += " " + w
		default:
			lines = append(lines, line)
			line, budget = w, width-rest
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// slug builds a reddit-style permalink slug of at most max bytes from a
// title, cut at an underscore.
func slug(title string, max int) string {
	var b strings.Builder
	underscore := false
	for _, r := range strings.ToLower(title) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			underscore = false
		} else if !underscore && b.Len() > 0 {
			b.WriteByte('_')
			underscore = true
		}
	}
	s := strings.Trim(b.String(), "_")
	if len(s) > max {
		s = s[:max]
		if i := strings.LastIndexByte(s, '_'); i > 0 {
			s = s[:i]
		}
	}
	return s
}

// HashHex returns n deterministic hex digits derived from key.
func HashHex(key string, n int) string {
	var out string
	for i := 0; len(out) < n; i++ {
		sum := sha1.Sum(fmt.Appendf(nil, "%s#%d", key, i))
		out += hex.EncodeToString(sum[:])
	}
	return out[:n]
}

// ObjectID mimics a MongoDB ObjectId created at t (Hugging Face ids),
// its random part derived from key.
func ObjectID(t time.Time, key string) string {
	return fmt.Sprintf("%08x", uint32(t.Unix())) + HashHex(key, 16)
}
