package fetch_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed/fetch"
)

const testUA = "Paperwire/1.2.3 (+https://papers.example.org/)"

// serve starts a test server; its clients get no host spacing.
func serve(t *testing.T, h http.HandlerFunc) (*httptest.Server, *fetch.Client) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, fetch.New(fetch.Options{UserAgent: testUA})
}

func get(t *testing.T, c *fetch.Client, url string) (*fetch.Response, error) {
	t.Helper()
	return c.Get(context.Background(), fetch.Request{URL: url})
}

// summary describes a response without its body.
func summary(res *fetch.Response) string {
	if res == nil {
		return "no response"
	}
	return fmt.Sprintf("%d with %d bytes from %s", res.Status, len(res.Body), res.URL)
}

func TestConditionalGet(t *testing.T) {
	const etag, lastMod = `"v1"`, "Mon, 25 Mar 2024 08:00:00 GMT"
	var (
		mu   sync.Mutex
		seen []http.Header
	)
	srv, c := serve(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Clone())
		mu.Unlock()
		if r.Header.Get("If-None-Match") == etag && r.Header.Get("If-Modified-Since") == lastMod {
			w.WriteHeader(http.StatusNotModified) // no validators: the client keeps its own
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		w.Header().Set("Cache-Control", "public, max-age=300")
		io.WriteString(w, "<rss/>")
	})
	res, err := get(t, c, srv.URL+"/feed")
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != 200 || res.NotModified || string(res.Body) != "<rss/>" ||
		res.ETag != etag || res.LastModified != lastMod || res.MaxAge != 5*time.Minute {
		t.Fatalf("200: got %+v", res)
	}
	res, err = c.Get(context.Background(), fetch.Request{URL: srv.URL + "/feed", ETag: etag, LastModified: lastMod})
	if err != nil {
		t.Fatal(err)
	}
	if !res.NotModified || res.Status != 304 || len(res.Body) != 0 || res.ETag != etag || res.LastModified != lastMod {
		t.Errorf("304: got %+v", res)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 2 || seen[0].Get("If-None-Match") != "" || seen[0].Get("If-Modified-Since") != "" {
		t.Fatalf("first request sent validators: %v", seen)
	}
	for _, h := range seen {
		if h.Get("User-Agent") != testUA {
			t.Errorf("User-Agent %q, want %q", h.Get("User-Agent"), testUA)
		}
	}
}

func TestMaxAge(t *testing.T) {
	srv, c := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", r.URL.Query().Get("cc"))
		io.WriteString(w, "ok")
	})
	for cc, want := range map[string]time.Duration{
		"max-age=60":              time.Minute,
		"public, MAX-AGE=3600":    time.Hour,
		"max-age=\"90\"":          90 * time.Second,
		"no-cache, max-age=60":    0,
		"max-age=60, no-store":    0,
		"private, max-age=0":      0,
		"max-age=soon":            0,
		"":                        0,
		"s-maxage=60, max-age=30": 30 * time.Second,
	} {
		res, err := get(t, c, srv.URL+"/?cc="+url.QueryEscape(cc))
		if err != nil {
			t.Fatal(err)
		}
		if res.MaxAge != want {
			t.Errorf("Cache-Control %q: MaxAge %s, want %s", cc, res.MaxAge, want)
		}
	}
}

func TestGzip(t *testing.T) {
	body := strings.Repeat("<item>paper</item>\n", 1000)
	srv, c := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			t.Errorf("client did not ask for gzip: %q", r.Header.Get("Accept-Encoding"))
			io.WriteString(w, body)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		gz := gzip.NewWriter(w)
		io.WriteString(gz, body)
		gz.Close()
	})
	res, err := get(t, c, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if string(res.Body) != body {
		t.Errorf("got %d bytes, want the decoded %d", len(res.Body), len(body))
	}
}

// gzipBomb returns a gzip stream of n MiB of zeros, about 1 KiB per MiB:
// one compressed MiB repeated as concatenated gzip members.
func gzipBomb(t *testing.T, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := gz.Write(make([]byte, 1<<20)); err != nil {
		t.Fatal(err)
	}
	gz.Close()
	return bytes.Repeat(buf.Bytes(), n)
}

func TestGzipBomb(t *testing.T) {
	bomb := gzipBomb(t, 64) // 64 MiB decoded, about 64 KiB on the wire
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb)
	}))
	defer srv.Close()
	c := fetch.New(fetch.Options{MaxBody: 1 << 20})
	res, err := get(t, c, srv.URL)
	if !errors.Is(err, fetch.ErrTooLarge) {
		t.Fatalf("got %s, %v; want ErrTooLarge", summary(res), err)
	}
	if !strings.Contains(err.Error(), "1 MiB") {
		t.Errorf("message %q does not name the limit", err)
	}
}

func TestBodyCap(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		w.Write(bytes.Repeat([]byte("x"), n))
	}))
	defer srv.Close()
	c := fetch.New(fetch.Options{MaxBody: 1024})
	res, err := get(t, c, srv.URL+"/?n=1024")
	if err != nil || len(res.Body) != 1024 {
		t.Fatalf("at the limit: %v", err)
	}
	res, err = get(t, c, srv.URL+"/?n=1025")
	if !errors.Is(err, fetch.ErrTooLarge) || res != nil {
		t.Fatalf("one byte over: got %s, %v", summary(res), err)
	}
	if !strings.Contains(err.Error(), "1 KiB") {
		t.Errorf("message %q does not name the limit", err)
	}
}

