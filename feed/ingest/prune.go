package ingest

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/paperwire/paperwire/feed"
)

// Pruner keeps storage bounded: papers not updated within the retention
// period and outside every topic's window (its feed, pins included) are
// deleted, and every topic's index is trimmed to a margin past its feed.
// Build it with NewPruner.
type Pruner struct {
	store     PruneStore
	topics    []feed.Topic
	retention time.Duration
	now       func() time.Time
}

// NewPruner returns the pruner of store; it uses cfg's Topics, Retention
// and Now (time.Now when nil).
func NewPruner(store PruneStore, cfg PruneConfig) *Pruner {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Pruner{store: store, topics: cfg.Topics, retention: cfg.Retention, now: cfg.Now}
}

// PruneStore is what pruning needs from storage.
type PruneStore interface {
	Stale(ctx context.Context, cutoff time.Time, n int) ([]feed.Key, error)
	Top(ctx context.Context, slug string, n int) ([]feed.Ranked, error)
	Curation(ctx context.Context, slug string) (feed.Curation, error)
	Delete(ctx context.Context, keys []feed.Key) error
	Trim(ctx context.Context, slug string, keep int) error
}

// prunePage is how many expired papers one step of Prune deletes.
const prunePage = 500

// indexMargin is how many index entries a topic keeps past what its feed
// shows: papers that may climb back without a new event.
const indexMargin = 1000

// Prune deletes expired papers and trims the indexes; it returns how many
// papers it deleted. It reads the store's index of papers by last update
// (Stale), never the papers that stay: each step asks for the oldest
// prunePage papers beyond the ones kept, so it deletes at least
// prunePage of them or is the last step.
func (pr *Pruner) Prune(ctx context.Context) (int, error) {
	keep, err := pr.windows(ctx)
	if err != nil {
		return 0, err
	}
	cutoff := pr.now().Add(-pr.retention)
	deleted := 0
	for {
		n := prunePage + len(keep)
		stale, err := pr.store.Stale(ctx, cutoff, n)
		if err != nil {
			return deleted, fmt.Errorf("prune: %w", err)
		}
		found := len(stale)
		expired := slices.DeleteFunc(stale, func(k feed.Key) bool { return keep[k] })
		if err := pr.store.Delete(ctx, expired); err != nil {
			return deleted, fmt.Errorf("prune: %w", err)
		}
		deleted += len(expired)
		if found < n || len(expired) == 0 {
			return deleted, pr.trim(ctx)
		}
	}
}

// windows collects every paper a feed shows or may show at once: the
// best entries of each topic (enough to fill it past its bans) and its pins.
func (pr *Pruner) windows(ctx context.Context) (map[feed.Key]bool, error) {
	keep := map[feed.Key]bool{}
	for _, t := range pr.topics {
		cur, err := pr.store.Curation(ctx, t.Slug)
		if err != nil {
			return nil, fmt.Errorf("prune: %w", err)
		}
		top, err := pr.store.Top(ctx, t.Slug, t.Limit+len(cur.Pins)+len(cur.Bans))
		if err != nil {
			return nil, fmt.Errorf("prune: %w", err)
		}
		for _, r := range top {
			keep[r.Key] = true
		}
		for _, k := range cur.Pins {
			keep[k] = true
		}
	}
	return keep, nil
}

func (pr *Pruner) trim(ctx context.Context) error {
	for _, t := range pr.topics {
		cur, err := pr.store.Curation(ctx, t.Slug)
		if err != nil {
			return fmt.Errorf("prune: %w", err)
		}
		if err := pr.store.Trim(ctx, t.Slug, t.Limit+len(cur.Pins)+len(cur.Bans)+indexMargin); err != nil {
			return fmt.Errorf("prune: %w", err)
		}
	}
	return nil
}
