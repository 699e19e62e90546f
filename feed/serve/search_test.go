package serve_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed/serve"
)

// searchPapers: four seed papers plus two with words to search for.
func newSearchEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	a := paper("arxiv:2404.00001", "Diffusion Models for Object Detection", 9, t0, "all", "vision")
	b := paper("arxiv:2404.00002", "A Survey of Diffusion Models", 1, t0.Add(-time.Hour), "all")
	b.Categories = []string{"cs.LG"}
	merge(t, e.store, a, b)
	e.refresh(t)
	return e
}

func selfLinks(body string) []string {
	return regexp.MustCompile(`<(?:atom:)?link[^>]*rel="self"[^>]*>`).FindAllString(body, -1)
}

// Equivalent spellings of a query are one feed: the same bytes, ETag and
// single canonical self link, in every format.
func TestSearchCanonicalFeed(t *testing.T) {
	t.Parallel()
	e := newSearchEnv(t)
	for _, format := range []string{"rss", "atom", "json"} {
		var first *http.Response
		var body string
		for _, q := range []string{"Diffusion%20%20Models", "models%20diffusion", "diffusion+models"} {
			w := e.get(t, "/search."+format+"?q="+q)
			if first == nil {
				first, body = w.Result(), w.Body.String()
				continue
			}
			if w.Body.String() != body || w.Header().Get("ETag") != first.Header.Get("ETag") {
				t.Errorf("%s: q=%s differs from the first spelling", format, q)
			}
		}
		self := "/search." + format + "?q=diffusion+models"
		if format == "json" {
			if strings.Count(body, `"feed_url"`) != 1 || !strings.Contains(body, `"feed_url": "`+baseURL+self+`"`) {
				t.Errorf("json feed_url is not the canonical %s:\n%.600s", self, body)
			}
		} else if links := selfLinks(body); len(links) != 1 || !strings.Contains(links[0], `href="`+baseURL+self+`"`) {
			t.Errorf("%s self links %v, want one to %s", format, links, self)
		}
		if !strings.Contains(body, "2404.00001") || !strings.Contains(body, "2404.00002") {
			t.Errorf("%s feed misses a matching paper:\n%.400s", format, body)
		}
		if strings.Index(body, "2404.00001") > strings.Index(body, "2404.00002") {
			t.Errorf("%s: the higher scored paper is not first", format)
		}
		if strings.Contains(body, "2403.15929") {
			t.Errorf("%s feed holds a paper that does not match", format)
		}
	}
}

// Query feeds carry the validators of topic feeds: 304 on either
// validator, gzip, HEAD without a body.
func TestSearchValidators(t *testing.T) {
	t.Parallel()
	e := newSearchEnv(t)
	w := e.get(t, "/search.atom?q=diffusion")
	etag, lm := w.Header().Get("ETag"), w.Header().Get("Last-Modified")
	if etag == "" || lm == "" || !strings.HasPrefix(w.Header().Get("Cache-Control"), "public, max-age=") {
		t.Fatalf("headers %v", w.Header())
	}
	if got := e.do("GET", "/search.atom?q=DIFFUSION", "If-None-Match", etag); got.Code != http.StatusNotModified || got.Body.Len() != 0 {
		t.Errorf("If-None-Match: %d, %d bytes", got.Code, got.Body.Len())
	}
	if got := e.do("GET", "/search.atom?q=diffusion", "If-Modified-Since", lm); got.Code != http.StatusNotModified {
		t.Errorf("If-Modified-Since: %d", got.Code)
	}
	if got := e.get(t, "/search.atom?q=diffusion", "Accept-Encoding", "gzip"); got.Header().Get("Content-Encoding") != "gzip" {
		t.Errorf("no gzip: %v", got.Header())
	}
	if got := e.do("HEAD", "/search.atom?q=diffusion"); got.Code != http.StatusOK || got.Body.Len() != 0 || got.Header().Get("ETag") != etag {
		t.Errorf("HEAD: %d, %d bytes, %v", got.Code, got.Body.Len(), got.Header())
	}
	if got := e.get(t, "/search.json?q=diffusion&limit=1").Body.String(); strings.Count(got, `"id": "https://arxiv.org/abs/`) != 1 {
		t.Errorf("limit=1 gives:\n%s", got)
	}
}

