package render

import (
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
)

// mathPage holds a paper whose title and abstract carry raw <, > and &,
// as arXiv's plain-text math does.
func mathPage() (Page, string, string) {
	page := populated()
	p := page.Items[0].Paper
	p.Title = "The <SEP> Token Matters"
	p.Abstract = "For $k<n$ and $m>n$ heads, <b>-tagged & <SEP> spans: $\\|A\\|<1$ &amp; AT&T."
	return page, p.Title, p.Abstract
}

// htmlTextOf is the text a reader shows for an HTML fragment.
func htmlTextOf(t *testing.T, fragment string) string {
	t.Helper()
	root, err := html.Parse(strings.NewReader(fragment))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for n := range root.Descendants() {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
	}
	return b.String()
}

// Every format escapes what arXiv's plain text carries: a reader parsing
// the feed gets back the exact title, and the abstract as text (not
// markup) in the item's HTML content.
func TestMathTextSurvivesEveryFormat(t *testing.T) {
	page, title, abstract := mathPage()
	for _, f := range formats {
		body, err := testSite().Feed(f, page)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := gofeed.NewParser().ParseString(string(body))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		it := doc.Items[0]
		if it.Title != title {
			t.Errorf("%s: title %q, want %q", f, it.Title, title)
		}
		content := it.Content
		if content == "" {
			content = it.Description
		}
		if text := htmlTextOf(t, content); !strings.Contains(text, abstract) {
			t.Errorf("%s: content text %q lacks the abstract %q", f, text, abstract)
		}
	}
}

// The topic page shows the same text, escaped.
func TestMathTextSurvivesTopicPage(t *testing.T) {
	page, title, abstract := mathPage()
	pages, err := NewPages(testSite())
	if err != nil {
		t.Fatal(err)
	}
	body, err := pages.Topic(page, Health{})
	if err != nil {
		t.Fatal(err)
	}
	text := htmlTextOf(t, string(body))
	for _, want := range []string{title, abstract} {
		if !strings.Contains(text, want) {
			t.Errorf("topic page text lacks %q", want)
		}
	}
}
