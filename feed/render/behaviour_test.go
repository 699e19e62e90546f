package render

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/mmcdole/gofeed"
)

var formats = []string{RSS, Atom, JSON}

func renderAll(t *testing.T, site Site, page Page) map[string]parsed {
	t.Helper()
	out := map[string]parsed{}
	for _, f := range formats {
		body, err := site.Feed(f, page)
		if err != nil {
			t.Fatalf("render %s: %v", f, err)
		}
		out[f] = parseFeed(t, f, body)
	}
	return out
}

func itemIDs(p parsed) []string {
	ids := make([]string, len(p.items))
	for i, it := range p.items {
		ids[i] = it.id
	}
	return ids
}

func TestItemIDsEqualAcrossFormats(t *testing.T) {
	page := populated()
	want := []string{page.Items[0].Paper.Key.ItemID(), page.Items[1].Paper.Key.ItemID(), page.Items[2].Paper.Key.ItemID()}
	for f, p := range renderAll(t, testSite(), page) {
		if got := itemIDs(p); !slices.Equal(got, want) {
			t.Errorf("%s ids = %q, want %q", f, got, want)
		}
	}
}

// A new version, a higher score, a corrected title and another topic
// leave every id alone.
func TestItemIDsSurviveChanges(t *testing.T) {
	before := renderAll(t, testSite(), populated())
	page := populated()
	p := page.Items[0].Paper
	p.Version, p.Title, p.Links.Abstract = 3, "Segment Anything, Fastest", "https://arxiv.org/abs/2403.15929v3"
	p.Score, p.ScoreAt, p.Updated = p.Score+5, p.ScoreAt.Add(time.Hour), p.Updated.Add(time.Hour)
	page.Topic.Slug, page.Items[0].Pinned = "segmentation", false
	after := renderAll(t, testSite(), page)
	for _, f := range formats {
		if b, a := itemIDs(before[f]), itemIDs(after[f]); !slices.Equal(b, a) {
			t.Errorf("%s ids changed: %q -> %q", f, b, a)
		}
	}
}

func TestOneSelfLinkAndAlternate(t *testing.T) {
	site := testSite()
	for _, page := range []Page{populated(), empty()} {
		slug := page.Topic.Slug
		for f, p := range renderAll(t, site, page) {
			if want := []string{site.FeedURL(slug, f)}; !slices.Equal(p.selfs, want) {
				t.Errorf("%s %s: self links %q, want exactly %q", slug, f, p.selfs, want)
			}
			if want := []string{site.TopicURL(slug)}; !slices.Equal(p.alternates, want) {
				t.Errorf("%s %s: alternate links %q, want exactly %q", slug, f, p.alternates, want)
			}
		}
	}
}

func TestHubOnlyWhenConfigured(t *testing.T) {
	site := testSite()
	for f, p := range renderAll(t, site, populated()) {
		if len(p.hubs) != 0 {
			t.Errorf("%s without a hub: hub links %q", f, p.hubs)
		}
	}
	site.Hub = "https://hub.example.org/"
	for f, p := range renderAll(t, site, populated()) {
		if want := []string{site.Hub}; !slices.Equal(p.hubs, want) {
			t.Errorf("%s: hub links %q, want %q", f, p.hubs, want)
		}
	}
}

func TestFeedUpdatedIsPageUpdated(t *testing.T) {
	page := populated()
	got := renderAll(t, testSite(), page)
	if want := page.Updated.Format(time.RFC3339); got[Atom].updated != want {
		t.Errorf("atom updated %q, want %q", got[Atom].updated, want)
	}
	rssTime, err := time.Parse(time.RFC1123Z, got[RSS].updated)
	if err != nil || !rssTime.Equal(page.Updated) {
		t.Errorf("rss lastBuildDate %q (%v), want %v", got[RSS].updated, err, page.Updated)
	}
}

// Rendering twice with the clock a day and a second apart gives the
// same bytes. The clock is synctest's fake one: advancing it is instant.
func TestRenderIgnoresTheClock(t *testing.T) {
	site := testSite()
	for _, page := range []Page{populated(), empty()} {
		synctest.Test(t, func(t *testing.T) {
			first := renderBytes(t, site, page)
			time.Sleep(24*time.Hour + time.Second) // the bubble's clock, no real wait
			second := renderBytes(t, site, page)
			for _, f := range formats {
				if !bytes.Equal(first[f], second[f]) {
					t.Errorf("%s %s: bytes differ between renders", page.Topic.Slug, f)
				}
			}
		})
	}
}

func renderBytes(t *testing.T, site Site, page Page) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, f := range formats {
		body, err := site.Feed(f, page)
		if err != nil {
			t.Fatal(err)
		}
		out[f] = body
	}
	return out
}

