package serve_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var formats = map[string]string{
	"rss":  "application/rss+xml; charset=utf-8",
	"atom": "application/atom+xml; charset=utf-8",
	"json": "application/feed+json; charset=utf-8",
}

func TestFeedContentTypes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for format, want := range formats {
		for _, slug := range []string{"all", "empty"} {
			w := e.get(t, "/topics/"+slug+"."+format)
			if got := w.Header().Get("Content-Type"); got != want {
				t.Errorf("%s.%s: Content-Type %q, want %q", slug, format, got, want)
			}
		}
	}
}

var strongETag = regexp.MustCompile(`^"[^"\s]+"$`)

func TestValidators(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for format := range formats {
		w := e.get(t, "/topics/all."+format)
		if etag := w.Header().Get("ETag"); !strongETag.MatchString(etag) {
			t.Errorf("%s: ETag %q is not a strong quoted tag", format, etag)
		}
		lm := w.Header().Get("Last-Modified")
		if at, err := http.ParseTime(lm); err != nil || !strings.HasSuffix(lm, " GMT") || !at.Equal(t0) {
			t.Errorf("%s: Last-Modified %q (%v), want the newest item's change %v as an HTTP date", format, lm, err, t0)
		}
	}
}

func TestConditionalGets(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for format := range formats {
		path := "/topics/all." + format
		w := e.get(t, path)
		etag, lm := w.Header().Get("ETag"), w.Header().Get("Last-Modified")
		for name, h := range map[string][]string{
			"If-None-Match":           {"If-None-Match", etag},
			"If-None-Match list":      {"If-None-Match", `"other", ` + etag},
			"If-Modified-Since":       {"If-Modified-Since", lm},
			"If-Modified-Since later": {"If-Modified-Since", t0.Add(time.Hour).Format(http.TimeFormat)},
		} {
			got := e.do(http.MethodGet, path, h...)
			if got.Code != http.StatusNotModified || got.Body.Len() != 0 {
				t.Errorf("%s %s: %d with %d body bytes, want 304 and none", format, name, got.Code, got.Body.Len())
			}
			if name == "If-None-Match" && got.Header().Get("ETag") != etag {
				t.Errorf("%s: 304 ETag %q, want %q", format, got.Header().Get("ETag"), etag)
			}
		}
		for name, h := range map[string][]string{
			"stale If-None-Match":     {"If-None-Match", `"stale"`},
			"stale INM, current IMS":  {"If-None-Match", `"stale"`, "If-Modified-Since", lm},
			"older If-Modified-Since": {"If-Modified-Since", t0.Add(-time.Second).Format(http.TimeFormat)},
		} {
			if got := e.do(http.MethodGet, path, h...); got.Code != http.StatusOK || !bytes.Equal(got.Body.Bytes(), w.Body.Bytes()) {
				t.Errorf("%s %s: %d, want 200 with the feed", format, name, got.Code)
			}
		}
	}
}

func TestGzipOnlyWhenAsked(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for format := range formats {
		path := "/topics/all." + format
		plain := e.get(t, path)
		if ce := plain.Header().Get("Content-Encoding"); ce != "" {
			t.Errorf("%s without Accept-Encoding: Content-Encoding %q", format, ce)
		}
		for _, ae := range []string{"identity", "gzip;q=0", "br"} {
			if ce := e.get(t, path, "Accept-Encoding", ae).Header().Get("Content-Encoding"); ce != "" {
				t.Errorf("%s with Accept-Encoding %q: Content-Encoding %q", format, ae, ce)
			}
		}
		zipped := e.get(t, path, "Accept-Encoding", "br, gzip")
		checkGzip(t, format, plain, zipped)
		inm := e.do(http.MethodGet, path, "Accept-Encoding", "gzip", "If-None-Match", zipped.Header().Get("ETag"))
		if inm.Code != http.StatusNotModified || inm.Body.Len() != 0 {
			t.Errorf("%s: gzip ETag gave %d with %d bytes, want an empty 304", format, inm.Code, inm.Body.Len())
		}
	}
}

