package digest

import (
	"context"
	"time"

	"github.com/paperwire/paperwire/feed"
)

// retryAfter is how soon a close that failed, or that another process's
// lease held off, is tried again.
const retryAfter = time.Minute

// Run closes periods as they end until ctx ends: first every period
// missed while no server ran, then each day's and week's at its end,
// whether or not anything is fetched at that moment. after is the timer
// (time.After in production; tests pass channels they drive).
func (c *Closer) Run(ctx context.Context, after func(time.Duration) <-chan time.Time) error {
	for {
		wait := c.closeOnce(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-after(wait):
		}
	}
}

// closeOnce closes what is due and returns how long to wait before the
// next attempt: until the next period ends, or retryAfter when periods
// are still open to close (failure, another holder's lease).
func (c *Closer) closeOnce(ctx context.Context) time.Duration {
	_, err := c.Close(ctx)
	if err != nil && ctx.Err() == nil {
		c.cfg.Metrics.failure()
		c.logger.Warn("closing digests failed; retrying", "err", err, "in", retryAfter)
		return retryAfter
	}
	now := c.cfg.Now().UTC()
	epoch, err := c.storedEpoch(ctx)
	if err != nil || epoch.IsZero() {
		return retryAfter // the store is away, or another process records the epoch
	}
	if jobs, err := c.due(ctx, now, epoch); err != nil || len(jobs) > 0 {
		return retryAfter // held off by another process's lease, or the store is away
	}
	return NextClose(now).Sub(now)
}

// NextClose is the end of the period open at now that ends first (the
// next UTC midnight: a week ends at a day's end too).
func NextClose(now time.Time) time.Time {
	return feed.PeriodAt(feed.Daily, now).End()
}
