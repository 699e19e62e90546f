package render

import (
	"encoding/json"
	"encoding/xml"
	"testing"
)

const atomNS = "http://www.w3.org/2005/Atom"

// parsed is what the tests read back from a rendered feed, the same for
// every format.
type parsed struct {
	selfs, alternates, hubs []string // feed-level links
	updated                 string   // Atom <updated>, RSS <lastBuildDate>
	ttl                     int
	items                   []parsedItem
}

type parsedItem struct {
	id, link, content string
	authors, cats     []string
	links             []string // every URL the item carries outside its content
}

type xmlLink struct {
	XMLName xml.Name
	Href    string `xml:"href,attr"`
	Rel     string `xml:"rel,attr"`
	Text    string `xml:",chardata"`
}

// addLink files a link by rel ("" counts as alternate, as in Atom).
func (p *parsed) addLink(rel, href string) {
	switch rel {
	case "self":
		p.selfs = append(p.selfs, href)
	case "hub":
		p.hubs = append(p.hubs, href)
	case "", "alternate":
		p.alternates = append(p.alternates, href)
	}
}

func parseFeed(t *testing.T, format string, body []byte) parsed {
	t.Helper()
	var p parsed
	var err error
	switch format {
	case RSS:
		p, err = parseRSS(body)
	case Atom:
		p, err = parseAtom(body)
	case JSON:
		p, err = parseJSON(body)
	}
	if err != nil {
		t.Fatalf("parse %s: %v\n%s", format, err, body)
	}
	return p
}

func parseRSS(body []byte) (parsed, error) {
	var doc struct {
		Channel struct {
			Links         []xmlLink `xml:"link"`
			LastBuildDate string    `xml:"lastBuildDate"`
			TTL           int       `xml:"ttl"`
			Items         []struct {
				Links       []xmlLink `xml:"link"`
				GUID        string    `xml:"guid"`
				Description string    `xml:"description"`
				Creators    []string  `xml:"http://purl.org/dc/elements/1.1/ creator"`
				Categories  []string  `xml:"category"`
			} `xml:"item"`
		} `xml:"channel"`
	}
	if err := xml.Unmarshal(body, &doc); err != nil {
		return parsed{}, err
	}
	p := parsed{updated: doc.Channel.LastBuildDate, ttl: doc.Channel.TTL}
	for _, l := range doc.Channel.Links {
		if l.XMLName.Space == atomNS {
			p.addLink(l.Rel, l.Href)
		} else {
			p.addLink("alternate", l.Text)
		}
	}
	for _, it := range doc.Channel.Items {
		pi := parsedItem{id: it.GUID, content: it.Description, authors: it.Creators, cats: it.Categories}
		for _, l := range it.Links {
			pi.link, pi.links = l.Text, append(pi.links, l.Text)
		}
		p.items = append(p.items, pi)
	}
	return p, nil
}

func parseAtom(body []byte) (parsed, error) {
	var doc struct {
		Links   []xmlLink `xml:"http://www.w3.org/2005/Atom link"`
		Updated string    `xml:"http://www.w3.org/2005/Atom updated"`
		Entries []struct {
			ID      string    `xml:"id"`
			Content string    `xml:"content"`
			Links   []xmlLink `xml:"link"`
			Authors []string  `xml:"author>name"`
			Cats    []struct {
				Term string `xml:"term,attr"`
			} `xml:"category"`
		} `xml:"http://www.w3.org/2005/Atom entry"`
	}
	if err := xml.Unmarshal(body, &doc); err != nil {
		return parsed{}, err
	}
	p := parsed{updated: doc.Updated}
	for _, l := range doc.Links {
		p.addLink(l.Rel, l.Href)
	}
	for _, e := range doc.Entries {
		pi := parsedItem{id: e.ID, content: e.Content, authors: e.Authors}
		for _, c := range e.Cats {
			pi.cats = append(pi.cats, c.Term)
		}
		for _, l := range e.Links {
			if l.Rel == "alternate" || l.Rel == "" {
				pi.link = l.Href
			}
			pi.links = append(pi.links, l.Href)
		}
		p.items = append(p.items, pi)
	}
	return p, nil
}

func parseJSON(body []byte) (parsed, error) {
	var doc struct {
		HomePage string `json:"home_page_url"`
		FeedURL  string `json:"feed_url"`
		Hubs     []struct {
			URL string `json:"url"`
		} `json:"hubs"`
		Items []struct {
			ID          string `json:"id"`
			URL         string `json:"url"`
			ExternalURL string `json:"external_url"`
			ContentHTML string `json:"content_html"`
			Authors     []struct{ Name string }
			Tags        []string
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return parsed{}, err
	}
	var p parsed
	if doc.HomePage != "" {
		p.alternates = append(p.alternates, doc.HomePage)
	}
	if doc.FeedURL != "" {
		p.selfs = append(p.selfs, doc.FeedURL)
	}
	for _, h := range doc.Hubs {
		p.hubs = append(p.hubs, h.URL)
	}
	for _, it := range doc.Items {
		pi := parsedItem{id: it.ID, link: it.URL, content: it.ContentHTML, cats: it.Tags, links: []string{it.URL, it.ExternalURL}}
		for _, a := range it.Authors {
			pi.authors = append(pi.authors, a.Name)
		}
		p.items = append(p.items, pi)
	}
	return p, nil
}
