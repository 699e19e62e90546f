package serve

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"sync"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/render"
)

// maxEntries bounds the cache; ?limit= variants are evicted first.
const maxEntries = 512

// renderTimeout bounds one rendering, whoever asked for it.
const renderTimeout = 15 * time.Second

// Cache holds the rendered feeds and pages per (topic, format, limit).
// An entry stays valid while its topic's store revision is unchanged, so a
// change re-renders each affected representation once, on first demand,
// however many requests arrive at that moment (they wait for the one
// rendering). When the store is unreachable, the last good rendering is
// served.
type Cache struct {
	store   Store
	site    render.Site
	pages   *render.Pages
	topics  map[string]feed.Topic
	logger  *slog.Logger
	metrics *Metrics
	health  *storeHealth
	disk    *lastGoodDisk // nil: last good renderings in memory only
	// onChange is told when a Refresh finds changed revisions (nil: nobody)
	onChange func()

	mu      sync.Mutex
	revs    map[string]uint64
	sources sourceHealth // what the HTML pages say about the sources
	entries map[cacheKey]*cacheEntry
	flight  map[cacheKey]*flight
	// failedUntil: no rendering is tried before it (the store is away)
	failedUntil time.Time
}

type cacheKey struct {
	slug, format string
	limit        int
}

type cacheEntry struct {
	rev uint64
	gen uint64 // sources' health generation (HTML pages only)
	rep *representation
}

type flight struct {
	done   chan struct{}
	rev    uint64        // the revision the rendering is made for
	gen    uint64        // and the sources' health generation
	health render.Health // that generation's health
	rep    *representation
	err    error
}

func newCache(store Store, site render.Site, pages *render.Pages, topics []feed.Topic, logger *slog.Logger, metrics *Metrics) *Cache {
	c := &Cache{
		store: store, site: site, pages: pages, topics: map[string]feed.Topic{}, logger: logger, metrics: metrics,
		health: &storeHealth{logger: logger, gauge: metrics.storeUp},
		revs:   map[string]uint64{}, entries: map[cacheKey]*cacheEntry{}, flight: map[cacheKey]*flight{},
	}
	for _, t := range topics {
		c.topics[t.Slug] = t
	}
	return c
}

// Refresh reads the store's revisions and the sources' states;
// renderings of changed topics (and HTML pages, when a source's health
// changed) are rebuilt on their next request.
func (c *Cache) Refresh(ctx context.Context) error {
	revs, err := c.store.Revisions(ctx)
	if err != nil {
		err = fmt.Errorf("read revisions: %w", err)
	} else {
		err = c.refreshSources(ctx)
	}
	if ctx.Err() == nil {
		c.health.observe(err)
	}
	if err != nil {
		return err
	}
	c.mu.Lock()
	changed := !maps.Equal(c.revs, revs)
	c.revs = revs
	c.failedUntil = time.Time{} // the store answers again: render again
	c.mu.Unlock()
	if changed && c.onChange != nil {
		c.onChange()
	}
	return nil
}

// Revision is the last read value of a store revision counter (a
// topic's, or feed.DigestRevision's).
func (c *Cache) Revision(name string) uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.revs[name]
}

// Watch refreshes every interval until ctx ends: other processes sharing
// the store make changes this one is not told about.
func (c *Cache) Watch(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			c.Refresh(ctx) // a failure is logged once, by the store's health
		}
	}
}

// Get returns the current rendering of a topic in a format ("rss",
// "atom", "json" or "html") with at most limit items.
//
// When rendering fails (the store is away), the last good rendering of
// the feed is served — of another ?limit= if this one never rendered —
// and for failBackoff no new rendering is tried, so that requests do not
// each wait for an unreachable store.
func (c *Cache) Get(ctx context.Context, slug, format string, limit int) (*representation, error) {
	k := cacheKey{slug, format, limit}
	if rep := c.backingOff(k); rep != nil {
		c.metrics.stale.Inc()
		return rep, nil
	}
	old, f, leader := c.join(k)
	if f == nil {
		c.metrics.hits.Inc()
		return old.rep, nil
	}
	if leader {
		c.build(ctx, k, f)
	}
	<-f.done
	if f.err != nil {
		if rep := c.lastGood(k); rep != nil {
			c.metrics.stale.Inc()
			return rep, nil
		}
	}
	return f.rep, f.err
}

