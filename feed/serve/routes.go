package serve

import "net/http"

// routes lists every route of DESIGN §7. GET patterns answer HEAD too.
func (s *server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.handleIndex)
	mux.HandleFunc("GET /topics/{name}", s.handleTopic) // slug, slug.rss, slug.atom, slug.json
	mux.HandleFunc("GET /opml", s.handleOPML)
	mux.HandleFunc("GET /api/papers/{key...}", s.handlePaper)
	mux.HandleFunc("GET /healthz", s.handleHealthz)
	mux.HandleFunc("GET /readyz", s.handleReadyz)
	mux.HandleFunc("GET /status", s.handleStatus)
	mux.HandleFunc("GET /status.json", s.handleStatusJSON)
	mux.Handle("GET /metrics", s.Metrics.Handler())
	return s.instrument(mux)
}
