package serve

import (
	"context"
	"net/http"
	"time"

	"github.com/paperwire/paperwire/feed/render"
)

// statusTimeout bounds reading the sources' states for /status.
const statusTimeout = 5 * time.Second

// status reads every source's state now. With the store away the
// sources are listed with state "unknown" and ok is false.
func (s *server) status(ctx context.Context) (st render.Status, ok bool) {
	readCtx, cancel := context.WithTimeout(ctx, statusTimeout)
	defer cancel()
	statuses, err := readStatuses(readCtx, s.Store, s.Sources)
	if ctx.Err() == nil { // not the client going away
		s.Cache.health.observe(err)
	}
	st = render.Status{Store: "up", Sources: statuses}
	if err != nil {
		st = render.Status{Store: "down", Sources: make([]render.SourceStatus, len(s.Sources))}
		for i, src := range s.Sources {
			st.Sources[i] = render.SourceStatus{Name: src.Name, URL: src.URL, Every: src.Every.String(), State: render.StateUnknown}
		}
	}
	st.Failing = len(render.HealthOf(st.Sources).Failing)
	return st, err == nil
}

// handleStatus is the HTML page of every source's health.
func (s *server) handleStatus(w http.ResponseWriter, r *http.Request) {
	st, ok := s.status(r.Context())
	body, err := s.pages.StatusPage(st)
	if err != nil {
		s.Logger.Error("render status page", "err", err)
		http.Error(w, "status page failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(statusCodeOf(ok))
	w.Write(body)
}

// handleStatusJSON is /status.json.
func (s *server) handleStatusJSON(w http.ResponseWriter, r *http.Request) {
	st, ok := s.status(r.Context())
	writeJSON(w, statusCodeOf(ok), st)
}

// statusCodeOf answers a status page: 503 while the store is away.
func statusCodeOf(storeUp bool) int {
	if storeUp {
		return http.StatusOK
	}
	return http.StatusServiceUnavailable
}