// failBackoff is how long a failed rendering stops new attempts.
const failBackoff = 5 * time.Second

// backingOff returns the last good rendering while renderings fail.
func (c *Cache) backingOff(k cacheKey) *representation {
	c.mu.Lock()
	failing := time.Now().Before(c.failedUntil)
	c.mu.Unlock()
	if !failing {
		return nil
	}
	return c.lastGood(k)
}

// lastGood is the feed's newest cached rendering: this variant, else the
// topic's default limit, else any other limit of the same format.
func (c *Cache) lastGood(k cacheKey) *representation {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[k]; e != nil {
		return e.rep
	}
	def := cacheKey{k.slug, k.format, c.topics[k.slug].Limit}
	if e := c.entries[def]; e != nil {
		return e.rep
	}
	for key, e := range c.entries {
		if key.slug == k.slug && key.format == k.format {
			return e.rep
		}
	}
	if rep := c.disk.load(def); rep != nil { // kept by an earlier run
		c.evict(def)
		c.entries[def] = &cacheEntry{rev: fromDisk, gen: fromDisk, rep: rep}
		return rep
	}
	return nil
}

// join returns the cached entry, and unless it is current the flight
// that renders it anew: leader is true for the one caller who renders.
func (c *Cache) join(k cacheKey) (old *cacheEntry, f *flight, leader bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	rev, old := c.revs[k.slug], c.entries[k]
	gen, health := c.sources.current(k.format)
	if old != nil && old.rev == rev && old.gen == gen {
		return old, nil, false
	}
	if running, ok := c.flight[k]; ok {
		return old, running, false
	}
	f = &flight{done: make(chan struct{}), rev: rev, gen: gen, health: health}
	c.flight[k] = f
	return old, f, true
}

// build renders one representation for everyone waiting on f. The
// waiters are released whatever happens, even if rendering panics.
func (c *Cache) build(ctx context.Context, k cacheKey, f *flight) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), renderTimeout)
	defer cancel()
	defer c.land(k, f)
	defer func() {
		if r := recover(); r != nil {
			f.rep, f.err = nil, fmt.Errorf("render %s.%s panicked: %v", k.slug, k.format, r)
		}
	}()
	f.rep, f.err = c.render(ctx, k, f.health)
}

// land stores a successful rendering and releases its waiters.
func (c *Cache) land(k cacheKey, f *flight) {
	c.mu.Lock()
	delete(c.flight, k)
	if f.err == nil {
		c.evict(k)
		c.entries[k] = &cacheEntry{rev: f.rev, gen: f.gen, rep: f.rep}
	} else {
		c.failedUntil = time.Now().Add(failBackoff)
	}
	c.mu.Unlock()
	close(f.done)
	c.health.observe(f.err)
	if f.err == nil {
		c.metrics.renders.WithLabelValues(k.slug, k.format).Inc()
		if k.limit == c.topics[k.slug].Limit {
			c.disk.save(k, f.rep)
		}
	}
}

// evict makes room, dropping ?limit= variants first.
func (c *Cache) evict(k cacheKey) {
	if _, ok := c.entries[k]; ok || len(c.entries) < maxEntries {
		return
	}
	for key := range maps.Keys(c.entries) {
		if key.limit != c.topics[key.slug].Limit || len(c.entries) >= maxEntries {
			delete(c.entries, key)
		}
		if len(c.entries) < maxEntries/2 {
			return
		}
	}
}

func (c *Cache) render(ctx context.Context, k cacheKey, health render.Health) (*representation, error) {
	t, ok := c.topics[k.slug]
	if !ok {
		return nil, fmt.Errorf("topic %q: %w", k.slug, feed.ErrNotFound)
	}
	page, err := buildPage(ctx, c.store, t, k.limit)
	if err != nil {
		return nil, err
	}
	return represent(c.site, page, k.format, func() ([]byte, error) { return c.pages.Topic(page, health) })
}
