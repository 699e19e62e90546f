package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/paperwire/paperwire/config"
	"github.com/paperwire/paperwire/feed/ingest"
	"github.com/paperwire/paperwire/feed/serve"
)

// cacheWatch is how often a server rereads the store's revisions, for
// changes made by other processes sharing it.
const cacheWatch = time.Second

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
	handler, cache, err := a.handler(metrics)
	if err != nil {
		return err
	}
	a.logger.Info("serving", "addr", ln.Addr().String(), "base_url", a.cfg.BaseURL, "sources", len(a.cfg.Sources), "topics", len(a.cfg.Topics))
	a.ingester.Holder = holderID()
	a.ingester.OnChange = func() { cache.Refresh(ctx) }
	a.ingester.OnReport = func(r ingest.Report) { countReport(metrics, r) }
	return a.runServer(ctx, ln, handler, cache)
}

func (a *app) handler(metrics *serve.Metrics) (http.Handler, *serve.Cache, error) {
	topics := a.cfg.FeedTopics()
	cache, err := serve.NewCache(a.store, a.site, topics, a.logger, metrics)
	if err != nil {
		return nil, nil, err
	}
	h, err := serve.NewServer(serve.Config{
		Site: a.site, Topics: topics, Sources: a.cfg.FeedSources(), Store: a.store, Cache: cache, Metrics: metrics, Logger: a.logger, Now: time.Now,
	})
	return h, cache, err
}

// runServer serves HTTP and polls sources until ctx ends, then shuts
// down gracefully.
func (a *app) runServer(ctx context.Context, ln net.Listener, h http.Handler, cache *serve.Cache) error {
	srv := serve.NewHTTPServer(h, serve.DefaultLimits())
	if err := cache.Refresh(ctx); err != nil {
		a.logger.Warn("store not ready", "err", err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		go cache.Watch(ctx, cacheWatch)
		if !a.reindexUntilDone(ctx) {
			return
		}
		go a.pruneLoop(ctx)
		a.ingester.Run(ctx, a.cfg.FeedSources())
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

// pruneEvery is how often expired papers are pruned (by one process of
// those sharing a store: the one holding the lease).
const pruneEvery = time.Hour

func (a *app) pruneLoop(ctx context.Context) {
	pr := &ingest.Pruner{Store: a.store, Topics: a.cfg.FeedTopics(), Retention: a.cfg.Storage.Retention.D(), Now: time.Now}
	t := time.NewTicker(pruneEvery)
	defer t.Stop()
	for {
		if ok, err := a.store.Lease(ctx, "prune", a.ingester.Holder, pruneEvery-time.Minute); err == nil && ok {
			n, err := pr.Prune(ctx)
			if err != nil && ctx.Err() == nil {
				a.logger.Warn("prune failed", "err", err)
			} else if n > 0 {
				a.logger.Info("pruned expired papers", "papers", n)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// reindexUntilDone refiles papers after a topic change, retrying while
// the store is away; it reports false when ctx ended first.
func (a *app) reindexUntilDone(ctx context.Context) bool {
	for {
		err := a.reindex(ctx)
		if err == nil {
			return true
		}
		a.logger.Warn("store not ready; polling waits for it", "err", err)
		select {
		case <-ctx.Done():
			return false
		case <-time.After(5 * time.Second):
		}
	}
}
