package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/paperwire/paperwire/feed"
)

// discussedPage holds the arXiv paper with its Hacker News thread (87
// points, 12 comments) and a blog post that discusses it too.
func discussedPage() Page {
	page := populated()
	p := page.Items[0].Paper
	for i := range p.Sightings {
		if p.Sightings[i].Source == "hn-arxiv" {
			p.Sightings[i].Signals.Comments = 12
		}
	}
	p.Sightings = append(p.Sightings, feed.Sighting{Source: "reading-notes", Role: feed.RoleMentions, At: base, URL: "https://notes.example.org/post?a=1&b=2", Weight: 2})
	return page
}

const hnThread = "https://news.ycombinator.com/item?id=39812345"

// The Hacker News discussion link is shown with its points in every
// format: in the item's content, and where each format has a place for
// it (RSS <comments>, Atom rel="replies", JSON Feed _paperwire.discussions).
func TestDiscussionLinksInEveryFormat(t *testing.T) {
	for f, body := range renderBytes(t, testSite(), discussedPage()) {
		content := parseFeed(t, f, body).items[0].content
		for _, want := range []string{`Discussed on <a href="` + hnThread + `">hn-arxiv</a> (87 points, 12 comments)`,
			`<a href="https://notes.example.org/post?a=1&amp;b=2">reading-notes</a>`} {
			if !strings.Contains(content, want) {
				t.Errorf("%s: content lacks %q:\n%s", f, want, content)
			}
		}
		var where string
		switch f {
		case RSS:
			where = "<comments>" + hnThread + "</comments>"
		case Atom:
			where = `<link href="` + hnThread + `" rel="replies" type="text/html">`
		case JSON:
			where = `"url": "` + hnThread + `",` + "\n" + `            "points": 87,` + "\n" + `            "comments": 12`
		}
		if !bytes.Contains(body, []byte(where)) {
			t.Errorf("%s: no %s", f, where)
		}
	}
}

// The topic page shows the thread with its points too.
func TestDiscussionLinksOnTopicPage(t *testing.T) {
	pages, err := NewPages(testSite())
	if err != nil {
		t.Fatal(err)
	}
	body, err := pages.Topic(discussedPage(), Health{})
	if err != nil {
		t.Fatal(err)
	}
	want := `Discussed on <a href="` + hnThread + `">hn-arxiv</a> (87 points, 12 comments)`
	if !bytes.Contains(body, []byte(want)) {
		t.Errorf("topic page lacks %q", want)
	}
}

// The JSON Feed's discussions are machine-readable.
func TestDiscussionsInJSONExtension(t *testing.T) {
	body, err := testSite().JSON(discussedPage())
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Items []struct {
			Paperwire struct {
				Discussions []Discussion `json:"discussions"`
			} `json:"_paperwire"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	got := doc.Items[0].Paperwire.Discussions
	if len(got) != 2 || got[0] != (Discussion{Source: "hn-arxiv", URL: hnThread, Points: 87, Comments: 12}) || got[1].Source != "reading-notes" {
		t.Errorf("discussions %+v", got)
	}
}
