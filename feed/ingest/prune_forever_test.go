package ingest_test

import (
	"context"
	"testing"
	"time"

	"github.com/paperwire/paperwire/config"
	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/fetch"
	"github.com/paperwire/paperwire/feed/ingest"
)

// "storage.retention: forever" keeps every paper, however old, even
// outside every topic's feed.
func TestPruneRetentionForever(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.ingester(fetch.Options{}).Round(ctx, e.fiveSources(), false)
	before := countPapers(t, e)
	e.clock.Add(50 * 365 * 24 * time.Hour)
	pr := ingest.NewPruner(e.store, ingest.PruneConfig{Topics: []feed.Topic{{Slug: "all", Limit: 1}}, Retention: config.Forever.D(), Now: e.clock.Now})
	if deleted, err := pr.Prune(ctx); err != nil || deleted != 0 {
		t.Fatalf("retention forever pruned %d papers: %v", deleted, err)
	}
	if after := countPapers(t, e); after != before {
		t.Errorf("%d papers before, %d after", before, after)
	}
}
