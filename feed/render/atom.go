package render

import (
	"encoding/xml"
	"time"

	"github.com/gorilla/feeds"

	"github.com/paperwire/paperwire/feed"
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
	Content    *xmlText            `xml:"content"` // escaped fast; the abstract is in it, so no <summary>
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
	p = p.clean()
	f := s.atomHead(p)
	f.Entries = make([]*atomEntry, 0, len(p.Items))
	for _, it := range p.Items {
		f.Entries = append(f.Entries, s.atomEntry(it))
	}
	return marshalXML(f)
}

// atomHead is the feed's metadata. An empty feed, which has no change to
// date, is dated at the Unix epoch: Atom requires <updated> and the
// render time would make every rendering differ.
func (s Site) atomHead(p Page) *atomFeed {
	updated := p.Updated
	if updated.IsZero() {
		updated = time.Unix(0, 0)
	}
	f := &atomFeed{AtomFeed: feeds.AtomFeed{
		Xmlns: "http://www.w3.org/2005/Atom", Title: s.feedTitle(p.Topic), Id: s.PageURL(p),
		Updated: atomTime(updated), Subtitle: s.description(p.Topic),
		Author: &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: s.Title, Uri: s.BaseURL + "/"}},
	}}
	f.Links = []feeds.AtomLink{
		{Href: s.PageFeedURL(p, Atom), Rel: "self", Type: "application/atom+xml"},
		{Href: s.PageURL(p), Rel: "alternate", Type: "text/html"},
	}
	if s.Hub != "" {
		f.Links = append(f.Links, feeds.AtomLink{Href: s.Hub, Rel: "hub"})
	}
	return f
}

func (s Site) atomEntry(it Item) *atomEntry {
	p := it.Paper
	e := &atomEntry{AtomEntry: feeds.AtomEntry{
		Title: p.Title, Id: p.Key.ItemID(), Updated: atomTime(p.Updated), Published: atomTime(published(p)),
		Links: atomLinks(p),
	}, Content: newXMLText("html", s.contentHTML(it))}
	for _, a := range p.Authors {
		e.Authors = append(e.Authors, &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: a}})
	}
	e.Categories = atomCategories(p)
	return e
}

// atomLinks are the entry's page (alternate), PDF (related) and
// discussions (replies, RFC 4685).
func atomLinks(p *feed.Paper) []feeds.AtomLink {
	var links []feeds.AtomLink
	if link := itemLink(p); link != "" {
		links = append(links, feeds.AtomLink{Href: link, Rel: "alternate", Type: "text/html"})
	}
	if safeURL(p.Links.PDF) {
		links = append(links, feeds.AtomLink{Href: p.Links.PDF, Rel: "related", Type: "application/pdf"})
	}
	for _, d := range discussions(p) {
		links = append(links, feeds.AtomLink{Href: d.URL, Rel: "replies", Type: "text/html"})
	}
	return links
}

// atomCategories names the arXiv scheme only for arXiv papers' categories.
func atomCategories(p *feed.Paper) []atomCategory {
	scheme := ""
	if p.ArxivID != "" {
		scheme = "http://arxiv.org/schemas/atom"
	}
	out := make([]atomCategory, len(p.Categories))
	for i, c := range p.Categories {
		out[i] = atomCategory{Term: c, Scheme: scheme}
	}
	return out
}
