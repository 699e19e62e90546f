package render

import "strings"

// xmlText is element content escaped by escapeXML rather than by
// encoding/xml, whose escaper checks every rune and was half the cost of
// rendering a feed. Texts are cleaned of what XML forbids before
// (Page.clean), so escaping &, < and > is all that is left to do.
type xmlText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",innerxml"`
}

func newXMLText(typ, s string) *xmlText { return &xmlText{Type: typ, Body: escapeXML(s)} }

// escapeXML escapes &, < and > for XML element content, copying the runs
// between them whole.
func escapeXML(s string) string {
	next := strings.IndexAny(s, "&<>")
	if next < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	for next >= 0 {
		b.WriteString(s[:next])
		switch s[next] {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		default:
			b.WriteString("&gt;")
		}
		s = s[next+1:]
		next = strings.IndexAny(s, "&<>")
	}
	b.WriteString(s)
	return b.String()
}
