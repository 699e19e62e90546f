package render

import (
	"encoding/xml"
	"strings"
	"testing"
)

// escapeXML agrees with encoding/xml on what a reader gets back.
func TestEscapeXML(t *testing.T) {
	for _, s := range []string{"", "plain", "a & b < c > d", "&&&", "<p>x</p>\n<p>y &amp; z</p>", "ünï & ☃ <"} {
		var back struct {
			Body string `xml:",chardata"`
		}
		if err := xml.Unmarshal([]byte("<t>"+escapeXML(s)+"</t>"), &back); err != nil || back.Body != s {
			t.Errorf("escapeXML(%q) reads back as %q, %v", s, back.Body, err)
		}
		if strings.ContainsAny(strings.NewReplacer("&amp;", "", "&lt;", "", "&gt;", "").Replace(escapeXML(s)), "&<>") {
			t.Errorf("escapeXML(%q) = %q left markup", s, escapeXML(s))
		}
	}
}
