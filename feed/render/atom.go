package render

import (
	"encoding/xml"
	"time"

	"github.com/gorilla/feeds"
)

// gorilla/feeds' AtomFeed has one link, one author and a category
// written as text (not term=); the wrappers carry several of each.
type atomFeed struct {
	XMLName xml.Name `xml:"feed"`
	feeds.AtomFeed
	Links   []feeds.AtomLink `xml:"link"`
	Entries []*atomEntry     `xml:"entry"`
}

type atomEntry struct {
	XMLName xml.Name `xml:"entry"`
	feeds.AtomEntry
	Authors    []*feeds.AtomAuthor `xml:"author"`
	Categories []atomCategory      `xml:"category"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
}

// atomTime formats an RFC 3339 instant in UTC.
func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Atom renders the page as Atom 1.0.
func (s Site) Atom(p Page) ([]byte, error) {
	slug := p.Topic.Slug
	f := &atomFeed{AtomFeed: feeds.AtomFeed{
		Xmlns:    "http://www.w3.org/2005/Atom",
		Title:    s.feedTitle(p.Topic),
		Id:       s.TopicURL(slug),
		Updated:  atomTime(p.Updated),
		Subtitle: s.description(p.Topic),
		Author:   &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: s.Title, Uri: s.BaseURL + "/"}},
	}}
	if p.Updated.IsZero() {
		f.Updated = atomTime(time.Unix(0, 0))
	}
	f.Links = []feeds.AtomLink{
		{Href: s.FeedURL(slug, Atom), Rel: "self", Type: "application/atom+xml"},
		{Href: s.TopicURL(slug), Rel: "alternate", Type: "text/html"},
	}
	if s.Hub != "" {
		f.Links = append(f.Links, feeds.AtomLink{Href: s.Hub, Rel: "hub"})
	}
	f.Entries = make([]*atomEntry, 0, len(p.Items))
	for _, it := range p.Items {
		f.Entries = append(f.Entries, s.atomEntry(it))
	}
	return marshalXML(f)
}

func (s Site) atomEntry(it Item) *atomEntry {
	p := it.Paper
	e := &atomEntry{AtomEntry: feeds.AtomEntry{
		Title:     p.Title,
		Id:        ItemID(p.Key),
		Updated:   atomTime(p.Updated),
		Published: atomTime(published(p)),
		Content:   &feeds.AtomContent{Content: s.contentHTML(it), Type: "html"},
	}}
	if p.Abstract != "" {
		e.Summary = &feeds.AtomSummary{Content: p.Abstract, Type: "text"}
	}
	if link := itemLink(p); link != "" {
		e.Links = []feeds.AtomLink{{Href: link, Rel: "alternate", Type: "text/html"}}
	}
	if safeURL(p.Links.PDF) {
		e.Links = append(e.Links, feeds.AtomLink{Href: p.Links.PDF, Rel: "related", Type: "application/pdf"})
	}
	for _, a := range p.Authors {
		e.Authors = append(e.Authors, &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: a}})
	}
	for _, c := range p.Categories {
		e.Categories = append(e.Categories, atomCategory{Term: c, Scheme: "http://arxiv.org/schemas/atom"})
	}
	return e
}
