package feedtest

import (
	"fmt"
	"strings"
	"time"
)

// Subreddit is a subreddit's Atom feed (www.reddit.com/r/Name/.rss).
type Subreddit struct {
	Name, Title, Subtitle string
	Updated               time.Time
	Posts                 []RedditPost // newest first
}

// RedditPost is one post of a Subreddit.
type RedditPost struct {
	ID, Title, User string
	At              time.Time
	Body            []string // paragraphs of HTML (already escaped); nil for a link post
	Link            string   // the target of a link post
}

// redditTime is how reddit writes times: +00:00, never Z.
const redditTime = "2006-01-02T15:04:05-07:00"

// RedditAtom writes the subreddit's feed: one line, each post's HTML
// escaped into its content, the entry link being the post's thread.
func RedditAtom(r Subreddit) []byte {
	var b strings.Builder
	category := fmt.Sprintf(`<category term="%[1]s" label="r/%[1]s"/>`, r.Name)
	base := "https://www.reddit.com/r/" + r.Name + "/"
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">`)
	fmt.Fprintf(&b, `%s<updated>%s</updated><icon>https://www.redditstatic.com/icon.png/</icon><id>/r/%s/.rss</id>`, category, r.Updated.UTC().Format(redditTime), r.Name)
	fmt.Fprintf(&b, `<link rel="self" href="%s.rss" type="application/atom+xml" /><link rel="alternate" href="%s" type="text/html" />`, base, base)
	fmt.Fprintf(&b, `<subtitle>%s</subtitle><title>%s</title>`, EscapeText(r.Subtitle), EscapeText(r.Title))
	for _, p := range r.Posts {
		writeRedditEntry(&b, r.Name, category, p)
	}
	b.WriteString("</feed>")
	return []byte(b.String())
}

func writeRedditEntry(b *strings.Builder, sub, category string, p RedditPost) {
	b.WriteString("<entry>")
	fmt.Fprintf(b, `<author><name>/u/%[1]s</name><uri>https://www.reddit.com/user/%[1]s</uri></author>`, p.User)
	b.WriteString(category)
	fmt.Fprintf(b, `<content type="html">%s</content>`, EscapeAttr(p.content(sub)))
	fmt.Fprintf(b, `<id>t3_%s</id>`, p.ID)
	fmt.Fprintf(b, `<link href="%s" />`, EscapeAttr(p.Thread(sub)))
	fmt.Fprintf(b, `<updated>%[1]s</updated><published>%[1]s</published>`, p.At.UTC().Format(redditTime))
	fmt.Fprintf(b, `<title>%s</title>`, EscapeHTML(p.Title))
	b.WriteString("</entry>")
}

// Thread is the URL of the post's comment thread in subreddit sub.
func (p RedditPost) Thread(sub string) string {
	return fmt.Sprintf("https://www.reddit.com/r/%s/comments/%s/%s/", sub, p.ID, slug(p.Title, 50))
}

// content is the post's HTML: its body, then the submitter, [link] and
// [comments].
func (p RedditPost) content(sub string) string {
	var h strings.Builder
	target := p.Link
	if p.Body != nil {
		target = p.Thread(sub)
		h.WriteString(`<!-- SC_OFF --><div class="md">`)
		for i, para := range p.Body {
			if i > 0 {
				h.WriteString(" ")
			}
			h.WriteString("<p>" + para + "</p>")
		}
		h.WriteString(` </div><!-- SC_ON --> `)
	}
	fmt.Fprintf(&h, `&#32; submitted by &#32; <a href="https://www.reddit.com/user/%[1]s"> /u/%[1]s </a> <br/> <span><a href="%s">[link]</a></span> &#32; <span><a href="%s">[comments]</a></span>`,
		p.User, EscapeAttr(target), EscapeAttr(p.Thread(sub)))
	return h.String()
}
