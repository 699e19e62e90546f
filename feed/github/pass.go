package github

import (
	"context"
	"fmt"
	"time"
)

// Report is what one pass did.
type Report struct {
	Candidates   int       // repositories worth checking
	Checked      int       // requests made
	NotModified  int       // of which 304
	Changed      int       // 200 with a new star count
	Moved        int       // renamed repositories followed
	Gone         int       // 404/451
	RateLimited  int       // 403/429 refusals
	Errors       int       // other failures
	StarsGained  int64     // increases of star counters
	BudgetLeft   int       // of the hour's budget, after the pass
	BlockedUntil time.Time // rate limited: no request before then
}

// String is the line `paperwire fetch` prints.
func (r Report) String() string {
	s := fmt.Sprintf("github: %d repos checked, %d unchanged (304), %d stars gained, budget left %d",
		r.Checked, r.NotModified, r.StarsGained, r.BudgetLeft)
	if !r.BlockedUntil.IsZero() {
		s += ", rate limited until " + r.BlockedUntil.Format(time.RFC3339)
	}
	return s
}

// Pass checks the repositories that matter most, as many as this pass's
// share of the hourly budget allows.
func (p *Poller) Pass(ctx context.Context) (Report, error) {
	now := p.cfg.Now()
	var r Report
	if until, err := p.blockedUntil(ctx, now); err != nil || !until.IsZero() {
		r.BlockedUntil = until
		_, r.BudgetLeft, _ = p.spend(ctx, now, 0)
		return r, err
	}
	due, err := p.candidates(ctx, now)
	if err != nil {
		return r, err
	}
	r.Candidates = len(due)
	if len(due) == 0 {
		_, r.BudgetLeft, err = p.spend(ctx, now, 0)
		return r, err
	}
	// Room for renames to be followed; what the pass leaves is given back.
	granted, left, err := p.spend(ctx, now, min(p.share(), len(due)+len(due)/8+1))
	r.BudgetLeft = left
	if err != nil || granted == 0 {
		return r, err
	}
	used, err := p.checkAll(ctx, now, due, granted, &r)
	if used < granted {
		_, r.BudgetLeft, _ = p.spend(ctx, now, used-granted) // give back what the pass did not use
	}
	return r, err
}

func (p *Poller) spend(ctx context.Context, now time.Time, n int) (int, int, error) {
	g, left, err := p.store.Spend(ctx, budgetName, now.Truncate(time.Hour), p.cfg.PerHour, n)
	if err != nil {
		return 0, 0, fmt.Errorf("github budget: %w", err)
	}
	return g, left, nil
}

// blockedUntil is the end of a rate limit any process hit (zero: none).
func (p *Poller) blockedUntil(ctx context.Context, now time.Time) (time.Time, error) {
	v, err := p.store.Meta(ctx, blockedKey)
	if err != nil || v == "" {
		return time.Time{}, err
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil || !t.After(now) {
		return time.Time{}, nil
	}
	return t, nil
}

func (p *Poller) block(ctx context.Context, until time.Time) error {
	return p.store.SetMeta(ctx, blockedKey, until.UTC().Format(time.RFC3339))
}

// checkAll checks due repositories in order until `budget` requests are
// made, skipping those another process holds or checked meanwhile.
func (p *Poller) checkAll(ctx context.Context, now time.Time, due []candidate, budget int, r *Report) (int, error) {
	used := 0
	for _, c := range due {
		if used >= budget || !r.BlockedUntil.IsZero() {
			break
		}
		ok, err := p.store.Lease(ctx, "github:"+c.state.Name, p.cfg.Holder, leaseTTL)
		if err != nil {
			return used, fmt.Errorf("github lease %s: %w", c.state.Name, err)
		}
		if !ok {
			continue
		}
		n, err := p.checkOne(ctx, now, c, budget-used, r)
		used += n
		if err != nil {
			return used, err
		}
		// Done: let the lease lapse (the check time keeps others off it).
		if _, err := p.store.Lease(ctx, "github:"+c.state.Name, p.cfg.Holder, time.Millisecond); err != nil {
			return used, fmt.Errorf("github lease %s: %w", c.state.Name, err)
		}
	}
	return used, nil
}
