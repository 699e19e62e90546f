package serve_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/paperwire/paperwire/feed"
	merger "github.com/paperwire/paperwire/feed/merge"
	"github.com/paperwire/paperwire/feed/rank"
	"github.com/paperwire/paperwire/feed/topic"
)

func TestPinsFirstBansExcluded(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	for _, c := range []struct {
		key    feed.Key
		action feed.CurateAction
	}{{"arxiv:2403.00004", feed.Pin}, {"arxiv:2403.00003", feed.Pin}, {"arxiv:2403.15929", feed.Ban}} {
		if _, err := e.store.Curate(ctx, "all", c.key, c.action, t0.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	e.refresh(t)
	w := e.get(t, "/topics/all.json")
	want := []string{feed.ArxivKey("2403.00004").ItemID(), feed.ArxivKey("2403.00003").ItemID(), feed.ArxivKey("2403.00002").ItemID()}
	if got := jsonItems(t, w.Body.Bytes()); !slices.Equal(got, want) {
		t.Errorf("items %q, want pins in pin order, then the ranking without the ban: %q", got, want)
	}
	if lm := w.Header().Get("Last-Modified"); lm != t0.Add(2*time.Hour).Format(http.TimeFormat) {
		t.Errorf("Last-Modified %q, want the curation change", lm)
	}
	if got := jsonItems(t, e.get(t, "/topics/all.json?limit=1").Body.Bytes()); !slices.Equal(got, want[:1]) {
		t.Errorf("?limit=1 gave %q, want the first pin", got)
	}
}

type apiPaper struct {
	Key       string `json:"key"`
	ID        string `json:"id"`
	Sightings []struct {
		Source       string  `json:"source"`
		Contribution float64 `json:"contribution"`
	} `json:"sightings"`
	Score struct {
		Value float64 `json:"value"`
		Log   float64 `json:"log"`
	} `json:"score"`
	Why string `json:"why"`
}

func TestPaperAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, key := range []string{"arxiv:2403.15929", "2403.15929v2", "arXiv:2403.15929", "https://arxiv.org/abs/2403.15929v2", "https:/arxiv.org/pdf/2403.15929v1"} {
		w := e.do(http.MethodGet, "/api/papers/"+key)
		if loc := w.Header().Get("Location"); w.Code/100 == 3 && loc != "" {
			w = e.do(http.MethodGet, loc) // ServeMux folds "//" in a pasted URL
		}
		if w.Code != http.StatusOK {
			t.Fatalf("GET /api/papers/%s: %d %s", key, w.Code, w.Body)
		}
		if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("%s: Content-Type %q", key, ct)
		}
		var p apiPaper
		if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		if p.Key != "arxiv:2403.15929" || p.ID != "https://arxiv.org/abs/2403.15929" || len(p.Sightings) != 1 ||
			p.Sightings[0].Source != "hf-daily" || p.Score.Value <= 0 || !strings.Contains(p.Why, "12 upvotes") {
			t.Errorf("%s: breakdown %+v", key, p)
		}
	}
	for path, want := range map[string]int{
		"/api/papers/arxiv:2402.99999": http.StatusNotFound,
		"/api/papers/doi:10.1101/0000": http.StatusNotFound,
		"/api/papers/garbage":          http.StatusBadRequest,
		"/api/papers/":                 http.StatusBadRequest,
	} {
		if w := e.do(http.MethodGet, path); w.Code != want {
			t.Errorf("GET %s: %d, want %d", path, w.Code, want)
		}
	}
}

