package feed

import "time"

// RepoState is what the GitHub signal poller remembers about one
// repository, under the name papers know it by ("owner/repo").
type RepoState struct {
	Name      string    `json:"name"`
	MovedTo   string    `json:"moved_to,omitempty"` // after a 301: the repository's current "owner/repo"
	Follow    string    `json:"follow,omitempty"`   // a 301's Location not requested yet (budget)
	ETag      string    `json:"etag,omitempty"`
	Stars     int64     `json:"stars,omitempty"`
	Created   time.Time `json:"created,omitzero"`
	CheckedAt time.Time `json:"checked_at,omitzero"`
	Status    int       `json:"status,omitempty"` // HTTP status of the last check
	Error     string    `json:"error,omitempty"`
	GoneAt    time.Time `json:"gone_at,omitzero"` // 404 or 451: not retried for a while
}

// Current is the name the repository is requested under.
func (r RepoState) Current() string {
	if r.MovedTo != "" {
		return r.MovedTo
	}
	return r.Name
}
