package serve

import "net/http"

// Header values of public, read-only resources (feeds, OPML, the JSON
// API): any web page may read them, so that web-based feed readers can
// fetch them from the browser. Built once: net/http only reads them.
var (
	corsOrigin  = []string{"*"}
	corsExpose  = []string{"ETag, Last-Modified, Retry-After"}
	corsMethods = []string{"GET, HEAD"}
	corsHeaders = []string{"If-None-Match, If-Modified-Since"}
	corsMaxAge  = []string{"86400"}
)

// handlePublic registers a GET route whose answers carry CORS headers,
// with the preflight (OPTIONS) a browser sends for conditional requests.
func handlePublic(mux *http.ServeMux, path string, h http.HandlerFunc) {
	mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
		hdr := w.Header()
		hdr["Access-Control-Allow-Origin"] = corsOrigin
		hdr["Access-Control-Expose-Headers"] = corsExpose
		h(w, r)
	})
	mux.HandleFunc("OPTIONS "+path, preflight)
}

func preflight(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr["Access-Control-Allow-Origin"] = corsOrigin
	hdr["Access-Control-Allow-Methods"] = corsMethods
	hdr["Access-Control-Allow-Headers"] = corsHeaders
	hdr["Access-Control-Max-Age"] = corsMaxAge
	w.WriteHeader(http.StatusNoContent)
}
