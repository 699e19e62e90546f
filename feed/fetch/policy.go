package fetch

import (
	"errors"
	"time"

	"github.com/paperwire/paperwire/feed"
)

// Policy decides when a source may be asked again. It is pure: time and
// randomness come from the caller.
type Policy struct {
	BackoffBase time.Duration // first retry after a failure
	BackoffMax  time.Duration // longest backoff
	MaxWait     time.Duration // cap on Retry-After and max-age
}

// DefaultPolicy backs off from 2 minutes to 6 hours and trusts a server's
// Retry-After or max-age for at most a day.
func DefaultPolicy() Policy {
	return Policy{BackoffBase: 2 * time.Minute, BackoffMax: 6 * time.Hour, MaxWait: 24 * time.Hour}
}

// Succeeded records a 200 (parsed and stored) or a 304.
func (p Policy) Succeeded(st feed.SourceState, res *Response, digest string, now time.Time) feed.SourceState {
	st.LastAttempt, st.LastSuccess = now, now
	st.Failures, st.LastError = 0, ""
	st.ETag, st.LastModified = res.ETag, res.LastModified
	if digest != "" {
		st.Digest = digest
	}
	st.LastStatus = "fetched"
	if res.NotModified {
		st.LastStatus = "not modified"
	}
	st.NotBefore, st.NotBeforeWhy = time.Time{}, ""
	if res.MaxAge > 0 {
		st.NotBefore = now.Add(min(res.MaxAge, p.MaxWait))
		st.NotBeforeWhy = "cache-control max-age"
	}
	return st
}

// Failed records a failure and schedules the next attempt: the server's
// Retry-After when it gave one, else exponential backoff with jitter
// (rnd returns a number in [0,1)).
func (p Policy) Failed(st feed.SourceState, err error, now time.Time, rnd func() float64) feed.SourceState {
	st.LastAttempt, st.LastFailure = now, now
	st.Failures++
	st.LastStatus, st.LastError = "failed", err.Error()
	wait, why := p.backoff(st.Failures, rnd), "backoff"
	var se *StatusError
	if errors.As(err, &se) && se.RetryAfter > 0 {
		wait, why = max(min(se.RetryAfter, p.MaxWait), time.Second), "retry-after"
	}
	st.NotBefore, st.NotBeforeWhy = now.Add(wait), why
	return st
}

func (p Policy) backoff(failures int, rnd func() float64) time.Duration {
	d := p.BackoffBase
	for i := 1; i < failures && d < p.BackoffMax; i++ {
		d *= 2
	}
	d = min(d, p.BackoffMax)
	jittered := time.Duration(float64(d) * (0.75 + 0.5*rnd()))
	return min(jittered, p.BackoffMax)
}
