// Package githubtest is a fake GitHub REST API for tests: repositories
// with star counts, ETags and 304s, a renamed repository (301), gone ones
// (404), and a rate limit (403 with x-ratelimit-remaining: 0 and a reset).
package githubtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Repo is one fake repository.
type Repo struct {
	FullName string // as GitHub spells it, e.g. "Chenxi52/FrozenSeg"
	Stars    int64
	Created  time.Time
}

// API is the fake server.
type API struct {
	*httptest.Server
	mu       sync.Mutex
	repos    map[string]*Repo  // lower-case owner/repo → repo
	renamed  map[string]string // lower-case old name → lower-case new name
	gone     map[string]bool
	limit    int              // requests per hour window (0: no limit)
	used     map[int64]int    // hour window → requests served
	now      func() time.Time // the test's clock
	requests []Request
	throttle time.Duration // a secondary limit: 429 with retry-after, once
}

// Request is one request the API saw.
type Request struct {
	Path, IfNoneMatch, Auth, Accept string
	Status                          int
}

// New starts a fake API with a rate limit of limit requests per clock
// hour (0: none), valued on the test's clock.
func New(limit int, now func() time.Time) *API {
	a := &API{repos: map[string]*Repo{}, renamed: map[string]string{}, gone: map[string]bool{}, limit: limit, used: map[int64]int{}, now: now}
	a.Server = httptest.NewServer(http.HandlerFunc(a.serve))
	return a
}

// Set adds or updates a repository.
func (a *API) Set(r Repo) {
	a.mu.Lock()
	defer a.mu.Unlock()
	cp := r
	a.repos[strings.ToLower(r.FullName)] = &cp
}

// AddStars raises a repository's stars.
func (a *API) AddStars(name string, n int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.repos[strings.ToLower(name)].Stars += n
}

// Rename moves a repository to a new name; the old one answers 301.
func (a *API) Rename(old, full string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	r := a.repos[strings.ToLower(old)]
	delete(a.repos, strings.ToLower(old))
	r.FullName = full
	a.repos[strings.ToLower(full)] = r
	a.renamed[strings.ToLower(old)] = strings.ToLower(full)
}

// Remove makes a repository answer 404.
func (a *API) Remove(name string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.repos, strings.ToLower(name))
	a.gone[strings.ToLower(name)] = true
}

// Exhaust uses up the current hour's limit, as another client of the
// same token would: the next request is refused with 403.
func (a *API) Exhaust() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.used[a.now().Truncate(time.Hour).Unix()] = a.limit
}

// Throttle answers the next request 429 with retry-after, as GitHub's
// secondary rate limits do.
func (a *API) Throttle(retryAfter time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.throttle = retryAfter
}

// Requests returns every request seen so far.
func (a *API) Requests() []Request {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]Request(nil), a.requests...)
}

func (a *API) serve(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	status := a.answer(w, r)
	a.requests = append(a.requests, Request{
		Path: r.URL.Path, IfNoneMatch: r.Header.Get("If-None-Match"), Auth: r.Header.Get("Authorization"),
		Accept: r.Header.Get("Accept"), Status: status,
	})
}

func (a *API) answer(w http.ResponseWriter, r *http.Request) int {
	now := a.now()
	window := now.Truncate(time.Hour)
	w.Header().Set("X-RateLimit-Limit", strconv.Itoa(a.limit))
	w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(window.Add(time.Hour).Unix(), 10))
	if a.throttle > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(a.throttle.Seconds())))
		a.throttle = 0
		return reply(w, http.StatusTooManyRequests, map[string]string{"message": "You have exceeded a secondary rate limit"})
	}
	if a.limit > 0 {
		if a.used[window.Unix()] >= a.limit {
			w.Header().Set("X-RateLimit-Remaining", "0")
			return reply(w, http.StatusForbidden, map[string]string{"message": "API rate limit exceeded"})
		}
		a.used[window.Unix()]++
		w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(a.limit-a.used[window.Unix()]))
	}
	name := strings.ToLower(strings.TrimPrefix(r.URL.Path, "/repos/"))
	if to, ok := a.renamed[name]; ok {
		w.Header().Set("Location", "/repos/"+to)
		return reply(w, http.StatusMovedPermanently, map[string]string{"message": "Moved Permanently", "url": "/repos/" + to})
	}
	repo, ok := a.repos[name]
	if !ok || a.gone[name] {
		return reply(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
	}
	etag := fmt.Sprintf(`W/"%s-%d"`, name, repo.Stars)
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return http.StatusNotModified
	}
	return reply(w, http.StatusOK, map[string]any{
		"full_name": repo.FullName, "stargazers_count": repo.Stars, "created_at": repo.Created.UTC().Format(time.RFC3339),
	})
}

func reply(w http.ResponseWriter, status int, body any) int {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
	return status
}
