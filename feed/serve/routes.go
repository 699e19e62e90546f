package serve

import "net/http"

// routes lists every route of ARCHITECTURE.md §D7. GET patterns answer HEAD too;
// public ones (feeds, OPML, the JSON API) carry CORS headers.
func (s *server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.handleIndex)
	handlePublic(mux, "/topics/{name}", s.handleTopic)                 // slug, slug.rss, slug.atom, slug.json
	handlePublic(mux, "/topics/{slug}/{name}", s.handleDigest)         // daily.rss, weekly.atom, …
	handlePublic(mux, "/topics/{slug}/{kind}/{name}", s.handleArchive) // daily/2024-03-25.atom, weekly/2024-W13.rss
	handlePublic(mux, "/opml", s.handleOPML)
	mux.HandleFunc("GET /search", s.handleSearch("html")) // ?q=QUERY[&limit=N]
	handlePublic(mux, "/search.rss", s.handleSearch("rss"))
	handlePublic(mux, "/search.atom", s.handleSearch("atom"))
	handlePublic(mux, "/search.json", s.handleSearch("json"))
	handlePublic(mux, "/api/papers/{key...}", s.handlePaper)
	mux.HandleFunc("GET /healthz", s.handleHealthz)
	mux.HandleFunc("GET /readyz", s.handleReadyz)
	mux.HandleFunc("GET /status", s.handleStatus)
	handlePublic(mux, "/status.json", s.handleStatusJSON)
	mux.Handle("GET /metrics", s.Metrics.Handler())
	return s.instrument(mux)
}
