package github

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/paperwire/paperwire/feed/normalize"
)

// maxBody bounds a repository document.
const maxBody = 1 << 20

// Outcomes of one request, as counted in metrics and reports.
const (
	OK          = "200"
	NotModified = "304"
	Moved       = "301"
	Gone        = "404" // 404 or 451
	RateLimited = "rate_limited"
	Failed      = "error"
)

// response is what one request to the API said.
type response struct {
	outcome  string
	status   int
	etag     string
	repo     repoDoc
	location string    // 301: where the repository went
	until    time.Time // rate limited: no request before then
	err      error
}

// repoDoc is the part of GET /repos/OWNER/REPO the poller reads.
type repoDoc struct {
	FullName string    `json:"full_name"`
	Stars    *int64    `json:"stargazers_count"`
	Created  time.Time `json:"created_at"`
}

// client makes conditional requests to the GitHub REST API.
type client struct {
	http      *http.Client
	api       *url.URL
	token     string
	userAgent string
}

func newClient(api, token, userAgent string, timeout time.Duration) (*client, error) {
	u, err := url.Parse(strings.TrimRight(api, "/"))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("github api %q is not an absolute http(s) URL", api)
	}
	hc := &http.Client{
		Timeout:       timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return &client{http: hc, api: u, token: token, userAgent: userAgent}, nil
}

// repoURL is the API URL of a repository, or the followed Location.
func (c *client) repoURL(name string) string {
	return c.api.String() + "/repos/" + name
}

// sameAPI reports whether loc (resolved against the API) stays on the
// API's scheme and host, and returns it absolute.
func (c *client) sameAPI(loc string) (string, bool) {
	u, err := c.api.Parse(loc)
	if err != nil || u.Scheme != c.api.Scheme || u.Host != c.api.Host {
		return "", false
	}
	return u.String(), true
}

// get requests target with the stored ETag; now is the poller's clock.
func (c *client) get(ctx context.Context, target, etag string, now time.Time) response {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return response{outcome: Failed, err: fmt.Errorf("github request: %w", err)}
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	req.Header.Set("User-Agent", c.userAgent)
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return response{outcome: Failed, err: fmt.Errorf("github %s: %w", target, err)}
	}
	defer resp.Body.Close()
	return c.read(resp, now)
}

// read classifies a response.
func (c *client) read(resp *http.Response, now time.Time) response {
	r := response{status: resp.StatusCode, etag: resp.Header.Get("ETag"), until: exhausted(resp.Header, now)}
	switch code := resp.StatusCode; {
	case code == http.StatusOK:
		r.outcome, r.err = OK, decode(resp.Body, &r.repo)
	case code == http.StatusNotModified:
		r.outcome = NotModified
	case code == http.StatusMovedPermanently || code == http.StatusTemporaryRedirect || code == http.StatusPermanentRedirect:
		r.outcome, r.location = Moved, resp.Header.Get("Location")
	case code == http.StatusNotFound || code == http.StatusUnavailableForLegalReasons:
		r.outcome = Gone
	case code == http.StatusForbidden || code == http.StatusTooManyRequests:
		r.outcome, r.until = limited(resp.Header, now, r.until)
		if r.outcome == Failed {
			r.err = fmt.Errorf("github: http %d without a rate limit", code)
		}
	default:
		r.outcome, r.err = Failed, fmt.Errorf("github: http %d", code)
	}
	return r
}

// exhausted is x-ratelimit-reset when x-ratelimit-remaining says 0.
func exhausted(h http.Header, now time.Time) time.Time {
	if h.Get("X-RateLimit-Remaining") != "0" {
		return time.Time{}
	}
	if reset, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64); err == nil && reset > now.Unix() {
		return time.Unix(reset, 0).UTC()
	}
	return now.Add(time.Minute) // exhausted, reset unknown or passed: wait a little
}

// limited reads a 403/429: a primary limit (remaining 0, until reset),
// a secondary one (retry-after), or neither (a plain refusal).
func limited(h http.Header, now, reset time.Time) (string, time.Time) {
	if ra := h.Get("Retry-After"); ra != "" {
		if secs, err := strconv.Atoi(ra); err == nil && secs >= 0 {
			return RateLimited, now.Add(time.Duration(max(secs, 1)) * time.Second)
		}
		if t, err := http.ParseTime(ra); err == nil {
			return RateLimited, t.UTC()
		}
	}
	if !reset.IsZero() {
		return RateLimited, reset
	}
	return Failed, time.Time{}
}

func decode(body io.Reader, doc *repoDoc) error {
	raw, err := io.ReadAll(io.LimitReader(body, maxBody+1))
	if err != nil {
		return fmt.Errorf("github: read body: %w", err)
	}
	if len(raw) > maxBody {
		return errors.New("github: repository document over 1 MiB")
	}
	if err := json.Unmarshal(raw, doc); err != nil {
		return fmt.Errorf("github: repository document: %w", err)
	}
	if doc.Stars == nil || normalize.Repo(doc.FullName) == "" {
		return errors.New("github: repository document without full_name or stargazers_count")
	}
	return nil
}
