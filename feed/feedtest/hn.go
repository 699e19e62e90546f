package feedtest

import (
	"fmt"
	"strings"
	"time"
)

// HNFeed is an hnrss.org search feed (hnrss.org/newest?q=Query).
type HNFeed struct {
	Query string // URL-safe
	Built time.Time
	Items []HNItem // newest first, as hnrss lists them
}

// HNItem is one Hacker News story.
type HNItem struct {
	ID       int
	Title    string
	URL      string
	User     string
	Points   int
	Comments int
	At       time.Time
}

// HNRSS writes the feed as hnrss does: one line, the story's points and
// comments in a CDATA description.
func HNRSS(f HNFeed) []byte {
	var b strings.Builder
	b.WriteString(`<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom"><channel>`)
	fmt.Fprintf(&b, `<title>Hacker News: Newest: &#34;%s&#34;</title>`, f.Query)
	b.WriteString(`<link>https://news.ycombinator.com/newest</link><description>Hacker News RSS</description><docs>https://hnrss.org/</docs><generator>hnrss v2.1.1</generator>`)
	fmt.Fprintf(&b, `<lastBuildDate>%s</lastBuildDate>`, f.Built.UTC().Format(time.RFC1123Z))
	fmt.Fprintf(&b, `<atom:link href="https://hnrss.org/newest?q=%s" rel="self" type="application/rss+xml"/>`, f.Query)
	for _, it := range f.Items {
		writeHNItem(&b, it)
	}
	b.WriteString("</channel></rss>")
	return []byte(b.String())
}

func writeHNItem(b *strings.Builder, it HNItem) {
	comments := fmt.Sprintf("https://news.ycombinator.com/item?id=%d", it.ID)
	b.WriteString("<item>")
	fmt.Fprintf(b, "<title><![CDATA[%s]]></title>", it.Title)
	fmt.Fprintf(b, "<description><![CDATA[\n<p>Article URL: <a href=\"%[1]s\">%[1]s</a></p>\n<p>Comments URL: <a href=\"%[2]s\">%[2]s</a></p>\n<p>Points: %[3]d</p>\n<p># Comments: %[4]d</p>\n]]></description>",
		it.URL, comments, it.Points, it.Comments)
	fmt.Fprintf(b, "<pubDate>%s</pubDate>", it.At.UTC().Format(time.RFC1123Z))
	fmt.Fprintf(b, "<link>%s</link>", EscapeText(it.URL))
	fmt.Fprintf(b, "<dc:creator>%s</dc:creator>", it.User)
	fmt.Fprintf(b, "<comments>%s</comments>", comments)
	fmt.Fprintf(b, "<guid isPermaLink=\"false\">%s</guid>", comments)
	b.WriteString("</item>")
}
