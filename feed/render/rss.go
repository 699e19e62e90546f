package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"

	"github.com/gorilla/feeds"
)

// gorilla/feeds' RssFeed has no atom:link (self, hub), one category and
// one author string per item; these wrappers add what RSS readers need.
type rssRoot struct {
	XMLName xml.Name    `xml:"rss"`
	Version string      `xml:"version,attr"`
	Atom    string      `xml:"xmlns:atom,attr"`
	DC      string      `xml:"xmlns:dc,attr"`
	Channel *rssChannel `xml:"channel"`
}

type rssChannel struct {
	feeds.RssFeed
	AtomLinks []atomRef   `xml:"atom:link"`
	Items     []*rssEntry `xml:"item"`
}

type atomRef struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type rssEntry struct {
	feeds.RssItem
	Description *xmlText `xml:"description"`          // escaped fast
	Creator     string   `xml:"dc:creator,omitempty"` // every author, comma-joined
	Categories  []string `xml:"category"`
}

// RSS renders the page as RSS 2.0.
func (s Site) RSS(p Page) ([]byte, error) {
	p = p.clean()
	ch := s.rssHead(p)
	ch.Items = make([]*rssEntry, 0, len(p.Items))
	for _, it := range p.Items {
		ch.Items = append(ch.Items, s.rssItem(it))
	}
	return marshalXML(&rssRoot{Version: "2.0", Atom: "http://www.w3.org/2005/Atom", DC: "http://purl.org/dc/elements/1.1/", Channel: ch})
}

// rssHead is the channel's metadata. An empty channel has no change to
// date and carries no date at all (both are optional in RSS).
func (s Site) rssHead(p Page) *rssChannel {
	ch := &rssChannel{RssFeed: feeds.RssFeed{
		Title: s.feedTitle(p.Topic), Link: s.PageURL(p), Description: s.description(p.Topic),
		Language: "en", Generator: s.Title, Docs: "https://www.rssboard.org/rss-specification", Ttl: s.TTLMinutes(),
	}}
	if !p.Updated.IsZero() {
		ch.LastBuildDate = p.Updated.UTC().Format(time.RFC1123Z)
		ch.PubDate = ch.LastBuildDate
	}
	ch.AtomLinks = []atomRef{{Href: s.PageFeedURL(p, RSS), Rel: "self", Type: "application/rss+xml"}}
	if s.Hub != "" {
		ch.AtomLinks = append(ch.AtomLinks, atomRef{Href: s.Hub, Rel: "hub"})
	}
	return ch
}

func (s Site) rssItem(it Item) *rssEntry {
	p := it.Paper
	id := p.Key.ItemID()
	perma := "false"
	if safeURL(id) {
		perma = "true"
	}
	return &rssEntry{
		RssItem: feeds.RssItem{
			Title:    p.Title,
			Link:     itemLink(p),
			Guid:     &feeds.RssGuid{Id: id, IsPermaLink: perma},
			PubDate:  published(p).Format(time.RFC1123Z),
			Comments: commentsURL(discussions(p)),
		},
		Description: newXMLText("", s.contentHTML(it)),
		Creator:     rssCreator(p.Authors),
		Categories:  p.Categories,
	}
}

// rssCreator joins the authors into one dc:creator, as arXiv's own
// listings do: feedparser, newsboat and most readers keep only the last
// of several dc:creator elements. Atom and JSON Feed keep one entry per
// author.
func rssCreator(authors []string) string {
	return strings.Join(authors, ", ")
}

// marshalXML writes the XML declaration and the indented document.
func marshalXML(v any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode xml: %w", err)
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}
