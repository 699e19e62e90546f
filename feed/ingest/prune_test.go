package ingest_test

import (
	"context"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/fetch"
	"github.com/paperwire/paperwire/feed/ingest"
)

// Expired papers go unless a topic shows them or pins them; recent ones stay.
func TestPrune(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.ingester(fetch.Options{}).Round(ctx, e.fiveSources(), false)
	old := countPapers(t, e)
	// Two months later, one paper is pinned and one fresh paper arrives.
	if _, err := e.store.Curate(ctx, "segmentation", "arxiv:2403.15892", feed.Pin, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	e.clock.Add(61 * 24 * time.Hour)
	e.ingester(fetch.Options{}).Poll(ctx, e.source("arxiv-api", "arxiv-api.atom", feed.RolePapers), false)
	small := []feed.Topic{{Slug: "all", Limit: 3}, {Slug: "segmentation", Limit: 1}, {Slug: "vision", Limit: 1}}
	pr := ingest.NewPruner(e.store, ingest.PruneConfig{Topics: small, Retention: 60 * 24 * time.Hour, Now: e.clock.Now})
	keep := map[feed.Key]bool{"arxiv:2403.15892": true} // pinned
	for _, tp := range small {
		top, _ := e.store.Top(ctx, tp.Slug, tp.Limit)
		for _, r := range top {
			keep[r.Key] = true
		}
	}
	deleted, err := pr.Prune(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if deleted == 0 || deleted >= old {
		t.Fatalf("pruned %d of %d papers", deleted, old)
	}
	for k := range keep {
		if _, err := e.store.Paper(ctx, k); err != nil {
			t.Errorf("kept paper %s: %v", k, err)
		}
	}
	for _, k := range []feed.Key{"arxiv:2403.01685", "arxiv:hep-th/9901001"} { // refreshed by the API poll
		if _, err := e.store.Paper(ctx, k); err != nil {
			t.Errorf("recently updated paper %s was pruned: %v", k, err)
		}
	}
	if again, _ := pr.Prune(ctx); again != 0 {
		t.Errorf("a second prune deleted %d more", again)
	}
}

func countPapers(t *testing.T, e *env) int {
	n, cursor := 0, ""
	for {
		page, next, err := e.store.Scan(context.Background(), cursor, 100)
		if err != nil {
			t.Fatal(err)
		}
		n += len(page)
		if cursor = next; cursor == "" {
			return n
		}
	}
}
