package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/paperwire/paperwire/config"
	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/digest"
	"github.com/paperwire/paperwire/feed/github"
	"github.com/paperwire/paperwire/feed/ingest"
	"github.com/paperwire/paperwire/feed/serve"
)

// shutdownGrace bounds a graceful stop: requests in flight get this long
// to finish once SIGINT or SIGTERM has arrived.
const shutdownGrace = 10 * time.Second

// serve runs the service until ctx ends (SIGINT or SIGTERM, see
// withSignals). It reads as the table of contents of a running Paperwire:
//
//	start: config → listener → store → server (owns the render cache) → ingester, pruner
//	run:   one errgroup: HTTP, the cache watcher, reindex then the poll
//	       loop, the pruner, the GitHub signal poller and the digest
//	       closer; the SIGHUP logger
//	stop:  ctx ends (or one goroutine fails) → HTTP stops accepting and
//	       drains for at most shutdownGrace while the loops return →
//	       the group is done → the store closes, last
//
// See ARCHITECTURE.md §6.
func (e *env) serve(ctx context.Context, args []string) error {
	_, cfgPath, err := e.flags("serve", args, nil)
	if err != nil {
		return err
	}
	cfg, err := config.Load(*cfgPath, e.getenv)
	if err != nil {
		return err
	}
	// Config valid, then the port, then the store: a failed listen
	// leaves no new store behind.
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Listen, err)
	}
	defer ln.Close()
	logger := e.logger()
	for _, w := range cfg.Warnings {
		logger.Warn("config: " + w)
	}
	a, err := e.openStore(ctx, cfg, logger, true)
	if err != nil {
		return err
	}
	defer a.close() // after every goroutine of the group has returned
	s, err := a.service(ctx)
	if err != nil {
		return err
	}
	a.logger.Info("serving", "addr", ln.Addr().String(), "base_url", cfg.BaseURL, "sources", len(cfg.Sources), "topics", len(cfg.Topics))
	err = s.run(ctx, ln)
	a.logger.Info("stopped")
	return err
}

// service is every long-lived part of `serve`, built once.
type service struct {
	http     *http.Server
	server   *serve.Server
	ingester *ingest.Ingester
	pruner   *ingest.PruneLoop
	sources  []feed.Source
	logger   *slog.Logger
	// signals is the GitHub poller (nil when off); onSignals sees its passes.
	signals   *github.Poller
	onSignals func(github.Report)
	closer    *digest.Closer
	push      *pusher // the WebSub hub or the pinger of an external hub
}

// service builds the parts over the open store.
func (a *app) service(ctx context.Context) (*service, error) {
	metrics := serve.NewMetrics(build())
	var push *pusher // set before the server runs
	srv, err := serve.New(a.store, serve.Config{
		Site: a.site, Topics: a.cfg.FeedTopics, Sources: a.cfg.FeedSources, Metrics: metrics,
		LastGoodDir: lastGoodDir(a.cfg), OnChange: func() { push.changed() }, WatchEvery: a.every.watch,
	}, a.logger)
	if err != nil {
		return nil, err
	}
	holder := holderID()
	if push, err = a.newPusher(srv, metrics.Registry(), holder); err != nil {
		return nil, err
	}
	gm := github.NewMetrics(metrics.Registry())
	signals, err := a.githubPoller(holder, github.DefaultEvery, gm.Request)
	if err != nil {
		return nil, err
	}
	return &service{
		http:   serve.NewHTTPServer(push.handler(srv), serve.DefaultLimits()),
		push:   push,
		server: srv,
		ingester: a.newIngester(ingest.Config{
			Holder:   holder,
			OnChange: func() { srv.Refresh(ctx) },
			OnReport: func(r ingest.Report) { countReport(metrics, r) },
		}),
		pruner: ingest.NewPruneLoop(a.store, ingest.PruneConfig{
			Topics: a.cfg.FeedTopics, Retention: a.cfg.Storage.Retention.D(), Holder: holder,
		}, a.logger),
		sources: a.cfg.FeedSources,
		logger:  a.logger,
		signals: signals,
		closer:  a.closer(srv, holder, digest.NewMetrics(metrics.Registry())),
		onSignals: func(r github.Report) {
			gm.Pass(r)
			if r.Changed > 0 {
				srv.Refresh(ctx)
			}
		},
	}, nil
}

