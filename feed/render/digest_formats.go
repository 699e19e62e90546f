package render

import (
	"encoding/xml"
	"time"

	"github.com/gorilla/feeds"

	"github.com/paperwire/paperwire/feed"
)

// digestAtomFeed is an Atom digest feed or archive: fh:archive marks an
// archive (RFC 5005 §4), never the subscription feed.
type digestAtomFeed struct {
	XMLName xml.Name `xml:"feed"`
	feeds.AtomFeed
	FH      string           `xml:"xmlns:fh,attr,omitempty"`
	Links   []feeds.AtomLink `xml:"link"`
	Archive *struct{}        `xml:"fh:archive,omitempty"`
	Entries []*atomEntry     `xml:"entry"`
}

func (s Site) digestAtom(p DigestPage) ([]byte, error) {
	f := &digestAtomFeed{AtomFeed: feeds.AtomFeed{
		Xmlns: "http://www.w3.org/2005/Atom", Title: s.digestTitle(p), Id: s.TopicURL(p.Topic.Slug) + "/" + string(p.Kind),
		Updated: atomTime(p.updated()), Subtitle: s.digestDescription(p),
		Author: &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: s.Title, Uri: s.BaseURL + "/"}},
	}}
	if p.Archive {
		f.FH, f.Archive = historyNS, &struct{}{}
	}
	for _, l := range s.digestLinks(p, Atom) {
		f.Links = append(f.Links, feeds.AtomLink{Href: l.href, Rel: l.rel, Type: atomLinkType(l.rel)})
	}
	for _, d := range p.items() {
		f.Entries = append(f.Entries, &atomEntry{AtomEntry: feeds.AtomEntry{
			Title: digestItemTitle(d), Id: s.DigestItemID(d), Updated: atomTime(d.End), Published: atomTime(d.End),
			Links: []feeds.AtomLink{{Href: s.TopicURL(d.Topic), Rel: "alternate", Type: "text/html"}},
		}, Content: newXMLText("html", digestHTML(d))})
	}
	return marshalXML(f)
}

func atomLinkType(rel string) string {
	switch rel {
	case "alternate":
		return "text/html"
	case "hub":
		return ""
	}
	return "application/atom+xml"
}

type digestRSSRoot struct {
	XMLName xml.Name          `xml:"rss"`
	Version string            `xml:"version,attr"`
	Atom    string            `xml:"xmlns:atom,attr"`
	DC      string            `xml:"xmlns:dc,attr"`
	FH      string            `xml:"xmlns:fh,attr,omitempty"`
	Channel *digestRSSChannel `xml:"channel"`
}

type digestRSSChannel struct {
	feeds.RssFeed
	AtomLinks []atomRef   `xml:"atom:link"`
	Archive   *struct{}   `xml:"fh:archive,omitempty"`
	Items     []*rssEntry `xml:"item"`
}

func (s Site) digestRSS(p DigestPage) ([]byte, error) {
	date := p.updated().Format(time.RFC1123Z)
	ch := &digestRSSChannel{RssFeed: feeds.RssFeed{
		Title: s.digestTitle(p), Link: s.TopicURL(p.Topic.Slug), Description: s.digestDescription(p), Language: "en",
		Generator: s.Title, Docs: "https://www.rssboard.org/rss-specification", Ttl: s.TTLMinutes(),
		LastBuildDate: date, PubDate: date,
	}}
	root := &digestRSSRoot{Version: "2.0", Atom: "http://www.w3.org/2005/Atom", DC: "http://purl.org/dc/elements/1.1/", Channel: ch}
	if p.Archive {
		root.FH, ch.Archive = historyNS, &struct{}{}
	}
	for _, l := range s.digestLinks(p, RSS) {
		if l.rel != "alternate" { // RSS has <link> for that
			ch.AtomLinks = append(ch.AtomLinks, atomRef{Href: l.href, Rel: l.rel, Type: rssLinkType(l.rel)})
		}
	}
	for _, d := range p.items() {
		ch.Items = append(ch.Items, &rssEntry{
			RssItem: feeds.RssItem{
				Title: digestItemTitle(d), Link: s.TopicURL(d.Topic),
				Guid: &feeds.RssGuid{Id: s.DigestItemID(d), IsPermaLink: "false"}, PubDate: d.End.UTC().Format(time.RFC1123Z),
			},
			Description: newXMLText("", digestHTML(d)), Creator: s.Title,
		})
	}
	return marshalXML(root)
}

func rssLinkType(rel string) string {
	if rel == "hub" {
		return ""
	}
	return "application/rss+xml"
}

// digestJSONFeed pages backwards with next_url (the previous period's
// archive) and names its RFC 5005 links in an extension.
type digestJSONFeed struct {
	*feeds.JSONFeed
	Archive *jsonArchive      `json:"_archive,omitempty"`
	Items   []*digestJSONItem `json:"items"`
}

type jsonArchive struct {
	Archive     bool   `json:"archive"`
	Current     string `json:"current,omitempty"`
	PrevArchive string `json:"prev_archive,omitempty"`
	NextArchive string `json:"next_archive,omitempty"`
}

type digestJSONItem struct {
	*feeds.JSONItem
	Digest *jsonDigest `json:"_digest"`
}

// jsonDigest is the period in fields a program can read.
type jsonDigest struct {
	Topic      string             `json:"topic"`
	Kind       feed.DigestKind    `json:"kind"`
	Period     string             `json:"period"`
	Start      string             `json:"start"`
	End        string             `json:"end"`
	Candidates int                `json:"candidates"`
	Papers     []feed.DigestEntry `json:"papers"`
}

func (s Site) digestJSON(p DigestPage) ([]byte, error) {
	f := &digestJSONFeed{JSONFeed: &feeds.JSONFeed{
		Version: "https://jsonfeed.org/version/1.1", Title: s.digestTitle(p), Language: "en",
		HomePageUrl: s.TopicURL(p.Topic.Slug), Description: s.digestDescription(p),
		Authors: []*feeds.JSONAuthor{{Name: s.Title, Url: s.BaseURL + "/"}},
	}, Items: []*digestJSONItem{}}
	s.jsonLinks(f, p)
	for _, d := range p.items() {
		end := d.End.UTC()
		f.Items = append(f.Items, &digestJSONItem{JSONItem: &feeds.JSONItem{
			Id: s.DigestItemID(d), Url: s.TopicURL(d.Topic), Title: digestItemTitle(d), ContentHTML: digestHTML(d),
			PublishedDate: &end, ModifiedDate: &end,
		}, Digest: &jsonDigest{
			Topic: d.Topic, Kind: d.Kind, Period: d.Period, Start: atomTime(d.Start), End: atomTime(d.End),
			Candidates: d.Candidates, Papers: d.Entries,
		}})
	}
	return encodeJSONFeed(f)
}

// jsonLinks sets feed_url, next_url (older: the prev-archive), hubs and,
// on an archive, the RFC 5005 links.
func (s Site) jsonLinks(f *digestJSONFeed, p DigestPage) {
	var arch jsonArchive
	for _, l := range s.digestLinks(p, JSON) {
		switch l.rel {
		case "self":
			f.FeedUrl = l.href
		case "prev-archive":
			f.NextUrl, arch.PrevArchive = l.href, l.href
		case "current":
			arch.Current = l.href
		case "next-archive":
			arch.NextArchive = l.href
		case "hub":
			f.Hubs = []*feeds.JSONHub{{Type: "WebSub", Url: l.href}}
		}
	}
	if p.Archive {
		arch.Archive = true
		f.Archive = &arch
	}
}
