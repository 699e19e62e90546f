package serve_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A known topic with an unknown extension says the format is unknown and
// lists the valid ones; no error repeats more than a short piece of a
// huge name.
func TestUnknownFormatAndHugeNames(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.do(http.MethodGet, "/topics/all.xml")
	body := w.Body.String()
	if w.Code != http.StatusNotFound || !strings.Contains(body, `unknown feed format "xml"`) || strings.Contains(body, "no topic") {
		t.Errorf("/topics/all.xml: %d %q", w.Code, body)
	}
	for _, ext := range []string{"all.rss", "all.atom", "all.json"} {
		if !strings.Contains(body, baseURL+"/topics/"+ext) {
			t.Errorf("/topics/all.xml does not list %s: %q", ext, body)
		}
	}
	huge := strings.Repeat("é", 5000) // 10 KB
	for _, target := range []string{"/topics/" + huge + ".rss", "/topics/all." + huge, "/topics/all.rss?limit=" + huge, "/api/papers/" + huge} {
		w := e.do(http.MethodGet, target)
		if w.Code/100 != 4 || w.Body.Len() > 400 {
			t.Errorf("%.30s…: %d with a %d-byte answer, want a short 4xx", target, w.Code, w.Body.Len())
		}
	}
	if w := e.do(http.MethodGet, "/topics/"+huge+".rss"); !strings.Contains(w.Body.String(), "(10000 bytes)") {
		t.Errorf("a cut name does not say how long it was: %q", w.Body)
	}
}

// Several If-None-Match header lines are one list (RFC 9110 §5.3).
func TestIfNoneMatchOnSeveralLines(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	etag := e.get(t, "/topics/all.atom").Header().Get("ETag")
	r := httptest.NewRequest(http.MethodGet, "/topics/all.atom", nil)
	r.Header.Add("If-None-Match", `"an-older-one"`)
	r.Header.Add("If-None-Match", `W/"another", `+etag)
	w := httptest.NewRecorder()
	e.server.ServeHTTP(w, r)
	if w.Code != http.StatusNotModified {
		t.Errorf("ETag on the second If-None-Match line: %d, want 304", w.Code)
	}
}

// x-gzip is gzip (RFC 9110 §8.4.1.3), also on a second header line.
func TestXGzip(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	plain := e.get(t, "/topics/all.rss").Body.Bytes()
	for _, lines := range [][]string{{"x-gzip"}, {"identity", "x-gzip;q=0.5"}} {
		r := httptest.NewRequest(http.MethodGet, "/topics/all.rss", nil)
		for _, l := range lines {
			r.Header.Add("Accept-Encoding", l)
		}
		w := httptest.NewRecorder()
		e.server.ServeHTTP(w, r)
		if w.Header().Get("Content-Encoding") != "gzip" {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want gzip", lines, w.Header().Get("Content-Encoding"))
			continue
		}
		zr, err := gzip.NewReader(w.Body)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := io.ReadAll(zr); !bytes.Equal(got, plain) {
			t.Errorf("Accept-Encoding %q: gzip body differs from the plain one", lines)
		}
	}
}

// Feeds, OPML and the JSON API may be read by any web page (CORS), 304s
// and errors included; a browser's preflight for a conditional request
// is answered.
func TestCORS(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	etag := e.get(t, "/topics/all.json").Header().Get("ETag")
	for _, req := range [][]string{
		{"/topics/all.rss"}, {"/topics/all.json", "If-None-Match", etag}, {"/topics/nope.atom"},
		{"/opml"}, {"/api/papers/arxiv:2403.15929"}, {"/api/papers/arxiv:2403.99999"}, {"/status.json"},
	} {
		w := e.do(http.MethodGet, req[0], req[1:]...)
		if got := w.Header().Get("Access-Control-Allow-Origin"); got != "*" {
			t.Errorf("GET %s (%d): Access-Control-Allow-Origin %q, want *", req[0], w.Code, got)
		}
	}
	w := e.do(http.MethodOptions, "/topics/all.atom", "Origin", "https://reader.example", "Access-Control-Request-Method", "GET",
		"Access-Control-Request-Headers", "if-none-match")
	if w.Code != http.StatusNoContent || w.Header().Get("Access-Control-Allow-Origin") != "*" ||
		!strings.Contains(w.Header().Get("Access-Control-Allow-Headers"), "If-None-Match") {
		t.Errorf("preflight: %d %v", w.Code, w.Header())
	}
	if exposed := e.get(t, "/topics/all.atom").Header().Get("Access-Control-Expose-Headers"); !strings.Contains(exposed, "ETag") {
		t.Errorf("ETag not exposed to scripts: %q", exposed)
	}
}
