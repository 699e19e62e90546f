// Package serve is Paperwire's HTTP side: topic feeds with the caching
// pollers rely on (strong ETags, Last-Modified, 304, pre-compressed gzip),
// HTML pages with autodiscovery, OPML, the paper API, health and metrics.
// Every route is listed in routes.go.
package serve

import (
	"context"
	"log/slog"
	"net/http"
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
	Ping(ctx context.Context) error
}

// Config wires a server.
type Config struct {
	Site    render.Site
	Topics  []feed.Topic
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
	index  *representation
	opml   *representation
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

// prerender builds the pages that depend on the configuration only.
func (s *server) prerender() error {
	index, err := s.pages.Index(s.Topics)
	if err != nil {
		return err
	}
	s.index = newRepresentation(index, "text/html; charset=utf-8", time.Time{})
	opml, err := s.Site.OPML(s.Topics)
	if err != nil {
		return err
	}
	s.opml = newRepresentation(opml, "text/x-opml; charset=utf-8", time.Time{})
	return nil
}
