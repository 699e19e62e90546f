package digest_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/digest"
	"github.com/paperwire/paperwire/feed/feedtest"
	"github.com/paperwire/paperwire/storage"
)

func day(d, h int) time.Time { return time.Date(2024, 3, d, h, 0, 0, 0, time.UTC) }

type atomDoc struct {
	Links []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Archive *struct{} `xml:"http://purl.org/syndication/history/1.0 archive"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Content string `xml:"content"`
	} `xml:"entry"`
}

func parseAtom(t *testing.T, body string) atomDoc {
	t.Helper()
	var d atomDoc
	if err := xml.Unmarshal([]byte(body), &d); err != nil {
		t.Fatalf("atom: %v\n%s", err, body)
	}
	return d
}

func (d atomDoc) link(rel string) string {
	for _, l := range d.Links {
		if l.Rel == rel {
			return l.Href
		}
	}
	return ""
}

func closeAt(t *testing.T, c *digest.Closer, clk *clock, at time.Time, want int) {
	t.Helper()
	clk.Set(at)
	n, err := c.Close(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n != want {
		t.Fatalf("close at %s stored %d periods, want %d", at, n, want)
	}
}

func entryKeys(t *testing.T, s digest.Store, kind feed.DigestKind, period string) []string {
	t.Helper()
	ds, err := s.Digests(context.Background(), "vision", kind, 40)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.Period == period {
			var keys []string
			for _, e := range d.Entries {
				keys = append(keys, string(e.Key))
			}
			return keys
		}
	}
	t.Fatalf("no %s digest %s", kind, period)
	return nil
}

// Three days and one week pass under a fixed clock: each period closes
// once, with the papers that had an event in it, ranked by their score at
// the close; a closed period never changes, not after a re-score nor a
// restart; archives link to each other.
func TestThreeDaysAndAWeek(t *testing.T) {
	t.Parallel()
	path := dbPath(t)
	store := openBolt(t, path)
	clk := feedtest.NewClock(day(25, 10))
	c := newCloser(store, clk, "one")
	// A first start on an empty store closes nothing: no period ended
	// after the store's epoch (now).
	closeAt(t, c, clk, day(25, 10), 0)
	closeThreeDays(t, store, c, clk)
	srv := server(t, store, clk)
	daily := checkDailyFeed(t, srv)
	_, archive26 := get(t, srv, "/topics/vision/daily/2024-03-26.atom")
	closeWeek13(t, store, c, clk, srv)

	// Closing again, a re-score and a restart change nothing.
	put(t, store, paper("arxiv:2403.00003", "Gamma renamed", event{"arxiv-cs-cv", day(26, 9), 0}, event{"hn", day(31, 9), 500}))
	closeAt(t, c, clk, time.Date(2024, 4, 1, 0, 0, 1, 0, time.UTC), 0)
	if _, again := get(t, srv, "/topics/vision/daily/2024-03-26.atom"); again != archive26 {
		t.Fatalf("archive of the 26th changed after a re-score:\n%s\nwas\n%s", again, archive26)
	}
	store.Close()
	store = openBolt(t, path)
	defer store.Close()
	checkSameAfterRestart(t, server(t, store, clk), archive26, daily)
}

// closeThreeDays stores papers day by day from the 25th to the 27th and
// closes each day, checking the 25th's and the 26th's digests.
func closeThreeDays(t *testing.T, store storage.Store, c *digest.Closer, clk *clock) {
	t.Helper()
	put(t, store,
		paper("arxiv:2403.00001", "Alpha", event{"arxiv-cs-cv", day(25, 8), 0}, event{"hf-daily", day(25, 9), 0}),
		paper("arxiv:2403.00002", "Beta", event{"arxiv-cs-cv", day(25, 12), 0}),
		paper("arxiv:2403.00009", "Old news", event{"arxiv-cs-cv", day(20, 12), 0}))
	closeAt(t, c, clk, day(26, 0), 1)
	day25 := []string{"arxiv:2403.00001", "arxiv:2403.00002"}
	if got := entryKeys(t, store, feed.Daily, "2024-03-25"); !slices.Equal(got, day25) {
		t.Fatalf("digest of the 25th: %v, want %v (papers with an event that day, best first)", got, day25)
	}

	// The 26th: Beta gets 50 upvotes and overtakes; Gamma appears.
	put(t, store,
		paper("arxiv:2403.00002", "Beta", event{"arxiv-cs-cv", day(25, 12), 0}, event{"hf-daily", day(26, 10), 50}),
		paper("arxiv:2403.00003", "Gamma", event{"arxiv-cs-cv", day(26, 9), 0}))
	closeAt(t, c, clk, day(26, 12), 0) // nothing ends at noon
	closeAt(t, c, clk, day(27, 0), 1)
	if got, want := entryKeys(t, store, feed.Daily, "2024-03-26"), []string{"arxiv:2403.00002", "arxiv:2403.00003"}; !slices.Equal(got, want) {
		t.Fatalf("digest of the 26th: %v, want %v", got, want)
	}
	if got := entryKeys(t, store, feed.Daily, "2024-03-25"); !slices.Equal(got, day25) {
		t.Fatalf("digest of the 25th changed after a re-score: %v, want %v", got, day25)
	}
	put(t, store, paper("arxiv:2403.00004", "Delta", event{"arxiv-cs-cv", day(27, 15), 0}, event{"hf-daily", day(27, 16), 50}))
	closeAt(t, c, clk, day(28, 0), 1)
}

// checkDailyFeed checks the daily digest feed after three closed days: one
// item a day, newest first, the 26th's with its links, authors and why.
func checkDailyFeed(t *testing.T, srv *httptest.Server) atomDoc {
	t.Helper()
	_, daily := get(t, srv, "/topics/vision/daily.atom")
	doc := parseAtom(t, daily)
	var ids []string
	for _, e := range doc.Entries {
		ids = append(ids, e.ID)
	}
	wantIDs := []string{
		"tag:papers.example.org,2024-03-27:/topics/vision/daily",
		"tag:papers.example.org,2024-03-26:/topics/vision/daily",
		"tag:papers.example.org,2024-03-25:/topics/vision/daily",
	}
	if !slices.Equal(ids, wantIDs) {
		t.Fatalf("daily digest item ids %v, want %v (empty periods are not items)", ids, wantIDs)
	}
	if e := doc.Entries[1]; !strings.Contains(e.Content, `<a href="https://arxiv.org/abs/2403.00002">Beta</a>`) ||
		!strings.Contains(e.Content, `<a href="https://arxiv.org/pdf/2403.00002">PDF</a>`) ||
		!strings.Contains(e.Content, "Zoë Müller, Bo Li") || !strings.Contains(e.Content, "50 upvotes") {
		t.Errorf("item of the 26th lacks title link, PDF, authors or why:\n%s", e.Content)
	}
	return doc
}

// closeWeek13 moves to Monday 1 April: the four days left and week 13
// close, and the weekly feed has week 13 as its one item.
func closeWeek13(t *testing.T, store storage.Store, c *digest.Closer, clk *clock, srv *httptest.Server) {
	t.Helper()
	closeAt(t, c, clk, time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), 5)
	if got, want := entryKeys(t, store, feed.Weekly, "2024-W13"), []string{"arxiv:2403.00004", "arxiv:2403.00002", "arxiv:2403.00001"}; !slices.Equal(got, want) {
		t.Fatalf("week 13: %v, want %v (top 3 by score at the week's end)", got, want)
	}
	_, weekly := get(t, srv, "/topics/vision/weekly.atom")
	if w := parseAtom(t, weekly); len(w.Entries) != 1 || w.Entries[0].ID != "tag:papers.example.org,2024-03-25:/topics/vision/weekly" {
		t.Fatalf("weekly digest entries %+v", w.Entries)
	}
}

// checkSameAfterRestart checks a restarted server serves the 26th's
// archive and the daily feed's item of the 26th as before.
func checkSameAfterRestart(t *testing.T, srv *httptest.Server, archive26 string, daily atomDoc) {
	t.Helper()
	if _, after := get(t, srv, "/topics/vision/daily/2024-03-26.atom"); after != archive26 {
		t.Fatalf("archive of the 26th differs after a restart:\n%s\nwas\n%s", after, archive26)
	}
	_, daily2 := get(t, srv, "/topics/vision/daily.atom")
	if got := parseAtom(t, daily2).Entries; len(got) != 3 || got[1].Content != daily.Entries[1].Content || got[1].ID != daily.Entries[1].ID {
		t.Fatalf("item of the 26th differs after a restart:\n%+v\nwas\n%+v", got, daily.Entries)
	}
}

// Each archive is one closed period, immutable, linked to the current
// feed and its neighbours; the digest feed links its latest archive.
func TestArchiveLinks(t *testing.T) {
	t.Parallel()
	store := openBolt(t, dbPath(t))
	defer store.Close()
	clk := feedtest.NewClock(time.Time{})
	c := newCloser(store, clk, "one")
	put(t, store, paper("arxiv:2403.00001", "Alpha", event{"arxiv-cs-cv", day(26, 8), 0}))
	closeAt(t, c, clk, day(28, 6), 2) // the 26th (Alpha first seen) and the 27th
	srv := server(t, store, clk)
	base := baseURL + "/topics/vision/daily"
	_, body := get(t, srv, "/topics/vision/daily/2024-03-27.atom")
	if got := parseAtom(t, body).link("prev-archive"); got != base+"/2024-03-26.atom" {
		t.Errorf("archive of the 27th: prev-archive %q, want the 26th", got)
	}

	res, body := get(t, srv, "/topics/vision/daily/2024-03-26.atom")
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Fatalf("archive: %s, Cache-Control %q", res.Status, res.Header.Get("Cache-Control"))
	}
	a := parseAtom(t, body)
	for rel, want := range map[string]string{
		"self": base + "/2024-03-26.atom", "current": base + ".atom",
		"prev-archive": "", // the oldest archive: the 25th will never exist
		"next-archive": base + "/2024-03-27.atom",
	} {
		if got := a.link(rel); got != want {
			t.Errorf("archive link %s = %q, want %q", rel, got, want)
		}
	}
	if a.Archive == nil || len(a.Entries) != 1 {
		t.Errorf("archive: fh:archive %v, %d entries; want marked, one entry", a.Archive != nil, len(a.Entries))
	}
	_, body = get(t, srv, "/topics/vision/daily.atom")
	sub := parseAtom(t, body)
	if got := sub.link("prev-archive"); got != base+"/2024-03-27.atom" {
		t.Errorf("digest feed prev-archive %q, want the latest archive", got)
	}
	if sub.Archive != nil || sub.link("current") != "" || sub.link("next-archive") != "" {
		t.Errorf("the subscription feed is marked as an archive or links current/next: %s", body)
	}
	if res, _ := get(t, srv, "/topics/vision/daily/2024-03-26.atom", "If-None-Match", res.Header.Get("Etag")); res.StatusCode != http.StatusNotModified {
		t.Errorf("archive revalidation: %s, want 304", res.Status)
	}
	checkJSONArchive(t, srv, base)
	checkRSSArchive(t, srv, base)
	for _, path := range []string{
		"/topics/vision/daily/2024-03-28.json",   // open
		"/topics/vision/daily/2024-01-10.rss",    // out of retention
		"/topics/vision/weekly/2024-W13.atom",    // open week
		"/topics/vision/daily/2024-3-26.atom",    // not the canonical spelling
		"/topics/nope/daily/2024-03-26.atom",     // no such topic
		"/topics/vision/monthly/2024-03-26.atom", // no such kind
		"/topics/vision/daily/2024-03-26.html",
	} {
		if res, body := get(t, srv, path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %s %q, want 404", path, res.Status, body)
		}
	}
}

// JSON Feed pages backwards: next_url is the period before.
func checkJSONArchive(t *testing.T, srv *httptest.Server, base string) {
	t.Helper()
	var f struct {
		FeedURL string `json:"feed_url"`
		NextURL string `json:"next_url"`
		Archive struct {
			Archive     bool   `json:"archive"`
			Current     string `json:"current"`
			NextArchive string `json:"next_archive"`
		} `json:"_archive"`
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	_, body := get(t, srv, "/topics/vision/daily/2024-03-26.json")
	if err := json.Unmarshal([]byte(body), &f); err != nil {
		t.Fatal(err)
	}
	if f.FeedURL != base+"/2024-03-26.json" || f.NextURL != "" || !f.Archive.Archive ||
		f.Archive.Current != base+".json" || f.Archive.NextArchive != base+"/2024-03-27.json" || len(f.Items) != 1 {
		t.Errorf("json archive: %+v", f)
	}
	_, body = get(t, srv, "/topics/vision/daily.json")
	f.NextURL = ""
	if err := json.Unmarshal([]byte(body), &f); err != nil || f.NextURL != base+"/2024-03-27.json" {
		t.Errorf("json digest next_url %q, want the latest archive (%v)", f.NextURL, err)
	}
}

// RSS carries the links as atom:link and marks archives with fh:archive.
func checkRSSArchive(t *testing.T, srv *httptest.Server, base string) {
	t.Helper()
	_, body := get(t, srv, "/topics/vision/daily/2024-03-26.rss")
	for _, want := range []string{
		`<atom:link href="` + base + `/2024-03-26.rss" rel="self"`, `<atom:link href="` + base + `.rss" rel="current"`,
		`<atom:link href="` + base + `/2024-03-27.rss" rel="next-archive"`,
		`xmlns:fh="http://purl.org/syndication/history/1.0"`, `<fh:archive>`,
		`<guid isPermaLink="false">tag:papers.example.org,2024-03-26:/topics/vision/daily</guid>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("rss archive lacks %s:\n%s", want, body)
		}
	}
	if strings.Contains(body, `rel="prev-archive"`) {
		t.Errorf("rss archive of the oldest period links a prev-archive:\n%s", body)
	}
	if _, sub := get(t, srv, "/topics/vision/daily.rss"); strings.Contains(sub, "fh:archive") {
		t.Errorf("rss digest feed is marked as an archive:\n%s", sub)
	}
}

