package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/paperwire/paperwire/config"
	"github.com/paperwire/paperwire/feed/digest"
	"github.com/paperwire/paperwire/feed/github"
	"github.com/paperwire/paperwire/feed/ingest"
	"github.com/paperwire/paperwire/feed/serve"
)

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
	defer a.close()
	metrics := serve.NewMetrics(build())
	srv, err := serve.New(a.store, serve.Config{
		Site: a.site, Topics: a.cfg.FeedTopics, Sources: a.cfg.FeedSources, Metrics: metrics,
		LastGoodDir: lastGoodDir(a.cfg),
	}, a.logger)
	if err != nil {
		return err
	}
	a.logger.Info("serving", "addr", ln.Addr().String(), "base_url", a.cfg.BaseURL, "sources", len(a.cfg.Sources), "topics", len(a.cfg.Topics))
	holder := holderID()
	a.ingester = a.newIngester(ingest.Config{
		Holder:   holder,
		OnChange: func() { srv.Refresh(ctx) },
		OnReport: func(r ingest.Report) { countReport(metrics, r) },
	})
	pruner := ingest.NewPruneLoop(a.store, ingest.PruneConfig{
		Topics: a.cfg.FeedTopics, Retention: a.cfg.Storage.Retention.D(), Holder: holder,
	}, a.logger)
	gm := github.NewMetrics(metrics.Registry())
	if a.signals, err = a.githubPoller(holder, github.DefaultEvery, gm.Request); err != nil {
		return err
	}
	a.onSignals = func(r github.Report) {
		gm.Pass(r)
		if r.Changed > 0 {
			srv.Refresh(ctx)
		}
	}
	return a.runServer(ctx, ln, srv, pruner, a.closer(srv, holder))
}

// runServer serves HTTP and polls sources until ctx ends, then shuts
// down gracefully.
func (a *app) runServer(ctx context.Context, ln net.Listener, h *serve.Server, pruner *ingest.PruneLoop, closer *digest.Closer) error {
	srv := serve.NewHTTPServer(h, serve.DefaultLimits())
	h.Refresh(ctx) // a store that does not answer is logged by the server, once
	done := make(chan struct{})
	go func() {
		defer close(done)
		go h.Watch(ctx)
		if !a.reindexUntilDone(ctx) {
			return
		}
		go pruner.Run(ctx)
		go closer.Run(ctx, time.After)
		signals := make(chan struct{})
		go func() {
			defer close(signals) // a pass ends before the store closes
			if a.signals != nil {
				a.signalLoop(ctx, a.signals, a.onSignals)
			}
		}()
		a.ingester.Run(ctx, a.cfg.FeedSources)
		<-signals
	}()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	a.logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	err := srv.Shutdown(shutdownCtx)
	<-done
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// countReport turns a poll report into metrics.
func countReport(m *serve.Metrics, r ingest.Report) {
	m.Polled(r.Source, r.Status, r.Items, r.New, r.Merged)
}

// closer closes the digest periods of every topic as they end, and any
// missed while no server ran.
func (a *app) closer(srv *serve.Server, holder string) *digest.Closer {
	return &digest.Closer{
		Store: a.store, Topics: a.cfg.FeedTopics, Items: a.cfg.Publish.Digest.Items, Entry: a.site.DigestEntry,
		Holder: holder, Logger: a.logger, Now: a.now,
		OnClose: func() { srv.Refresh(context.Background()) },
	}
}

// reindexUntilDone refiles papers after a topic change, retrying while
// the store is away; it reports false when ctx ended first. The wait is
// logged once, not at every retry.
func (a *app) reindexUntilDone(ctx context.Context) bool {
	for waiting := false; ; waiting = true {
		err := a.reindex(ctx)
		if err == nil {
			if waiting {
				a.logger.Info("store answers: polling starts")
			}
			return true
		}
		if !waiting {
			a.logger.Warn("store not ready; polling waits for it", "err", err)
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(5 * time.Second):
		}
	}
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
