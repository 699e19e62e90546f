package digest

import (
	"context"
	"log/slog"
	"time"

	"github.com/paperwire/paperwire/feed"
)

// closeLog logs the closes of one Close call without flooding the log:
// a catch-up (late closes) gets one Info line per kind with the count
// and range of periods, each period at Debug; an on-time close is one
// Info line, at Debug when the period was empty.
type closeLog struct {
	logger *slog.Logger
	late   map[feed.DigestKind]*lateCloses
}

// lateCloses sums up the late closes of one kind.
type lateCloses struct {
	periods, empty int
	first, last    string
	lag            time.Duration // of the oldest period closed
}

func (l *closeLog) closed(d feed.Digest) {
	lag := d.ClosedAt.Sub(d.End).Round(time.Second)
	level := slog.LevelInfo
	if len(d.Entries) == 0 || late(d) {
		level = slog.LevelDebug
	}
	l.logger.Log(context.Background(), level, "digest closed", "topic", d.Topic, "kind", d.Kind, "period", d.Period,
		"papers", len(d.Entries), "candidates", d.Candidates, "late", lag)
	if !late(d) {
		return
	}
	if l.late == nil {
		l.late = map[feed.DigestKind]*lateCloses{}
	}
	s := l.late[d.Kind]
	if s == nil {
		s = &lateCloses{first: d.Period, last: d.Period, lag: lag}
		l.late[d.Kind] = s
	}
	s.periods++
	if len(d.Entries) == 0 {
		s.empty++
	}
	s.first, s.last = min(s.first, d.Period), max(s.last, d.Period)
	s.lag = max(s.lag, lag)
}

// summarize logs one line per kind of the late closes.
func (l *closeLog) summarize() {
	for _, kind := range feed.DigestKinds {
		if s := l.late[kind]; s != nil {
			l.logger.Info("digests caught up", "kind", kind, "periods", s.periods, "empty", s.empty,
				"from", s.first, "to", s.last, "late", s.lag)
		}
	}
}
