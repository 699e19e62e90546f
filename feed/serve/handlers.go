package serve

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paperwire/paperwire/feed"
)

// maxLimit bounds ?limit= whatever the topic's own limit.
const maxLimit = 500

func (s *server) handleIndex(w http.ResponseWriter, r *http.Request) {
	rep, err := s.indexPage()
	if err != nil {
		s.Logger.Error("render index", "err", err) // a template bug: the last index is served
	}
	rep.serve(w, r, s.Site.MaxAge())
}

func (s *server) handleOPML(w http.ResponseWriter, r *http.Request) {
	s.opml.serve(w, r, s.Site.MaxAge())
}

// handleTopic serves /topics/{slug} (HTML) and /topics/{slug}.{rss,atom,json}.
func (s *server) handleTopic(w http.ResponseWriter, r *http.Request) {
	slug, format, known := splitFormat(r.PathValue("name"))
	t, ok := s.topics[slug]
	if !ok {
		http.Error(w, fmt.Sprintf("no topic %s (every topic is listed at %s/)", echo(slug), s.Site.BaseURL), http.StatusNotFound)
		return
	}
	if !known {
		http.Error(w, fmt.Sprintf("unknown feed format %s of topic %q: valid are %s, %s, %s and %s (the HTML page)",
			echo(format), slug, s.Site.FeedURL(slug, "rss"), s.Site.FeedURL(slug, "atom"), s.Site.FeedURL(slug, "json"), s.Site.TopicURL(slug)),
			http.StatusNotFound)
		return
	}
	limit, err := t.Limit, error(nil)
	if r.URL.RawQuery != "" { // most requests have none: no query to parse
		limit, err = parseLimit(r.URL.Query().Get("limit"), t.Limit)
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	rep, err := s.Cache.Get(r.Context(), slug, format, limit)
	if err != nil {
		s.unavailable(w, slug, format, err)
		return
	}
	rep.serve(w, r, s.Site.MaxAge())
}

// retryAfter is what a feed request is told when there is nothing to
// serve: short, since readers apply it to the whole host.
const retryAfter = "30"

// unavailable answers when the store is away and the feed has no last
// good rendering at all (e.g. the server started during an outage):
// 503 with a short Retry-After, never cached. ARCHITECTURE.md §D7 forbids 503 on
// feed URLs otherwise; with nothing to serve it is the honest answer.
// The outage itself is logged once, by the store's health.
func (s *server) unavailable(w http.ResponseWriter, slug, format string, err error) {
	s.Logger.Debug("no rendering to serve", "topic", slug, "format", format, "err", err)
	if !errors.Is(err, context.Canceled) { // not the client going away
		s.Cache.health.observe(err)
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Retry-After", retryAfter)
	http.Error(w, "feed temporarily unavailable: the store does not answer", http.StatusServiceUnavailable)
}

// splitFormat splits "object-detection.atom" into slug and format; a bare
// slug is the HTML page. known is false for any other extension.
func splitFormat(name string) (slug, format string, known bool) {
	base, ext, found := strings.Cut(name, ".")
	if !found {
		return name, "html", true
	}
	switch ext {
	case "rss", "atom", "json":
		return base, ext, true
	}
	return base, ext, false
}

// maxEcho bounds what an error message repeats of a request.
const maxEcho = 64

// echo quotes a piece of a request for an error message, cut to maxEcho
// bytes (on a rune boundary) so that a huge name is never sent back.
func echo(s string) string {
	if len(s) <= maxEcho {
		return strconv.Quote(s)
	}
	cut := maxEcho
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%q… (%d bytes)", s[:cut], len(s))
}

func parseLimit(v string, def int) (int, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("limit %s is not a positive number", echo(v))
	}
	return min(n, max(def, maxLimit)), nil
}

func (s *server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintln(w, "ok")
}

// handleReadyz reports whether the store answers.
func (s *server) handleReadyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	err := s.Store.Ping(r.Context())
	if r.Context().Err() == nil {
		s.Cache.health.observe(err)
	}
	if err != nil {
		w.Header().Set("Retry-After", retryAfter)
		http.Error(w, "not ready: store unreachable: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	fmt.Fprintln(w, "ready")
}

// instrument counts requests by route and status.
func (s *server) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		start := time.Now()
		next.ServeHTTP(sw, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		s.Metrics.request(route, sw.code, time.Since(start).Seconds())
	})
}

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

func isNotFound(err error) bool { return errors.Is(err, feed.ErrNotFound) }
