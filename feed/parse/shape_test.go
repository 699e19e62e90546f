package parse_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/parse"
)

const rssHead = `<?xml version="1.0"?><rss version="2.0" xmlns:x="urn:x"><channel><title>t</title>`

// rssItem is one RSS item whose link and title carry n.
func rssItem(n int) string {
	return fmt.Sprintf("<item><title>paper %d</title><link>https://arxiv.org/abs/2401.%05d</link></item>\n", n, n)
}

// nestedDoc is an RSS feed whose one item holds depth nested namespaced
// elements: at a million, the 11 MB document of the fault campaign.
func nestedDoc(depth int) []byte {
	var b bytes.Buffer
	b.WriteString(rssHead + `<item><title>deep</title><link>https://arxiv.org/abs/2401.00001</link>`)
	b.WriteString(strings.Repeat("<x:a>", depth))
	b.WriteString(strings.Repeat("</x:a>", depth))
	b.WriteString("</item></channel></rss>")
	return b.Bytes()
}

// wideDoc is an RSS feed whose one item holds n empty namespaced
// elements side by side.
func wideDoc(n int, elem string) []byte {
	var b bytes.Buffer
	b.WriteString(rssHead + `<item><title>wide</title><link>https://arxiv.org/abs/2401.00001</link>`)
	b.WriteString(strings.Repeat(elem, n))
	b.WriteString("</item></channel></rss>")
	return b.Bytes()
}

// attrs is n distinct attributes.
func attrs(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `a%d="1" `, i)
	}
	return b.String()
}

// manyItems is an RSS feed of n items.
func manyItems(n int) []byte {
	var b bytes.Buffer
	b.WriteString(rssHead)
	for i := range n {
		b.WriteString(rssItem(i))
	}
	b.WriteString("</channel></rss>")
	return b.Bytes()
}

func TestParseRefusesDeepNesting(t *testing.T) {
	body := nestedDoc(1_000_000)
	_, err := parse.Parser{}.Parse(feed.KindFeed, body)
	if !errors.Is(err, parse.ErrTooDeep) {
		t.Fatalf("%d bytes nested a million deep: got %v, want ErrTooDeep", len(body), err)
	}
	if want := fmt.Sprintf("feed too deeply nested: depth > %d", parse.MaxDepth); err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}

func TestParseDepthBound(t *testing.T) {
	p := parse.Parser{MaxDepth: 10} // rss, channel, item + 7
	if res, err := p.Parse(feed.KindFeed, nestedDoc(7)); err != nil || len(res.Items) != 1 {
		t.Errorf("depth 10: %d items, %v; want 1 item", len(res.Items), err)
	}
	if _, err := p.Parse(feed.KindFeed, nestedDoc(8)); !errors.Is(err, parse.ErrTooDeep) {
		t.Errorf("depth 11: got %v, want ErrTooDeep", err)
	}
}

func TestParseRefusesTooManyNodes(t *testing.T) {
	for name, body := range map[string][]byte{
		"elements":   wideDoc(parse.MaxNodes, "<x:a/>"),
		"attributes": wideDoc(1, fmt.Sprintf("<x:a %s/>", attrs(parse.MaxNodes))),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := parse.Parser{}.Parse(feed.KindFeed, body)
			if !errors.Is(err, parse.ErrTooLarge) {
				t.Fatalf("got %v, want ErrTooLarge", err)
			}
		})
	}
}

// Unclosed HTML in descriptions (not XML, but gofeed reads it) is closed
// by the description's end tag, as gofeed's decoder does: it does not add
// up to depth across items.
func TestParseUnclosedHTMLIsNotDepth(t *testing.T) {
	var b strings.Builder
	b.WriteString(rssHead)
	for i := range 2 * parse.MaxDepth {
		fmt.Fprintf(&b, "<item><title>p%d</title><link>https://arxiv.org/abs/2401.%05d</link><description>a<br>b<p>c</description></item>", i, i)
	}
	b.WriteString("</channel></rss>")
	res, err := parse.Parser{MaxItems: 10}.Parse(feed.KindFeed, []byte(b.String()))
	if err != nil || len(res.Items) != 10 || res.Truncated != 2*parse.MaxDepth-10 {
		t.Fatalf("got %d items (%d truncated), %v", len(res.Items), res.Truncated, err)
	}
}

// Markup in comments, CDATA and attribute values is not counted.
func TestParseShapeIgnoresText(t *testing.T) {
	noise := strings.Repeat("<x:a>", 20)
	body := []byte(rssHead + "<!-- " + noise + " -->" +
		`<item><title><![CDATA[` + noise + `<item>]]></title><link title="` + strings.ReplaceAll(noise, "<", "&lt;") + `>">https://arxiv.org/abs/2401.00001</link></item>` +
		rssItem(2) + "</channel></rss>")
	res, err := parse.Parser{MaxDepth: 5, MaxItems: 2}.Parse(feed.KindFeed, body)
	if err != nil || len(res.Items) != 2 || res.Truncated != 0 {
		t.Fatalf("got %d items (%d truncated), %v; want 2", len(res.Items), res.Truncated, err)
	}
}

