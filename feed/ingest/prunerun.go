package ingest

import (
	"cmp"
	"context"
	"log/slog"
	"time"

	"github.com/paperwire/paperwire/feed"
)

// PruneConfig is what a pruning loop is built with.
type PruneConfig struct {
	Topics    []feed.Topic
	Retention time.Duration    // papers not updated for this long may go
	Every     time.Duration    // how often to prune (DefaultPruneEvery when 0)
	Holder    string           // lease holder id: one process of those sharing a store prunes
	Now       func() time.Time // time.Now when nil
}

// DefaultPruneEvery is how often expired papers are pruned.
const DefaultPruneEvery = time.Hour

// PruneLoop prunes on a schedule, under a lease shared by every process
// of one store. Build it with NewPruneLoop.
type PruneLoop struct {
	pruner *Pruner
	leases LeaseStore
	every  time.Duration
	holder string
	logger *slog.Logger
}

// LeaseStore is what a pruning loop needs from storage.
type LeaseStore interface {
	PruneStore
	Lease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
}

// NewPruneLoop returns the pruning loop of store.
func NewPruneLoop(store LeaseStore, cfg PruneConfig, logger *slog.Logger) *PruneLoop {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &PruneLoop{
		pruner: NewPruner(store, cfg),
		leases: store, every: cmp.Or(cfg.Every, DefaultPruneEvery), holder: cfg.Holder, logger: logger,
	}
}

// Run prunes now and every interval after, when this process holds the
// prune lease, until ctx ends. It returns nil then: a failed round is
// logged and tried again at the next.
func (l *PruneLoop) Run(ctx context.Context) error {
	t := time.NewTicker(l.every)
	defer t.Stop()
	for {
		l.round(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

func (l *PruneLoop) round(ctx context.Context) {
	ok, err := l.leases.Lease(ctx, "prune", l.holder, l.every-l.every/60)
	if err != nil || !ok {
		return
	}
	n, err := l.pruner.Prune(ctx)
	if err != nil && ctx.Err() == nil {
		l.logger.Warn("prune failed", "err", err)
	} else if n > 0 {
		l.logger.Info("pruned expired papers", "papers", n)
	}
}
