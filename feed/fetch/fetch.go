// Package fetch is Paperwire's polite HTTP client: conditional GET with
// stored validators, gzip, a per-request timeout, a body cap, bounded
// redirects and per-host spacing. Like Miniflux's reader, it does the
// HTTP itself and hands bytes to the parser (gofeed's ParseURL cannot do
// conditional requests).
package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Defaults of ARCHITECTURE.md §D8 and the issue.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultMaxBody      = 16 << 20
	DefaultMaxRedirects = 5
	DefaultHostInterval = time.Second
	ArxivHostInterval   = 3 * time.Second
)

// Options configure a Client.
type Options struct {
	UserAgent    string
	Timeout      time.Duration // whole request, body included
	MaxBody      int64         // bytes, after gzip decoding
	MaxRedirects int
	HostInterval time.Duration // least time between two requests to one host; 0: none (arXiv still 3 s)
	Transport    http.RoundTripper
}

// Client fetches source URLs. It is safe for concurrent use.
type Client struct {
	http   *http.Client
	opts   Options
	spacer *Spacer
}

// Request is one conditional GET.
type Request struct {
	URL          string
	ETag         string
	LastModified string
}

// Response is what a successful request returned: 200 with a body, or 304.
type Response struct {
	Status       int
	NotModified  bool
	Body         []byte
	ETag         string
	LastModified string
	MaxAge       time.Duration // from Cache-Control, 0 when absent
	URL          string        // after redirects
}

// StatusError is an answer other than 200 or 304.
type StatusError struct {
	Code       int
	RetryAfter time.Duration // from Retry-After on 429/503
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("http %d %s", e.Code, http.StatusText(e.Code))
	if e.RetryAfter > 0 {
		msg += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	return msg
}

// ErrTooLarge means the body passed the cap; nothing of it is parsed.
var ErrTooLarge = errors.New("body too large")

// New returns a client with defaults filled in.
func New(o Options) *Client {
	o = withDefaults(o)
	c := &Client{opts: o, spacer: NewSpacer(o.HostInterval)}
	c.http = &http.Client{
		Transport: o.Transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > o.MaxRedirects {
				return fmt.Errorf("stopped after %d redirects", o.MaxRedirects)
			}
			return nil
		},
	}
	return c
}

func withDefaults(o Options) Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = DefaultMaxRedirects
	}
	if o.Transport == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = 4
		o.Transport = t
	}
	if o.UserAgent == "" {
		o.UserAgent = "Paperwire"
	}
	return o
}

// Get waits for the host's turn, then performs a conditional GET.
func (c *Client) Get(ctx context.Context, r Request) (*Response, error) {
	u, err := checkURL(r.URL)
	if err != nil {
		return nil, err
	}
	if err := c.spacer.Wait(ctx, u.Hostname()); err != nil {
		return nil, err
	}
	// The cause tells our own timeout from the caller's deadline.
	timedOut := fmt.Errorf("timed out after %s", c.opts.Timeout)
	ctx, cancel := context.WithTimeoutCause(ctx, c.opts.Timeout, timedOut)
	defer cancel()
	res, err := c.do(ctx, r)
	if err != nil && context.Cause(ctx) == timedOut {
		return nil, fmt.Errorf("%w: %w", timedOut, err)
	}
	return res, err
}

// checkURL accepts absolute http and https URLs only.
func checkURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return nil, fmt.Errorf("invalid url %q: %w", raw, unwrapURLError(err))
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("invalid url %q: scheme must be http or https", raw)
	case u.Host == "":
		return nil, fmt.Errorf("invalid url %q: no host", raw)
	}
	return u, nil
}

func (c *Client) do(ctx context.Context, r Request) (*Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.URL, nil)
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1")
	if r.ETag != "" {
		req.Header.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		req.Header.Set("If-Modified-Since", r.LastModified)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, unwrapURLError(err)
	}
	defer resp.Body.Close()
	return c.read(resp, r)
}

// read turns an answer into a Response or an error.
func (c *Client) read(resp *http.Response, r Request) (*Response, error) {
	out := &Response{
		Status:       resp.StatusCode,
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		MaxAge:       maxAge(resp.Header.Get("Cache-Control")),
		URL:          resp.Request.URL.String(),
	}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified = true
		out.ETag = firstNonEmpty(out.ETag, r.ETag)
		out.LastModified = firstNonEmpty(out.LastModified, r.LastModified)
		return out, nil
	case resp.StatusCode != http.StatusOK:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // let the connection be reused
		return nil, statusError(resp)
	}
	body, err := readCapped(resp.Body, c.opts.MaxBody, resp.ContentLength)
	if err != nil {
		return nil, err
	}
	out.Body = body
	return out, nil
}

// statusError reports an unwanted answer; Retry-After counts on 429 and
// 503 only, where it asks a client to come back later.
func statusError(resp *http.Response) *StatusError {
	e := &StatusError{Code: resp.StatusCode}
	if e.Code == http.StatusTooManyRequests || e.Code == http.StatusServiceUnavailable {
		e.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), time.Now())
	}
	return e
}

// readCapped reads at most max bytes; a longer body is ErrTooLarge. A
// known length (not trusted beyond max) sizes the buffer at once.
func readCapped(r io.Reader, max, length int64) ([]byte, error) {
	var buf bytes.Buffer
	if length > 0 && length <= max {
		buf.Grow(int(length) + bytes.MinRead)
	}
	_, err := buf.ReadFrom(io.LimitReader(r, max+1))
	b := buf.Bytes()
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%w: more than %s", ErrTooLarge, humanBytes(max))
	}
	return b, nil
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// unwrapURLError drops the "Get "URL": " prefix: reports name the source.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// IsArxivHost reports whether host belongs to arXiv, which asks for at
// least 3 s between requests.
func IsArxivHost(host string) bool {
	host = strings.ToLower(host)
	return host == "arxiv.org" || strings.HasSuffix(host, ".arxiv.org")
}
