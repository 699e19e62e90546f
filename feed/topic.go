package feed

import "time"

// Topic is a curated feed defined by rules.
type Topic struct {
	Slug       string   `json:"slug"`
	Title      string   `json:"title"`
	Keywords   []string `json:"keywords,omitempty"`   // any of, in title or abstract
	Categories []string `json:"categories,omitempty"` // any of
	Exclude    []string `json:"exclude,omitempty"`    // none of
	Limit      int      `json:"limit"`                // items in the feed
}

// Curation is the manual layer on top of a topic's rules.
type Curation struct {
	Pins      []Key     `json:"pins,omitempty"` // pinned paper keys, in pin order
	Bans      []Key     `json:"bans,omitempty"` // banned paper keys, sorted
	ChangedAt time.Time `json:"changed_at,omitzero"`
}

// CurateAction is one change to a topic's curation.
type CurateAction string

const (
	Pin   CurateAction = "pin"
	Unpin CurateAction = "unpin"
	Ban   CurateAction = "ban"
	Unban CurateAction = "unban"
)

// Ranked is one entry of a topic's ranked index.
type Ranked struct {
	Key   Key
	Score float64
}

// SourceState is what Paperwire remembers about a source between polls,
// so that every process and every later run is polite in the same way.
type SourceState struct {
	Name         string    `json:"name"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	Digest       string    `json:"digest,omitempty"` // SHA-256 of the last parsed body
	LastAttempt  time.Time `json:"last_attempt,omitzero"`
	LastSuccess  time.Time `json:"last_success,omitzero"`
	LastStatus   string    `json:"last_status,omitempty"`
	LastError    string    `json:"last_error,omitempty"`
	LastFailure  time.Time `json:"last_failure,omitzero"` // when LastError happened; kept after a recovery
	Failures     int       `json:"failures,omitempty"`    // consecutive
	NotBefore    time.Time `json:"not_before,omitzero"`   // backoff, Retry-After or max-age
	NotBeforeWhy string    `json:"not_before_why,omitempty"`
	Items        int       `json:"items,omitempty"` // items in the last document parsed
	// What was cut from the last document parsed (see ingest.Report).
	Truncated int `json:"truncated,omitempty"` // items beyond fetch.max_items, not read
	Trimmed   int `json:"trimmed,omitempty"`   // items stored with fields cut to their caps
	Rejected  int `json:"rejected,omitempty"`  // items refused: identity beyond its cap
}

// NextPoll is when a source polled every interval is due next: after a
// failure on the backoff's (or Retry-After's) schedule, else its
// interval after the last attempt, never before NotBefore. Zero: never
// polled, due now.
func (st SourceState) NextPoll(every time.Duration) time.Time {
	if st.Failures > 0 {
		return st.NotBefore
	}
	next := time.Time{}
	if !st.LastAttempt.IsZero() {
		next = st.LastAttempt.Add(every)
	}
	if st.NotBefore.After(next) {
		next = st.NotBefore
	}
	return next
}