// Bad queries are a 400 with a one-line reason, never a 5xx.
func TestSearchBadQueries(t *testing.T) {
	t.Parallel()
	e := newSearchEnv(t)
	for _, tc := range []struct{ q, reason string }{
		{"", "empty"},
		{url.QueryEscape(strings.Repeat("x", 300)), "longer than 256 bytes"},
		{url.QueryEscape(strings.Repeat("w ", 20)), "more than 16 terms"},
		{url.QueryEscape(`"diffusion models`), "unbalanced quotes"},
		{"diffusion&limit=zero", "limit"},
	} {
		for _, path := range []string{"/search.rss", "/search.atom", "/search.json"} {
			w := e.do("GET", path+"?q="+tc.q)
			body := strings.TrimSuffix(w.Body.String(), "\n")
			if w.Code != http.StatusBadRequest || !strings.Contains(body, tc.reason) || strings.Contains(body, "\n") ||
				!strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain") {
				t.Errorf("%s?q=%.20s: %d %q, want 400 saying %q", path, tc.q, w.Code, body, tc.reason)
			}
		}
		w := e.do("GET", "/search?q="+tc.q)
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), tc.reason) || !strings.Contains(w.Body.String(), "<form") {
			t.Errorf("/search?q=%.20s: %d, want the page saying %q", tc.q, w.Code, tc.reason)
		}
	}
	if w := e.do("GET", "/search.json"); w.Code != http.StatusBadRequest {
		t.Errorf("feed without q: %d", w.Code)
	}
}

// The HTML page: results with subscribe and autodiscovery links; the
// bare page explains the grammar; / and topic pages have a search box.
func TestSearchPages(t *testing.T) {
	t.Parallel()
	e := newSearchEnv(t)
	body := html.UnescapeString(e.get(t, "/search?q=Detection+Diffusion").Body.String())
	for _, want := range []string{
		`<link rel="alternate" type="application/atom+xml"`, `href="` + baseURL + `/search.atom?q=detection+diffusion"`,
		`href="` + baseURL + `/search.rss?q=detection+diffusion"`, `href="` + baseURL + `/search.json?q=detection+diffusion"`,
		"Diffusion Models for Object Detection", `value="detection diffusion"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("results page lacks %s", want)
		}
	}
	if strings.Contains(body, "A Survey of Diffusion Models") {
		t.Error("results page holds a paper that does not match")
	}
	if form := e.get(t, "/search").Body.String(); !strings.Contains(form, "cat:cs.CV") || !strings.Contains(form, "How to search") {
		t.Error("the search page does not explain the grammar")
	}
	for _, path := range []string{"/", "/topics/vision"} {
		if !strings.Contains(e.get(t, path).Body.String(), `action="`+baseURL+`/search"`) {
			t.Errorf("%s has no search box", path)
		}
	}
	if w := e.do("HEAD", "/search?q=diffusion"); w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Errorf("HEAD /search: %d", w.Code)
	}
}

// Results are cached until the store changes, then rendered again.
func TestSearchCacheFollowsStore(t *testing.T) {
	t.Parallel()
	e := newSearchEnv(t)
	before := e.get(t, "/search.atom?q=segment")
	if e.get(t, "/search.atom?q=segment").Header().Get("ETag") != before.Header().Get("ETag") {
		t.Fatal("ETag changed without a change")
	}
	renders := e.metric(`paperwire_search_renders_total{format="atom"}`)
	e.get(t, "/search.atom?q=segment")
	if e.metric(`paperwire_search_renders_total{format="atom"}`) != renders {
		t.Error("an unchanged query was rendered again")
	}
	merge(t, e.store, paper("arxiv:2404.00003", "Segment everything", 20, t0.Add(time.Hour), "all"))
	e.refresh(t)
	after := e.get(t, "/search.atom?q=segment")
	if after.Header().Get("ETag") == before.Header().Get("ETag") || !strings.Contains(after.Body.String(), "Segment everything") {
		t.Errorf("a new matching paper is not in the query feed:\n%.500s", after.Body)
	}
}

// A crawler walking random queries cannot grow the cache past its
// limits, in entries or bytes.
func TestSearchCacheBounded(t *testing.T) {
	t.Parallel()
	for _, limits := range []serve.SearchLimits{{Entries: 5, Bytes: 1 << 30}, {Entries: 1000, Bytes: 20000}} {
		e := newSearchEnv(t)
		e.metrics = serve.NewMetrics(serve.Build{}) // a server of its own, with these limits
		e.server = serverWith(t, e.store, serve.Config{Site: e.site, Metrics: e.metrics, Search: limits}, nil)
		e.refresh(t)
		for i := range 40 {
			e.get(t, "/search.rss?q=paper+w"+strings.Repeat("x", i)+"+OR+diffusion")
		}
		n, size := int(e.metric("paperwire_search_cache_entries")), int(e.metric("paperwire_search_cache_bytes"))
		if n > limits.Entries || size > limits.Bytes || n == 0 {
			t.Errorf("limits %+v: cache holds %d entries, %d bytes", limits, n, size)
		}
	}
}
