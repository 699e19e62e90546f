// Package serve is Paperwire's HTTP side: topic feeds with the caching
// pollers rely on (strong ETags, Last-Modified, 304, pre-compressed gzip),
// HTML pages with autodiscovery, OPML, the paper API, health and metrics.
// Every route is listed in routes.go.
package serve

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/render"
)

// Store is what serving needs from storage.
type Store interface {
	Top(ctx context.Context, slug string, n int) ([]feed.Ranked, error)
	Papers(ctx context.Context, keys []feed.Key) ([]*feed.Paper, error)
	Paper(ctx context.Context, key feed.Key) (*feed.Paper, error)
	Curation(ctx context.Context, slug string) (feed.Curation, error)
	Revisions(ctx context.Context) (map[string]uint64, error)
	SourceState(ctx context.Context, name string) (feed.SourceState, error)
	Ping(ctx context.Context) error
}

// Config wires a server.
type Config struct {
	Site    render.Site
	Topics  []feed.Topic
	Sources []feed.Source // shown on /status, and in pages when they fail
	Store   Store
	Cache   *Cache
	Metrics *Metrics
	Logger  *slog.Logger
	Now     func() time.Time
}

type server struct {
	Config
	topics map[string]feed.Topic
	pages  *render.Pages
	opml   *representation

	mu       sync.Mutex
	index    *representation // of the sources' health generation indexGen
	indexGen uint64
}

// NewServer returns the HTTP handler for every route.
func NewServer(cfg Config) (http.Handler, error) {
	cfg = cfg.withDefaults()
	s := &server{Config: cfg, topics: map[string]feed.Topic{}}
	for _, t := range cfg.Topics {
		s.topics[t.Slug] = t
	}
	var err error
	if s.pages, err = render.NewPages(cfg.Site); err != nil {
		return nil, err
	}
	cfg.Cache.setSources(cfg.Sources)
	if err := cfg.Metrics.reg.Register(sourceCollector{cfg.Cache}); err != nil {
		return nil, fmt.Errorf("register source metrics: %w", err)
	}
	if err := s.prerender(); err != nil {
		return nil, err
	}
	return s.routes(), nil
}

// withDefaults fills in what a caller may leave out.
func (c Config) withDefaults() Config {
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Metrics == nil {
		c.Metrics = NewMetrics(Build{})
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
