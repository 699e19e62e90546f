package render

import (
	"encoding/json"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func hostilePage() Page {
	page := populated()
	page.Items = append(page.Items, Item{Paper: hostilePaper(), Pinned: true})
	return page
}

// unsafeMarkup walks an HTML document or fragment and describes every
// script element, event handler attribute and script URL in it.
func unsafeMarkup(doc string) []string {
	root, err := html.Parse(strings.NewReader(doc))
	if err != nil {
		return []string{"unparsable: " + err.Error()}
	}
	var bad []string
	for n := range root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		if n.Data == "script" || n.Data == "iframe" {
			bad = append(bad, "<"+n.Data+">")
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				bad = append(bad, n.Data+" "+a.Key+"=")
			}
			if (a.Key == "href" || a.Key == "src") && !plainURL(a.Val) {
				bad = append(bad, n.Data+" "+a.Key+"="+a.Val)
			}
		}
	}
	return bad
}

// plainURL reports whether a URL is http(s), or relative.
func plainURL(u string) bool {
	u = strings.ToLower(strings.TrimSpace(u))
	scheme, _, found := strings.Cut(u, ":")
	return !found || scheme == "http" || scheme == "https" || strings.ContainsAny(scheme, "/?#")
}

func TestHostilePaperIsInertInEveryFormat(t *testing.T) {
	for f, p := range renderAll(t, testSite(), hostilePage()) {
		if len(p.items) != 4 {
			t.Fatalf("%s: %d items, want 4", f, len(p.items))
		}
		for _, it := range p.items {
			if bad := unsafeMarkup(it.content); len(bad) > 0 {
				t.Errorf("%s item %s: content carries %q:\n%s", f, it.id, bad, it.content)
			}
			for _, l := range it.links {
				if !plainURL(l) {
					t.Errorf("%s item %s: link %q", f, it.id, l)
				}
			}
		}
	}
}

// The hostile text is still there, as text.
func TestHostileTextIsEscapedNotDropped(t *testing.T) {
	for f, p := range renderAll(t, testSite(), hostilePage()) {
		if c := p.items[3].content; !strings.Contains(c, "&lt;script&gt;alert(5)&lt;/script&gt;") {
			t.Errorf("%s: hostile author not shown as text:\n%s", f, c)
		}
	}
}

func TestHostilePaperIsInertInHTMLPage(t *testing.T) {
	pages, err := NewPages(testSite())
	if err != nil {
		t.Fatal(err)
	}
	body, err := pages.Topic(hostilePage(), Health{})
	if err != nil {
		t.Fatal(err)
	}
	if bad := unsafeMarkup(string(body)); len(bad) > 0 {
		t.Errorf("topic page carries %q", bad)
	}
	if strings.Contains(strings.ToLower(string(body)), "<script") {
		t.Errorf("topic page has an unescaped <script")
	}
}

// Control characters never reach a feed: XML parsers reject them and
// JSON Feed readers choke on their escapes.
func TestControlCharactersAreDropped(t *testing.T) {
	p := arxivPaper()
	p.Title, p.Abstract = "Form\ffeed\x00 title\u0085", "Vertical\vtab \x1b[31m abstract \xff\ufffe"
	p.Authors = []string{"Bell\a Author"}
	page := Page{Topic: testTopic(), Items: []Item{{Paper: p}}, Updated: p.Updated}
	for f, body := range renderBytes(t, testSite(), page) {
		parseFeed(t, f, body) // well-formed
		text := strings.NewReplacer("&#xA;", "", "&#x9;", "", "&#xD;", "").Replace(string(body))
		for _, bad := range []string{"\f", "\x00", "\u0085", "\v", "\x1b", "\a", "\ufffe", "\ufffd", "\\u00", "&#x"} {
			if strings.Contains(text, bad) {
				t.Errorf("%s carries %q", f, bad)
			}
		}
		if f == JSON && !json.Valid(body) {
			t.Errorf("json feed is not valid JSON")
		}
	}
	if p.Title != "Form\ffeed\x00 title\u0085" {
		t.Errorf("rendering changed the caller's paper")
	}
}
