package fetch

import (
	"context"
	"strings"
	"sync"
	"time"
)

// Spacer keeps a least interval between two requests to one host (3 s
// at least for arXiv). Callers reserve the next slot and sleep until it.
type Spacer struct {
	interval time.Duration
	mu       sync.Mutex
	next     map[string]time.Time
}

// NewSpacer spaces requests to each host by interval.
func NewSpacer(interval time.Duration) *Spacer {
	return &Spacer{interval: interval, next: map[string]time.Time{}}
}

// Interval is the spacing that applies to host.
func (s *Spacer) Interval(host string) time.Duration {
	if IsArxivHost(host) {
		return max(s.interval, ArxivHostInterval)
	}
	return s.interval
}

// Wait blocks until host may be asked again, or ctx ends.
func (s *Spacer) Wait(ctx context.Context, host string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	d := s.reserve(strings.ToLower(host))
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// reserve books host's next turn and returns how long until it comes.
func (s *Spacer) reserve(host string) time.Duration {
	gap := s.Interval(host)
	if gap <= 0 {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	at := s.next[host]
	if at.Before(now) {
		at = now
	}
	s.next[host] = at.Add(gap)
	return at.Sub(now)
}