func TestRSSTTLIsCeilMinutes(t *testing.T) {
	for ttl, want := range map[time.Duration]int{30 * time.Minute: 30, 90 * time.Second: 2, time.Hour: 60, time.Minute + time.Nanosecond: 2} {
		site := testSite()
		site.TTL = ttl
		got := renderAll(t, site, empty())[RSS].ttl
		if got != want {
			t.Errorf("TTL %v: <ttl>%d</ttl>, want %d", ttl, got, want)
		}
		if site.MaxAge() != time.Duration(want)*time.Minute {
			t.Errorf("TTL %v: MaxAge %v disagrees with <ttl> %d", ttl, site.MaxAge(), want)
		}
	}
}

func TestEmptyJSONHasItemsArray(t *testing.T) {
	body, err := testSite().JSON(empty())
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	if got := string(doc["items"]); got != "[]" {
		t.Errorf(`"items" = %q, want []`, got)
	}
}

// Every format carries every author and category, and content with the
// abstract, every link and the reason the paper is there.
func TestItemContentIsComplete(t *testing.T) {
	p := arxivPaper()
	for f, feed := range renderAll(t, testSite(), populated()) {
		it := feed.items[0]
		if want := wantAuthors(f, p.Authors); !slices.Equal(it.authors, want) {
			t.Errorf("%s authors %q, want %q", f, it.authors, want)
		}
		if !slices.Equal(it.cats, p.Categories) {
			t.Errorf("%s categories %q, want %q", f, it.cats, p.Categories)
		}
		for _, want := range []string{
			"3× faster &amp; keep quality", `href="` + p.Links.Abstract + `"`, `href="` + p.Links.PDF + `"`,
			`href="` + p.Links.Code + `"`, `href="` + p.Links.HF + `"`,
			"Pinned", "seen on arxiv-cs-cv, hf-daily, hn-arxiv", "42 upvotes", "87 points", "code example/fast-sam", "★ 1,234 (+312 in the last 24 h)", "score 33.10",
		} {
			if !strings.Contains(it.content, want) {
				t.Errorf("%s content lacks %q:\n%s", f, want, it.content)
			}
		}
	}
}

// A paper known only from a blog post still links somewhere.
func TestTitlePaperLinksItsSighting(t *testing.T) {
	for f, feed := range renderAll(t, testSite(), populated()) {
		it := feed.items[1]
		blog := titlePaper().Sightings[0].URL
		if it.link != blog || !strings.Contains(it.content, `href="`+blog+`"`) {
			t.Errorf("%s: link %q, content %q; want both to point at %s", f, it.link, it.content, blog)
		}
	}
}

// A paper no listing has described yet is still titled, in every format
// and on the topic page.
func TestUntitledPaperGetsItsKeyAsTitle(t *testing.T) {
	for f, body := range renderBytes(t, testSite(), untitledPage()) {
		if !bytes.Contains(body, []byte("arXiv:2402.19579</title>")) && !bytes.Contains(body, []byte(`"title": "arXiv:2402.19579"`)) {
			t.Errorf("%s: no fallback title:\n%s", f, body)
		}
	}
	pages, err := NewPages(testSite())
	if err != nil {
		t.Fatal(err)
	}
	body, err := pages.Topic(untitledPage(), Health{})
	if err != nil || !bytes.Contains(body, []byte(">arXiv:2402.19579</a></h2>")) {
		t.Errorf("topic page: no fallback title (%v)", err)
	}
}

// wantAuthors is how a format lists several authors: RSS in one
// comma-joined dc:creator, Atom and JSON Feed one entry each.
func wantAuthors(format string, authors []string) []string {
	if format == RSS {
		return []string{strings.Join(authors, ", ")}
	}
	return authors
}

// Readers keep only the last of several dc:creator elements (feedparser,
// newsboat), so an RSS item carries one with every author, as arXiv's
// listings do; a paper without authors carries none.
func TestRSSHasOneCreatorWithEveryAuthor(t *testing.T) {
	pg := populated()
	pg.Items[1].Paper.Authors = nil
	body, err := testSite().RSS(pg)
	if err != nil {
		t.Fatal(err)
	}
	items := parseFeed(t, RSS, body).items
	want := [][]string{{"Zoë Müller, Jürgen Šimůnek, 李小龙, Ólafur Þórsson"}, nil, {"Ana Pérez"}}
	for i, it := range items {
		if !slices.Equal(it.authors, want[i]) {
			t.Errorf("item %d: dc:creator %q, want %q", i, it.authors, want[i])
		}
	}
	doc, err := gofeed.NewParser().ParseString(string(body))
	if err != nil {
		t.Fatal(err)
	}
	if a := doc.Items[0].Authors; len(a) != 1 || a[0].Name != want[0][0] {
		t.Errorf("gofeed reads authors %+v, want one %q", a, want[0][0])
	}
}
