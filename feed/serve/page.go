package serve

import (
	"context"
	"fmt"
	"slices"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/render"
)

// BuildPage reads a topic's current items: pinned papers first, in pin
// order, then the best-ranked papers that are neither pinned nor banned.
func BuildPage(ctx context.Context, store Store, t feed.Topic, limit int) (render.Page, error) {
	cur, err := store.Curation(ctx, t.Slug)
	if err != nil {
		return render.Page{}, fmt.Errorf("read curation of %s: %w", t.Slug, err)
	}
	ranked, err := store.Top(ctx, t.Slug, limit+len(cur.Pins)+len(cur.Bans))
	if err != nil {
		return render.Page{}, fmt.Errorf("read ranking of %s: %w", t.Slug, err)
	}
	keys := slices.Clone(cur.Pins)
	for _, r := range ranked {
		if !slices.Contains(cur.Bans, r.Key) && !slices.Contains(cur.Pins, r.Key) {
			keys = append(keys, r.Key)
		}
	}
	keys = keys[:min(len(keys), limit)]
	papers, err := store.Papers(ctx, keys)
	if err != nil {
		return render.Page{}, fmt.Errorf("read papers of %s: %w", t.Slug, err)
	}
	page := render.Page{Topic: t, Updated: cur.ChangedAt}
	for _, p := range papers {
		page.Items = append(page.Items, render.Item{Paper: p, Pinned: slices.Contains(cur.Pins, p.Key)})
		if p.Updated.After(page.Updated) {
			page.Updated = p.Updated
		}
	}
	for i := range page.Items {
		page.Items[i].ScoreAt = page.Updated // one time for all: shown scores follow the order
	}
	return page, nil
}
