package render

import (
	"encoding/xml"

	"github.com/paperwire/paperwire/feed"
)

type opml struct {
	XMLName xml.Name  `xml:"opml"`
	Version string    `xml:"version,attr"`
	Title   string    `xml:"head>title"`
	Outline []outline `xml:"body>outline"`
}

type outline struct {
	Type    string `xml:"type,attr"`
	Text    string `xml:"text,attr"`
	Title   string `xml:"title,attr"`
	XMLURL  string `xml:"xmlUrl,attr"`
	HTMLURL string `xml:"htmlUrl,attr"`
}

// OPML lists every topic feed, each followed by a second outline, its
// daily digest feed (the weekly one is a click away on the topic page),
// for importing them all at once.
func (s Site) OPML(topics []feed.Topic) ([]byte, error) {
	o := opml{Version: "2.0", Title: s.Title + " topics"}
	for _, t := range topics {
		o.Outline = append(o.Outline, outline{
			Type: "rss", Text: t.Title, Title: s.feedTitle(t),
			XMLURL: s.FeedURL(t.Slug, Atom), HTMLURL: s.TopicURL(t.Slug),
		})
		o.Outline = append(o.Outline, outline{
			Type: "rss", Text: t.Title + " (daily digest)", Title: s.digestTitle(DigestPage{Topic: t, Kind: feed.Daily}),
			XMLURL: s.DigestURL(t.Slug, feed.Daily, Atom), HTMLURL: s.TopicURL(t.Slug),
		})
	}
	return marshalXML(o)
}
