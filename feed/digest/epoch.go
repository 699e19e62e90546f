package digest

import (
	"context"
	"fmt"
	"time"

	"github.com/paperwire/paperwire/feed"
)

// metaEpoch is the store's meta key holding its digest epoch (RFC 3339).
//
// The epoch is when the store began to know anything: no period that
// ended at or before it is ever closed, so a first start on a new store
// stores no empty snapshots of days and weeks before Paperwire ran, and
// the oldest archive has no prev-archive. It is recorded once in the
// store's meta, under the closing lease, as the earliest FirstSeen of the
// stored papers (a store filled by `paperwire fetch` before any server
// ran, or one older than this key, keeps its history) or, on an empty
// store, the time of that first close. Stored, it is the same for every
// process sharing the store (Redis) and across restarts; derived anew
// each time from the papers it would move forward as old papers are
// pruned, and an empty store would never close the days it ran empty.
const metaEpoch = "digest-epoch"

// epoch returns the store's epoch, recording it on first use. It returns
// the zero time when another process holds the closing lease (and is
// recording it).
func (c *Closer) epoch(ctx context.Context, now time.Time) (time.Time, error) {
	if e, err := c.storedEpoch(ctx); err != nil || !e.IsZero() {
		return e, err
	}
	ok, err := c.store.Lease(ctx, leaseName, c.cfg.Holder, leaseTTL)
	if err != nil || !ok {
		return time.Time{}, wrapIf("digest lease", err)
	}
	if e, err := c.storedEpoch(ctx); err != nil || !e.IsZero() {
		return e, err // recorded between the read and the lease
	}
	e, err := c.firstSeen(ctx, now)
	if err != nil {
		return time.Time{}, err
	}
	if err := c.store.SetMeta(ctx, metaEpoch, e.Format(time.RFC3339Nano)); err != nil {
		return time.Time{}, fmt.Errorf("record digest epoch: %w", err)
	}
	return e, nil
}

// storedEpoch reads the recorded epoch (zero when none is).
func (c *Closer) storedEpoch(ctx context.Context) (time.Time, error) {
	v, err := c.store.Meta(ctx, metaEpoch)
	if err != nil || v == "" {
		return time.Time{}, wrapIf("read digest epoch", err)
	}
	e, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("store meta %s: %q is not an RFC 3339 time: %w", metaEpoch, v, err)
	}
	return e.UTC(), nil
}

// firstSeen is the earliest FirstSeen of the stored papers, or now when
// none was seen before.
func (c *Closer) firstSeen(ctx context.Context, now time.Time) (time.Time, error) {
	first := now
	err := c.scan(ctx, "the digest epoch", func(p *feed.Paper) {
		if !p.FirstSeen.IsZero() && p.FirstSeen.Before(first) {
			first = p.FirstSeen.UTC()
		}
	})
	return first, err
}

func wrapIf(context string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", context, err)
}