// A closed period keeps what it shows: pruning its papers, changing the
// topic's rules and title, re-scoring, change nothing of its item.
func TestSnapshotOutlivesPapersAndRules(t *testing.T) {
	t.Parallel()
	store := openBolt(t, dbPath(t))
	defer store.Close()
	clk := feedtest.NewClock(time.Time{})
	c := newCloser(store, clk, "one")
	put(t, store, paper("arxiv:2403.00001", "Alpha", event{"arxiv-cs-cv", day(25, 8), 0}))
	closeAt(t, c, clk, day(26, 1), 1)
	_, before := get(t, server(t, store, clk), "/topics/vision/daily/2024-03-25.atom")

	if err := store.Delete(context.Background(), []feed.Key{"arxiv:2403.00001"}); err != nil {
		t.Fatal(err)
	}
	renamed := topics()
	renamed[0].Title, renamed[0].Categories = "Vision, renamed", []string{"cs.RO"}
	_, after := get(t, serverOf(t, store, clk, renamed), "/topics/vision/daily/2024-03-25.atom")
	b, a := parseAtom(t, before), parseAtom(t, after)
	if len(a.Entries) != 1 || a.Entries[0] != b.Entries[0] {
		t.Fatalf("the item changed after its paper was pruned and the rules changed:\n%+v\nwas\n%+v", a.Entries, b.Entries)
	}
	if !strings.Contains(a.Entries[0].Content, `<a href="https://arxiv.org/abs/2403.00001">Alpha</a>`) {
		t.Fatalf("the pruned paper is gone from its digest:\n%s", a.Entries[0].Content)
	}
}
