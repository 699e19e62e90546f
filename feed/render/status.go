package render

import (
	"time"

	"github.com/paperwire/paperwire/feed"
)

// Health is what the index and topic pages say about the sources that
// feed them. It depends on stored source states only (never the clock),
// so pages stay the same bytes until a source's fortune changes.
type Health struct {
	Sources int      // configured
	Polled  int      // sources that succeeded at least once
	Failing []string // sources whose last poll failed, in config order
}

// Status is the /status page and /status.json.
type Status struct {
	Store   string         `json:"store"` // "up" or "down"
	Failing int            `json:"failing"`
	Sources []SourceStatus `json:"sources"`
}

// SourceStatus is one source's health: absent times are null.
type SourceStatus struct {
	Name        string     `json:"name"`
	URL         string     `json:"url"`
	Every       string     `json:"every"`
	State       string     `json:"state"` // ok, failing, never polled, unknown (store down)
	LastStatus  string     `json:"last_status,omitempty"`
	LastAttempt *time.Time `json:"last_attempt"`
	LastSuccess *time.Time `json:"last_success"`
	LastFailure *time.Time `json:"last_failure"` // when LastError happened
	LastError   string     `json:"last_error,omitempty"`
	Failures    int        `json:"consecutive_failures"`
	NextPoll    *time.Time `json:"next_poll"` // null: due now
	NextWhy     string     `json:"next_poll_why,omitempty"`
	Items       int        `json:"items_last_time"`
	Truncated   int        `json:"truncated,omitempty"`
	Trimmed     int        `json:"trimmed,omitempty"`
	Rejected    int        `json:"rejected,omitempty"`
}

// Source states.
const (
	StateOK      = "ok"
	StateFailing = "failing"
	StateNever   = "never polled"
	StateUnknown = "unknown"
)

// NewSourceStatus is a source's status from its stored state.
func NewSourceStatus(src feed.Source, st feed.SourceState) SourceStatus {
	s := SourceStatus{
		Name: src.Name, URL: src.URL, Every: src.Every.String(), State: StateOK, LastStatus: st.LastStatus,
		LastAttempt: OptTime(st.LastAttempt), LastSuccess: OptTime(st.LastSuccess), LastFailure: OptTime(st.LastFailure),
		LastError: st.LastError, Failures: st.Failures, NextPoll: OptTime(st.NextPoll(src.Every)), NextWhy: st.NotBeforeWhy,
		Items: st.Items, Truncated: st.Truncated, Trimmed: st.Trimmed, Rejected: st.Rejected,
	}
	switch {
	case st.Failures > 0:
		s.State = StateFailing
	case st.LastAttempt.IsZero():
		s.State = StateNever
	}
	return s
}

// OptTime is t in UTC for a JSON view, or nil (JSON null) for the zero
// time: an absent time is null, never 0001-01-01 (/status.json and
// serve's /api/papers).
func OptTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}

// HealthOf sums up source states for the pages.
func HealthOf(sources []SourceStatus) Health {
	h := Health{Sources: len(sources)}
	for _, s := range sources {
		if s.LastSuccess != nil {
			h.Polled++
		}
		if s.State == StateFailing {
			h.Failing = append(h.Failing, s.Name)
		}
	}
	return h
}

// StatusPage renders /status.
func (p *Pages) StatusPage(st Status) ([]byte, error) {
	return p.exec("status.html", map[string]any{"Site": p.site, "Status": st, "Topics": []feed.Topic{}})
}