// Items beyond MaxItems are cut before parsing, counted, and do not count
// against the node bound.
func TestParseCutsItems(t *testing.T) {
	body := manyItems(200_000)
	res, err := parse.Parser{}.Parse(feed.KindFeed, body)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Items) != parse.MaxItems || res.Truncated != 200_000-parse.MaxItems {
		t.Fatalf("got %d items, %d truncated; want %d, %d", len(res.Items), res.Truncated, parse.MaxItems, 200_000-parse.MaxItems)
	}
	if last := res.Items[len(res.Items)-1].Title; last != fmt.Sprintf("paper %d", parse.MaxItems-1) {
		t.Errorf("last item kept %q", last)
	}
}

func TestParseCutsEveryFormat(t *testing.T) {
	entry := func(i int) string {
		return fmt.Sprintf("<entry><id>urn:%d</id><title>e%d</title></entry>", i, i)
	}
	rdfItem := func(i int) string {
		return fmt.Sprintf(`<item rdf:about="urn:%d"><title>e%d</title><link>urn:%d</link></item>`, i, i, i)
	}
	docs := map[string]string{
		"atom":    `<feed xmlns="http://www.w3.org/2005/Atom"><title>f</title>` + entry(0) + entry(1) + entry(2) + `<!-- end --></feed>`,
		"rss 1.0": `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel rdf:about="urn:c"><title>c</title></channel>` + rdfItem(0) + rdfItem(1) + rdfItem(2) + `</rdf:RDF>`,
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			res, err := parse.Parser{MaxItems: 2}.Parse(feed.KindFeed, []byte(doc))
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Items) != 2 || res.Truncated != 1 || res.Items[1].Title != "e1" {
				t.Errorf("got %d items, %d truncated", len(res.Items), res.Truncated)
			}
		})
	}
}

// jsonItems is a JSON Feed of n items.
func jsonItems(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[`)
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id":"%d","url":"https://arxiv.org/abs/2401.%05d","title":"paper %d"}`, i, i, i)
	}
	b.WriteString("]}")
	return b.Bytes()
}

func TestParseCutsJSONFeedItems(t *testing.T) {
	res, err := parse.Parser{MaxItems: 3}.Parse(feed.KindFeed, jsonItems(10))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Items) != 3 || res.Truncated != 7 || res.Items[2].Title != "paper 2" {
		t.Errorf("got %d items, %d truncated", len(res.Items), res.Truncated)
	}
}

// jsonAuthors is a JSON Feed of one item with n authors.
func jsonAuthors(n int) []byte {
	return []byte(`{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[{"id":"1","url":"https://arxiv.org/abs/2401.00001","authors":[` +
		strings.Repeat(`{"name":"a"},`, n) + `{"name":"a"}]}]}`)
}

func TestParseRefusesTooManyJSONValues(t *testing.T) {
	hf := []byte(`[{"paper":{"id":"2401.00001","title":"t","authors":[` + strings.Repeat(`{"name":"a"},`, parse.MaxNodes) + `{"name":"a"}]}}]`)
	for name, c := range map[string]struct {
		kind feed.Kind
		body []byte
	}{"json feed": {feed.KindFeed, jsonAuthors(parse.MaxNodes)}, "hf-daily": {feed.KindHFDaily, hf}} {
		t.Run(name, func(t *testing.T) {
			if _, err := (parse.Parser{}).Parse(c.kind, c.body); !errors.Is(err, parse.ErrTooLarge) {
				t.Errorf("got %v, want ErrTooLarge", err)
			}
		})
	}
}

// BenchmarkParseHostile is the parser on the documents of the fault
// campaign; B/op (every byte allocated) bounds the memory one parse
// takes above the baseline.
func BenchmarkParseHostile(b *testing.B) {
	docs := []struct {
		name string
		body []byte
	}{
		{"nested-1M", nestedDoc(1_000_000)},
		{"wide-1M", wideDoc(1_000_000, "<x:a/>")},
		{"wide-at-bound", wideDoc(parse.MaxNodes-10, "<x:a/>")},
		{"attrs-at-bound", wideDoc(1, fmt.Sprintf("<x:a %s/>", attrs(parse.MaxNodes-10)))},
		{"items-200k", manyItems(200_000)},
		{"json-items-200k", jsonItems(200_000)},
		{"json-authors-1.2M", jsonAuthors(1_200_000)},
		{"json-authors-at-bound", jsonAuthors(parse.MaxNodes/2 - 10)},
	}
	for _, d := range docs {
		b.Run(d.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(d.body)))
			for b.Loop() {
				_, _ = parse.Parser{}.Parse(feed.KindFeed, d.body)
			}
		})
	}
}