// run starts every goroutine of the service under one errgroup and
// returns once all of them have stopped: when ctx ends, or when one of
// them fails (which stops the others).
func (s *service) run(ctx context.Context, ln net.Listener) error {
	s.server.Refresh(ctx) // a store that does not answer is logged by the server, once
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	g, ctx := errgroup.WithContext(ctx)
	filed := make(chan struct{}) // closed once papers are filed under the current topic rules
	g.Go(func() error { return serveHTTP(s.http, ln) })
	g.Go(func() error { return shutdownWhenDone(ctx, s.http, shutdownGrace) })
	g.Go(func() error { return s.server.Watch(ctx) })
	g.Go(func() error { return s.push.run(ctx) })
	g.Go(func() error { return s.ingester.ReindexWhenReady(ctx, filed) })
	g.Go(func() error {
		return after(ctx, filed, func(ctx context.Context) error { return s.ingester.Run(ctx, s.sources) })
	})
	g.Go(func() error { return after(ctx, filed, s.pruner.Run) })
	if s.signals != nil {
		g.Go(func() error { return after(ctx, filed, s.runSignals) })
	}
	g.Go(func() error { return after(ctx, filed, s.closeDigests) })
	g.Go(func() error { return ignoreHangups(ctx, hup, s.logger) })
	return g.Wait()
}

// serveHTTP serves until Shutdown.
func serveHTTP(srv *http.Server, ln net.Listener) error {
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// shutdownWhenDone stops the HTTP server once ctx ends: no new
// connections, and requests in flight get grace to finish before their
// connections are closed.
func shutdownWhenDone(ctx context.Context, srv *http.Server, grace time.Duration) error {
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// after runs fn once ready is closed, unless ctx ends first.
func after(ctx context.Context, ready <-chan struct{}, fn func(context.Context) error) error {
	select {
	case <-ready:
		return fn(ctx)
	case <-ctx.Done():
		return nil
	}
}

// ignoreHangups logs each SIGHUP until ctx ends. The configuration is
// read once at start; a SIGHUP (a closed terminal, a `systemctl reload`)
// must neither kill the service nor pretend to reload it.
func ignoreHangups(ctx context.Context, hup <-chan os.Signal, logger *slog.Logger) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-hup:
			logger.Warn("SIGHUP ignored: the configuration is read at start; restart to apply changes")
		}
	}
}

// runSignals runs the GitHub poller every github.DefaultEvery until ctx
// ends.
func (s *service) runSignals(ctx context.Context) error {
	t := time.NewTicker(github.DefaultEvery)
	defer t.Stop()
	s.signals.Run(ctx, t.C, s.onSignals)
	return nil
}

// closeDigests closes digest periods as they end until ctx ends.
func (s *service) closeDigests(ctx context.Context) error { return s.closer.Run(ctx, time.After) }

// countReport turns a poll report into metrics.
func countReport(m *serve.Metrics, r ingest.Report) {
	m.Polled(r.Source, r.Status, r.Items, r.New, r.Merged)
}

// closer closes the digest periods of every topic as they end, and any
// missed while no server ran.
func (a *app) closer(srv *serve.Server, holder string, m *digest.Metrics) *digest.Closer {
	return digest.New(a.store, digest.Config{
		Topics: a.cfg.FeedTopics, Items: a.cfg.Publish.Digest.Items, Params: a.site.Params, Entry: a.site.DigestEntry,
		Holder: holder, Metrics: m, Now: a.now,
		OnClose: func() { srv.Refresh(context.Background()) },
	}, a.logger)
}

// lastGoodDir is where a server on Redis keeps the last good rendering of
// every feed, beside the embedded store's file (the data volume), so a
// restart during a Redis outage still serves them. The embedded store is
// never away: it needs none.
func lastGoodDir(cfg *config.Config) string {
	if cfg.Storage.Redis == "" {
		return ""
	}
	return filepath.Join(filepath.Dir(cfg.Storage.Path), "renderings")
}
