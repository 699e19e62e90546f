package feed

import (
	"fmt"
	"time"
)

// DigestKind is the length of a digest's period: a UTC day or an ISO week.
type DigestKind string

const (
	Daily  DigestKind = "daily"
	Weekly DigestKind = "weekly"
)

// DigestKinds lists every kind, in the order pages show them.
var DigestKinds = []DigestKind{Daily, Weekly}

// Digest is the stored snapshot of one topic's closed period: its best
// papers as they stood at the period's close, with everything needed to
// render them, so that neither later scores, rule changes nor the pruning
// of the papers themselves ever change it.
type Digest struct {
	Topic      string        `json:"topic"`       // slug
	TopicTitle string        `json:"topic_title"` // as configured at the close
	Kind       DigestKind    `json:"kind"`
	Period     string        `json:"period"` // Period.ID: "2024-03-25", "2024-W13"
	Start      time.Time     `json:"start"`
	End        time.Time     `json:"end"`            // exclusive
	Prev       string        `json:"prev,omitempty"` // the period before, when it was closed too
	ClosedAt   time.Time     `json:"closed_at"`      // after End when closed late (catch-up)
	Candidates int           `json:"candidates"`     // papers of the topic with an event in the period
	Entries    []DigestEntry `json:"entries"`        // best first
}

// DigestEntry is one paper of a digest, as it stood at the close.
type DigestEntry struct {
	Key     Key      `json:"key"`
	Title   string   `json:"title"`
	Link    string   `json:"link,omitempty"`
	Authors []string `json:"authors,omitempty"`
	PDF     string   `json:"pdf,omitempty"`
	Code    string   `json:"code,omitempty"`
	Score   float64  `json:"score"` // decayed value at the period's end
	Why     string   `json:"why"`   // one line: sources, engagement, score
}

// DigestRevision is the name, among a store's revisions, of the counter
// that grows when a topic's digests of a kind change. Slugs hold no '/',
// so it never collides with a topic's own counter.
func DigestRevision(slug string, kind DigestKind) string {
	return slug + "/" + string(kind)
}

// Period is one UTC day or ISO week (Monday 00:00 UTC to the next).
type Period struct {
	Kind  DigestKind
	Start time.Time
}

// PeriodAt returns the period of the kind that holds t.
func PeriodAt(kind DigestKind, t time.Time) Period {
	t = t.UTC()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	if kind == Weekly {
		day = day.AddDate(0, 0, -(int(day.Weekday())+6)%7)
	}
	return Period{Kind: kind, Start: day}
}

func (p Period) days() int {
	if p.Kind == Weekly {
		return 7
	}
	return 1
}

// End is the first instant after the period.
func (p Period) End() time.Time { return p.Start.AddDate(0, 0, p.days()) }

// Next and Prev are the neighbouring periods.
func (p Period) Next() Period { return Period{p.Kind, p.End()} }

// Prev is the period before.
func (p Period) Prev() Period { return Period{p.Kind, p.Start.AddDate(0, 0, -p.days())} }

// ID names the period in URLs: "2024-03-25" for a day, "2024-W13" for an
// ISO week.
func (p Period) ID() string {
	if p.Kind == Weekly {
		y, w := p.Start.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	}
	return p.Start.Format(time.DateOnly)
}

// ParsePeriod reads a period ID of the kind; only the canonical spelling
// is accepted, so one period has one URL.
func ParsePeriod(kind DigestKind, id string) (Period, error) {
	var p Period
	switch kind {
	case Daily:
		t, err := time.Parse(time.DateOnly, id)
		if err != nil {
			return p, fmt.Errorf("period %q is not a date YYYY-MM-DD", id)
		}
		p = PeriodAt(Daily, t)
	case Weekly:
		var y, w int
		if n, err := fmt.Sscanf(id, "%4d-W%2d", &y, &w); n != 2 || err != nil {
			return p, fmt.Errorf("period %q is not an ISO week YYYY-Www", id)
		}
		jan4 := time.Date(y, 1, 4, 0, 0, 0, 0, time.UTC)
		p = PeriodAt(Weekly, jan4.AddDate(0, 0, 7*(w-1)))
	default:
		return p, fmt.Errorf("unknown digest kind %q", kind)
	}
	if p.ID() != id {
		return Period{}, fmt.Errorf("period %q does not exist (did you mean %s?)", id, p.ID())
	}
	return p, nil
}