// Each handler gives up by itself after a few seconds, so a client that
// ignores its timeout gets an answer and the test fails instead of hanging.
func TestTimeout(t *testing.T) {
	const giveUp = 5 * time.Second
	for name, h := range map[string]http.HandlerFunc{
		"endless body": func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusOK)
			for end := time.After(giveUp); ; {
				w.Write([]byte("<"))
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				case <-end:
					return
				case <-time.After(10 * time.Millisecond):
				}
			}
		},
		"stall before headers": func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(giveUp):
			}
		},
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(h)
			defer srv.Close()
			c := fetch.New(fetch.Options{Timeout: 200 * time.Millisecond})
			start := time.Now()
			res, err := get(t, c, srv.URL)
			if err == nil || !strings.Contains(err.Error(), "timed out") {
				t.Fatalf("got %s, %v; want a timeout", summary(res), err)
			}
			if d := time.Since(start); d < 200*time.Millisecond {
				t.Errorf("gave up after %s, before the timeout", d)
			}
		})
	}
}

// A caller's own deadline is not reported as the client's timeout.
func TestCallerDeadlineIsNotTimeout(t *testing.T) {
	srv, c := serve(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.Get(ctx, fetch.Request{URL: srv.URL})
	if !errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "timed out after") {
		t.Errorf("got %v", err)
	}
}

func TestRedirects(t *testing.T) {
	srv, c := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/loop" {
			http.Redirect(w, r, "/loop", http.StatusFound)
			return
		}
		n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/hop/"))
		if n > 0 {
			http.Redirect(w, r, fmt.Sprintf("/hop/%d", n-1), http.StatusMovedPermanently)
			return
		}
		io.WriteString(w, "arrived")
	})
	res, err := get(t, c, srv.URL+"/hop/5")
	if err != nil || string(res.Body) != "arrived" || res.URL != srv.URL+"/hop/0" {
		t.Fatalf("5 redirects: got %s, %v", summary(res), err)
	}
	for _, path := range []string{"/hop/6", "/loop"} {
		_, err := get(t, c, srv.URL+path)
		if err == nil || !strings.Contains(err.Error(), "redirects") {
			t.Errorf("%s: got %v, want an error about redirects", path, err)
		}
	}
}

func TestStatusErrors(t *testing.T) {
	date := time.Now().Add(120 * time.Second).UTC().Format(http.TimeFormat)
	srv, c := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if ra := r.URL.Query().Get("ra"); ra != "" {
			w.Header().Set("Retry-After", ra)
		}
		code, _ := strconv.Atoi(r.URL.Query().Get("code"))
		w.WriteHeader(code)
		io.WriteString(w, "go away")
	})
	for _, tc := range []struct {
		code   int
		ra     string
		lo, hi time.Duration
	}{
		{404, "", 0, 0},
		{410, "", 0, 0},
		{500, "120", 0, 0}, // Retry-After counts on 429 and 503 only
		{502, "", 0, 0},
		{429, "120", 120 * time.Second, 120 * time.Second},
		{503, "120", 120 * time.Second, 120 * time.Second},
		{429, date, 118 * time.Second, 121 * time.Second},
		{503, date, 118 * time.Second, 121 * time.Second},
		{503, "Mon, 01 Jan 2001 00:00:00 GMT", 0, 0}, // in the past
		{429, "soon", 0, 0},
	} {
		res, err := get(t, c, fmt.Sprintf("%s/?code=%d&ra=%s", srv.URL, tc.code, url.QueryEscape(tc.ra)))
		var se *fetch.StatusError
		if !errors.As(err, &se) || res != nil {
			t.Errorf("%d: got %s, %v; want a StatusError", tc.code, summary(res), err)
			continue
		}
		if se.Code != tc.code || se.RetryAfter < tc.lo || se.RetryAfter > tc.hi {
			t.Errorf("%d %q: got code %d, retry after %s", tc.code, tc.ra, se.Code, se.RetryAfter)
		}
		if !strings.Contains(err.Error(), strconv.Itoa(tc.code)) {
			t.Errorf("message %q does not name the status", err)
		}
	}
}

type countingTransport struct{ n atomic.Int32 }

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return http.DefaultTransport.RoundTrip(r)
}

func TestInvalidURL(t *testing.T) {
	tr := &countingTransport{}
	c := fetch.New(fetch.Options{Transport: tr})
	for raw, want := range map[string]string{
		"ftp://example.org/feed.xml": "scheme must be http or https",
		"file:///etc/passwd":         "scheme must be http or https",
		"example.org/feed":           "scheme must be http or https",
		"":                           "scheme must be http or https",
		"http://":                    "no host",
		"http://exa mple.org/":       "invalid character",
		"://nope":                    "missing protocol scheme",
	} {
		_, err := get(t, c, raw)
		if err == nil || !strings.Contains(err.Error(), "invalid url") || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want invalid url: %s", raw, err, want)
		}
	}
	if n := tr.n.Load(); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestClientSpacesOneHost(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	c := fetch.New(fetch.Options{HostInterval: 100 * time.Millisecond})
	start := time.Now()
	for range 3 {
		if _, err := get(t, c, srv.URL); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d < 200*time.Millisecond || hits.Load() != 3 {
		t.Errorf("3 requests in %s (%d hits), want at least 200ms between the first and the last", d, hits.Load())
	}
}
