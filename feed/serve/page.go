package serve

import (
	"context"
	"fmt"
	"slices"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/render"
)

// buildPage reads a topic's current items: pinned papers first, in pin
// order, then the best-ranked papers that are neither pinned nor banned.
func buildPage(ctx context.Context, store Store, t feed.Topic, limit int) (render.Page, error) {
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
	}
	date(&page)
	return page, nil
}

// date sets the page's time to its newest change (the papers' or the one
// it has already) and values every item's score at it: one time for all,
// so that shown scores follow the order.
func date(page *render.Page) {
	for _, it := range page.Items {
		if it.Paper.Updated.After(page.Updated) {
			page.Updated = it.Paper.Updated
		}
	}
	for i := range page.Items {
		page.Items[i].ScoreAt = page.Updated
	}
}

// represent renders a page as a feed format, or as HTML with html.
func represent(site render.Site, page render.Page, format string, html func() ([]byte, error)) (*representation, error) {
	if format == "html" {
		body, err := html()
		return newRepresentation(body, "text/html; charset=utf-8", page.Updated), err
	}
	body, err := site.Feed(format, page)
	if err != nil {
		return nil, err
	}
	rep := newRepresentation(body, render.ContentType(format), page.Updated)
	return rep.withLink(site.LinkHeader(site.PageFeedURL(page, format))), nil
}