func checkGzip(t *testing.T, format string, plain, zipped *httptest.ResponseRecorder) {
	t.Helper()
	h := zipped.Header()
	if h.Get("Content-Encoding") != "gzip" || !strings.Contains(h.Get("Vary"), "Accept-Encoding") {
		t.Errorf("%s: Content-Encoding %q, Vary %q; want gzip and Accept-Encoding", format, h.Get("Content-Encoding"), h.Get("Vary"))
	}
	if !strings.Contains(plain.Header().Get("Vary"), "Accept-Encoding") {
		t.Errorf("%s: plain response lacks Vary: Accept-Encoding", format)
	}
	if h.Get("ETag") == plain.Header().Get("ETag") {
		t.Errorf("%s: gzip and plain bodies share the strong ETag %s", format, h.Get("ETag"))
	}
	if h.Get("Content-Length") != strconv.Itoa(zipped.Body.Len()) {
		t.Errorf("%s: Content-Length %s for %d gzip bytes", format, h.Get("Content-Length"), zipped.Body.Len())
	}
	zr, err := gzip.NewReader(bytes.NewReader(zipped.Body.Bytes()))
	if err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	body, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(body, plain.Body.Bytes()) {
		t.Errorf("%s: gzip body does not gunzip to the plain body (%v)", format, err)
	}
}

func TestHead(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, path := range []string{"/topics/all.rss", "/topics/all.atom", "/topics/empty.json", "/topics/all", "/", "/opml"} {
		get := e.get(t, path)
		head := e.do(http.MethodHead, path)
		if head.Code != http.StatusOK || head.Body.Len() != 0 {
			t.Errorf("HEAD %s: %d with %d body bytes, want 200 and none", path, head.Code, head.Body.Len())
		}
		for _, name := range []string{"Content-Type", "ETag", "Last-Modified", "Cache-Control", "Content-Length", "Vary"} {
			if g, h := get.Header().Get(name), head.Header().Get(name); g != h {
				t.Errorf("HEAD %s: %s %q, GET has %q", path, name, h, g)
			}
		}
	}
}

func TestCacheControlMatchesTTL(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	want := "public, max-age=" + strconv.Itoa(int(e.site.TTL.Seconds()))
	for format := range formats {
		if got := e.get(t, "/topics/all."+format).Header().Get("Cache-Control"); got != want {
			t.Errorf("%s: Cache-Control %q, want %q", format, got, want)
		}
	}
	var rss struct {
		TTL int `xml:"channel>ttl"`
	}
	if err := xml.Unmarshal(e.get(t, "/topics/all.rss").Body.Bytes(), &rss); err != nil {
		t.Fatal(err)
	}
	if time.Duration(rss.TTL)*time.Minute != e.site.TTL {
		t.Errorf("<ttl>%d</ttl> × 60 disagrees with max-age %v", rss.TTL, e.site.TTL.Seconds())
	}
}

func TestUnknownTopicAndFormat(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, path := range []string{"/topics/nope.rss", "/topics/nope", "/topics/all.xml", "/topics/all.rss.gz", "/topics/"} {
		if w := e.do(http.MethodGet, path); w.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, w.Code)
		}
	}
}

func TestLimit(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	full := e.get(t, "/topics/all.json")
	two := e.get(t, "/topics/all.json?limit=2")
	if n := len(jsonItems(t, two.Body.Bytes())); n != 2 {
		t.Errorf("?limit=2 gave %d items", n)
	}
	if n := len(jsonItems(t, full.Body.Bytes())); n != 4 {
		t.Errorf("no limit gave %d items, want 4", n)
	}
	if full.Header().Get("ETag") == two.Header().Get("ETag") {
		t.Errorf("?limit=2 shares the ETag of the full feed")
	}
	for _, bad := range []string{"0", "-1", "two", "2.5", "1e3"} {
		if w := e.do(http.MethodGet, "/topics/all.rss?limit="+bad); w.Code != http.StatusBadRequest {
			t.Errorf("?limit=%s: %d, want 400", bad, w.Code)
		}
	}
}

// jsonItems returns the ids of a JSON Feed's items.
func jsonItems(t *testing.T, body []byte) []string {
	t.Helper()
	var f struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &f); err != nil {
		t.Fatalf("%v\n%s", err, body)
	}
	ids := make([]string, len(f.Items))
	for i, it := range f.Items {
		ids[i] = it.ID
	}
	return ids
}
