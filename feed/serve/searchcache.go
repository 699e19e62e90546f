package serve

import (
	"container/list"
	"context"
	"fmt"
	"log/slog"
	"sync"

	"github.com/paperwire/paperwire/feed/render"
	"github.com/paperwire/paperwire/feed/topic"
)

// SearchLimits bound the query cache: a crawler walking random queries
// evicts older entries, never grows memory past them.
type SearchLimits struct {
	Entries int // renderings kept
	Bytes   int // their plain and gzip bytes together
}

// DefaultSearchLimits keep up to 1,000 renderings in at most 64 MiB.
var DefaultSearchLimits = SearchLimits{Entries: 1000, Bytes: 64 << 20}

// SearchCache holds rendered query feeds and pages per (canonical query,
// format, limit), least recently used first out. An entry is current
// while the index version it was rendered at is; equivalent queries share
// one entry, so one ETag. Concurrent requests for one missing entry wait
// for one rendering.
type SearchCache struct {
	index   Searcher
	site    render.Site
	pages   *render.Pages
	limits  SearchLimits
	logger  *slog.Logger
	metrics *Metrics

	mu      sync.Mutex
	lru     *list.List // of *searchEntry, most recent first
	entries map[searchKey]*list.Element
	bytes   int
	flight  map[searchKey]*searchFlight
}

type searchKey struct {
	query, format string
	limit         int
}

type searchEntry struct {
	key     searchKey
	version uint64
	rep     *representation
}

type searchFlight struct {
	done chan struct{}
	rep  *representation
	err  error
}

// newSearchCache returns an empty cache of the queries idx answers.
func newSearchCache(idx Searcher, site render.Site, pages *render.Pages, limits SearchLimits, logger *slog.Logger, metrics *Metrics) *SearchCache {
	if limits == (SearchLimits{}) {
		limits = DefaultSearchLimits
	}
	return &SearchCache{
		index: idx, site: site, pages: pages, limits: limits, logger: logger, metrics: metrics,
		lru: list.New(), entries: map[searchKey]*list.Element{}, flight: map[searchKey]*searchFlight{},
	}
}

// Get returns the current rendering of a query in a format ("rss",
// "atom", "json" or "html") with at most limit items. When rendering
// fails, the last rendering of the same query is served if there is one.
func (c *SearchCache) Get(ctx context.Context, q *topic.Query, format string, limit int) (*representation, error) {
	k := searchKey{q.String(), format, limit}
	rep, f, leader := c.join(k)
	if f == nil {
		c.metrics.searchCache.WithLabelValues("hit").Inc()
		return rep, nil
	}
	if leader {
		c.build(ctx, k, q, f)
	}
	<-f.done
	if f.err != nil && rep != nil {
		c.metrics.searchCache.WithLabelValues("stale").Inc()
		return rep, nil
	}
	return f.rep, f.err
}

// join returns the cached rendering, and unless it is current the flight
// that renders it anew (leader: the caller renders).
func (c *SearchCache) join(k searchKey) (rep *representation, f *searchFlight, leader bool) {
	version := c.index.Version()
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[k]; ok {
		e := el.Value.(*searchEntry)
		rep = e.rep
		if e.version == version {
			c.lru.MoveToFront(el)
			return rep, nil, false
		}
	}
	if running, ok := c.flight[k]; ok {
		return rep, running, false
	}
	f = &searchFlight{done: make(chan struct{})}
	c.flight[k] = f
	return rep, f, true
}

// build renders for everyone waiting on f, whatever happens.
func (c *SearchCache) build(ctx context.Context, k searchKey, q *topic.Query, f *searchFlight) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), renderTimeout)
	defer cancel()
	var version uint64
	defer func() {
		if r := recover(); r != nil {
			f.rep, f.err = nil, fmt.Errorf("render query %q panicked: %v", k.query, r)
		}
		c.land(k, version, f)
	}()
	f.rep, version, f.err = c.render(ctx, q, k)
}

// land keeps a successful rendering, evicting the least recently used
// beyond the limits, and releases the waiters.
func (c *SearchCache) land(k searchKey, version uint64, f *searchFlight) {
	c.mu.Lock()
	delete(c.flight, k)
	if f.err == nil {
		c.remove(k)
		c.entries[k] = c.lru.PushFront(&searchEntry{key: k, version: version, rep: f.rep})
		c.bytes += f.rep.size()
		for c.lru.Len() > 1 && (c.lru.Len() > c.limits.Entries || c.bytes > c.limits.Bytes) {
			c.remove(c.lru.Back().Value.(*searchEntry).key)
		}
		c.metrics.searchEntries.Set(float64(c.lru.Len()))
		c.metrics.searchBytes.Set(float64(c.bytes))
	}
	c.mu.Unlock()
	close(f.done)
	if f.err != nil {
		c.logger.Warn("render failed", "query", k.query, "format", k.format, "err", f.err)
		return
	}
	c.metrics.searchRenders.WithLabelValues(k.format).Inc()
}

func (c *SearchCache) remove(k searchKey) {
	if el, ok := c.entries[k]; ok {
		c.bytes -= el.Value.(*searchEntry).rep.size()
		c.lru.Remove(el)
		delete(c.entries, k)
	}
}

func (c *SearchCache) render(ctx context.Context, q *topic.Query, k searchKey) (*representation, uint64, error) {
	page, version, err := searchPage(ctx, c.index, q, k.limit)
	if err != nil {
		return nil, 0, err
	}
	rep, err := represent(c.site, page, k.format, func() ([]byte, error) { return c.pages.Search(page, "", "") })
	return rep, version, err
}
