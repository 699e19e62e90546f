package redis

import (
	"context"
	"math/rand/v2"
	"time"
)

// backoff is the jittered exponential pause before an attempt (2 and up).
func backoff(attempt int) time.Duration {
	d := retryBase << min(attempt-2, 10)
	d = min(d, retryCap)
	return d/2 + rand.N(d)
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