// A dormant paper (known only from a replacement announcement, so with
// no score event) shows null for its score and for the time of a score it
// does not have, never year 0001 or -1.8e308.
func TestDormantPaperShowsNullNotSentinels(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := merger.Merger{Params: rank.Defaults(), Topics: topic.NewMatcher(testTopics())}
	p, _ := m.Apply(nil, feed.Observation{
		Key: "arxiv:2401.00777", Source: "arxiv-cs-cv", Role: feed.RolePapers, Listing: true, Update: true,
		SeenAt: t0, At: t0.Add(-time.Hour), Quality: feed.QualityListing,
		Fields: feed.Fields{ArxivID: "2401.00777", Version: 2, Title: "A replaced paper"},
	})
	merge(t, e.store, p)
	body := e.get(t, "/api/papers/arxiv:2401.00777").Body.String()
	for _, bad := range []string{"0001-01-01", "e+308", "as of 0001"} {
		if strings.Contains(body, bad) {
			t.Errorf("body carries the sentinel %q:\n%s", bad, body)
		}
	}
	var doc struct {
		Score     map[string]any   `json:"score"`
		Sightings []map[string]any `json:"sightings"`
		FirstSeen *string          `json:"first_seen"`
		Why       string           `json:"why"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"value", "at", "now", "log"} {
		if v, ok := doc.Score[k]; !ok || v != nil {
			t.Errorf("score.%s = %v (present %v), want null", k, v, ok)
		}
	}
	if len(doc.Sightings) != 1 || doc.Sightings[0]["score"] != nil || doc.Sightings[0]["contribution"] != nil || doc.Sightings[0]["at"] == nil {
		t.Errorf("sightings %v: want one with null score and contribution and its time", doc.Sightings)
	}
	if doc.FirstSeen == nil || !strings.Contains(doc.Why, "no score yet") {
		t.Errorf("first_seen %v, why %q", doc.FirstSeen, doc.Why)
	}
}

// Each topic has two outlines: its feed, then its daily digest.
func TestOPMLListsEveryTopic(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var doc struct {
		Outlines []struct {
			XMLURL  string `xml:"xmlUrl,attr"`
			HTMLURL string `xml:"htmlUrl,attr"`
		} `xml:"body>outline"`
	}
	if err := xml.Unmarshal(e.get(t, "/opml").Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	topics := testTopics()
	if len(doc.Outlines) != 2*len(topics) {
		t.Fatalf("%d outlines for %d topics, want two each (feed, daily digest)", len(doc.Outlines), len(topics))
	}
	for i, tp := range topics {
		if o := doc.Outlines[2*i]; !strings.HasPrefix(o.XMLURL, baseURL+"/topics/"+tp.Slug+".") || o.HTMLURL != baseURL+"/topics/"+tp.Slug {
			t.Errorf("outline %d: %+v, want topic %s", 2*i, o, tp.Slug)
		}
		if o := doc.Outlines[2*i+1]; o.XMLURL != baseURL+"/topics/"+tp.Slug+"/daily.atom" || o.HTMLURL != baseURL+"/topics/"+tp.Slug {
			t.Errorf("outline %d: %+v, want the daily digest of %s", 2*i+1, o, tp.Slug)
		}
	}
}

// Every topic feed is discoverable from the index, and each topic page
// discovers its own feeds.
func TestAutodiscovery(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var want []string
	for _, tp := range testTopics() {
		for _, f := range []string{"atom", "rss", "json"} {
			want = append(want, baseURL+"/topics/"+tp.Slug+"."+f)
		}
		page := e.get(t, "/topics/"+tp.Slug)
		if ct := page.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("topic page Content-Type %q", ct)
		}
		digests := []string{baseURL + "/topics/" + tp.Slug + "/daily.atom", baseURL + "/topics/" + tp.Slug + "/weekly.atom"}
		if got := alternates(t, page.Body.String()); !slices.Equal(got, append(want[len(want)-3:len(want):len(want)], digests...)) {
			t.Errorf("/topics/%s discovers %q, want its feeds, then its digests", tp.Slug, got)
		}
	}
	if got := alternates(t, e.get(t, "/").Body.String()); !slices.Equal(got, want) {
		t.Errorf("index discovers %q, want %q", got, want)
	}
}

// alternates returns the href of every <link rel="alternate"> in the head.
func alternates(t *testing.T, page string) []string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode || n.Data != "link" || n.Parent.Data != "head" {
			continue
		}
		attrs := map[string]string{}
		for _, a := range n.Attr {
			attrs[a.Key] = a.Val
		}
		if attrs["rel"] == "alternate" {
			out = append(out, attrs["href"])
		}
	}
	return out
}

func TestHealthzAndMetrics(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if w := e.get(t, "/healthz"); strings.TrimSpace(w.Body.String()) != "ok" {
		t.Errorf("/healthz: %q", w.Body)
	}
	e.get(t, "/topics/all.rss")
	e.get(t, "/topics/all.rss")
	e.do(http.MethodGet, "/topics/nope.rss")
	for series, want := range map[string]float64{
		`paperwire_feed_renders_total{format="rss",topic="all"}`:               1,
		`paperwire_feed_cache_total{result="hit"}`:                             1,
		`paperwire_http_requests_total{code="200",route="GET /topics/{name}"}`: 2,
		`paperwire_http_requests_total{code="404",route="GET /topics/{name}"}`: 1,
		`paperwire_http_requests_total{code="200",route="GET /healthz"}`:       1,
	} {
		if got := e.metric(series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	if ct := e.get(t, "/metrics").Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("/metrics Content-Type %q", ct)
	}
}
