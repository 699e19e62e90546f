// Package serve is Paperwire's HTTP side: topic feeds with the caching
// pollers rely on (strong ETags, Last-Modified, 304, pre-compressed gzip),
// HTML pages with autodiscovery, OPML, the paper API, health and metrics.
// Every route is listed in routes.go.
package serve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/render"
	"github.com/paperwire/paperwire/feed/search"
)

// Store is what serving needs from storage.
type Store interface {
	Top(ctx context.Context, slug string, n int) ([]feed.Ranked, error)
	Papers(ctx context.Context, keys []feed.Key) ([]*feed.Paper, error)
	Paper(ctx context.Context, key feed.Key) (*feed.Paper, error)
	Curation(ctx context.Context, slug string) (feed.Curation, error)
	Revisions(ctx context.Context) (map[string]uint64, error)
	SourceStates(ctx context.Context, names []string) ([]feed.SourceState, error)
	Digests(ctx context.Context, slug string, kind feed.DigestKind, n int) ([]feed.Digest, error)
	Digest(ctx context.Context, slug string, kind feed.DigestKind, period string) (feed.Digest, error)
	Ping(ctx context.Context) error
}

// Config is what a Server is built with. Zero values take the defaults
// noted on each field.
type Config struct {
	Site       render.Site
	Topics     []feed.Topic
	Sources    []feed.Source    // shown on /status, and in pages when they fail
	Metrics    *Metrics         // NewMetrics(Build{}) when nil
	Now        func() time.Time // time.Now when nil; the paper API's "now" score
	WatchEvery time.Duration    // how often Watch rereads the store's revisions (DefaultWatchEvery when 0)
	Search     SearchLimits     // bounds of the query feed cache (DefaultSearchLimits when zero)
	// LastGoodDir keeps the last good rendering of every feed on disk, so
	// that a restart while the store is away still serves it ("": memory
	// only).
	LastGoodDir string
	// OnChange is called after a Refresh found changed revisions (this
	// process's change or another's): feeds may render anew. It must not
	// block; the WebSub hub hooks here.
	OnChange func()
}

// DefaultWatchEvery is how often a server rereads the store's revisions,
// for changes made by other processes sharing it.
const DefaultWatchEvery = time.Second

// Server answers every route of ARCHITECTURE.md §D7 from the renderings it caches.
// Build it with New; it does not change after that.
type Server struct {
	handler http.Handler
	cache   *Cache
	index   *search.Follower // nil when the store has no change log: no query feeds
	every   time.Duration
}

// New returns the server of the configured topics over store. It parses
// the page templates once and owns the render cache; call Refresh after
// a change this process made and run Watch for the changes of others.
func New(store Store, cfg Config, logger *slog.Logger) (*Server, error) {
	cfg = cfg.withDefaults()
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	pages, err := render.NewPages(cfg.Site)
	if err != nil {
		return nil, err
	}
	cache := newCache(store, cfg.Site, pages, cfg.Topics, logger, cfg.Metrics)
	cache.disk = newLastGoodDisk(cfg.LastGoodDir, logger)
	cache.setSources(cfg.Sources)
	cache.onChange = cfg.OnChange
	if err := cfg.Metrics.reg.Register(sourceCollector{cache}); err != nil {
		return nil, fmt.Errorf("register source metrics: %w", err)
	}
	s := &server{Config: cfg, Store: store, Cache: cache, Logger: logger, pages: pages, topics: map[string]feed.Topic{}}
	s.digests = &digestCache{revs: cache, store: store, site: cfg.Site, entries: map[digestKey]*cacheEntry{}}
	for _, t := range cfg.Topics {
		s.topics[t.Slug] = t
	}
	var index *search.Follower
	if st, ok := store.(search.Store); ok {
		index = search.NewFollower(st, logger)
		s.Searches = newSearchCache(index, cfg.Site, pages, cfg.Search, logger, cfg.Metrics)
	}
	if err := s.prerender(); err != nil {
		return nil, err
	}
	return &Server{handler: s.routes(), cache: cache, index: index, every: cfg.WatchEvery}, nil
}

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Refresh rereads the store's revisions, and the changes of papers once
// the search index is built: renderings of changed topics and queries
// are rebuilt on their next request.
func (s *Server) Refresh(ctx context.Context) error {
	err := s.cache.Refresh(ctx)
	if s.index != nil && s.index.Ready() {
		err = errors.Join(err, s.index.Sync(ctx))
	}
	return err
}

// Watch refreshes every WatchEvery until ctx ends: other processes
// sharing the store make changes this one is not told about. The search
// index is followed once the first query has built it.
func (s *Server) Watch(ctx context.Context) error {
	var g errgroup.Group
	if s.index != nil {
		g.Go(func() error { s.index.Watch(ctx, s.every); return nil })
	}
	g.Go(func() error { s.cache.Watch(ctx, s.every); return nil })
	return g.Wait()
}

// server holds what the handlers share.
type server struct {
	Config
	Store  Store
	Cache  *Cache
	Logger *slog.Logger
	topics map[string]feed.Topic
	pages  *render.Pages
	opml   *representation
	// Searches answers query feeds (ARCHITECTURE.md §D11); nil: /search is 404.
	Searches *SearchCache
	// searchForm is /search without a query: the form and how to search.
	searchForm *representation

	mu       sync.Mutex
	index    *representation // of the sources' health generation indexGen
	indexGen uint64

	digests *digestCache
}

// withDefaults fills in what a caller may leave out.
func (c Config) withDefaults() Config {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Metrics == nil {
		c.Metrics = NewMetrics(Build{})
	}
	if c.WatchEvery <= 0 {
		c.WatchEvery = DefaultWatchEvery
	}
	return c
}

// prerender builds the pages that depend on the configuration only, and
// the index as it is before anything is known of the sources.
func (s *server) prerender() error {
	if _, err := s.indexPage(); err != nil {
		return err
	}
	opml, err := s.Site.OPML(s.Topics)
	if err != nil {
		return err
	}
	s.opml = newRepresentation(opml, "text/x-opml; charset=utf-8", time.Time{})
	form, err := s.pages.Search(render.Page{}, "", "")
	if err != nil {
		return err
	}
	s.searchForm = newRepresentation(form, "text/html; charset=utf-8", time.Time{})
	return nil
}

// indexPage is the index as of the sources' current health, rendered
// again only when that changes.
func (s *server) indexPage() (*representation, error) {
	gen, health := s.Cache.healthNow()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.index != nil && s.indexGen == gen {
		return s.index, nil
	}
	body, err := s.pages.Index(s.Topics, health)
	if err != nil {
		return s.index, err
	}
	s.index, s.indexGen = newRepresentation(body, "text/html; charset=utf-8", time.Time{}), gen
	return s.index, nil
}
