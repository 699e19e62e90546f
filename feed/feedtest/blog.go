package feedtest

import (
	"fmt"
	"strings"
	"time"
)

// Blog is a WordPress blog's RSS 2.0 feed (BASE/feed/).
type Blog struct {
	Title, Base, Description string
	Author                   string // of every post
	Built                    time.Time
	Posts                    []BlogPost // newest first
}

// BlogPost is one post of a Blog.
type BlogPost struct {
	ID            int
	Slug, Title   string // the post is at BASE/Slug/
	At            time.Time
	Category      string
	Excerpt, HTML string
}

// BlogRSS writes the blog's feed, white space and all, as WordPress
// does: the excerpt as description, the post as content:encoded.
func BlogRSS(f Blog) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/"
	>

<channel>
`)
	fmt.Fprintf(&b, "\t<title>%s</title>\n\t<atom:link href=\"%s/feed/\" rel=\"self\" type=\"application/rss+xml\" />\n", wpEscaper.Replace(f.Title), f.Base)
	fmt.Fprintf(&b, "\t<link>%s</link>\n\t<description>%s</description>\n", f.Base, wpEscaper.Replace(f.Description))
	fmt.Fprintf(&b, "\t<lastBuildDate>%s</lastBuildDate>\n", f.Built.UTC().Format(time.RFC1123Z))
	b.WriteString("\t<language>en-US</language>\n\t<sy:updatePeriod>\n\thourly\t</sy:updatePeriod>\n\t<sy:updateFrequency>\n\t1\t</sy:updateFrequency>\n")
	b.WriteString("\t<generator>https://wordpress.org/?v=6.4.3</generator>\n")
	for _, p := range f.Posts {
		writeBlogItem(&b, f, p)
	}
	b.WriteString("\t</channel>\n</rss>\n")
	return []byte(b.String())
}

func writeBlogItem(b *strings.Builder, f Blog, p BlogPost) {
	url := f.Base + "/" + p.Slug + "/"
	fmt.Fprintf(b, "\t<item>\n\t\t<title>%s</title>\n", wpEscaper.Replace(p.Title))
	fmt.Fprintf(b, "\t\t<link>%s</link>\n", url)
	fmt.Fprintf(b, "\t\t<comments>%s#respond</comments>\n", url)
	fmt.Fprintf(b, "\t\t\n\t\t<dc:creator><![CDATA[%s]]></dc:creator>\n", f.Author)
	fmt.Fprintf(b, "\t\t<pubDate>%s</pubDate>\n", p.At.UTC().Format(time.RFC1123Z))
	fmt.Fprintf(b, "\t\t\t\t<category><![CDATA[%s]]></category>\n", p.Category)
	fmt.Fprintf(b, "\t\t<guid isPermaLink=\"false\">%s/?p=%d</guid>\n\n", f.Base, p.ID)
	fmt.Fprintf(b, "\t\t\t\t\t<description><![CDATA[%s [&#8230;]]]></description>\n", p.Excerpt)
	fmt.Fprintf(b, "\t\t\t\t\t\t\t\t\t\t<content:encoded><![CDATA[%s]]></content:encoded>\n", p.HTML)
	fmt.Fprintf(b, "\t\t\t\t\t\n\t\t\t<wfw:commentRss>%sfeed/</wfw:commentRss>\n", url)
	b.WriteString("\t\t\t<slash:comments>0</slash:comments>\n\t\t\n\t\t\t\n\t\t\t</item>\n")
}
