package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/paperwire/paperwire/config"
	"github.com/paperwire/paperwire/feed/fetch"
	"github.com/paperwire/paperwire/feed/ingest"
	"github.com/paperwire/paperwire/feed/render"
	"github.com/paperwire/paperwire/storage"
)

// app is the wired service: config, store and pipeline.
type app struct {
	cfg    *config.Config
	store  storage.Store
	logger *slog.Logger
	site   render.Site
	now    func() time.Time // the clock of digests (a test build may set it: testclock.go)
	every  intervals        // serve's loop periods (zero: the defaults)
}

func (e *env) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// open loads the config and opens the store.
func (e *env) open(ctx context.Context, path string) (*app, error) {
	cfg, err := config.Load(path, e.getenv)
	if err != nil {
		return nil, err
	}
	return e.openStore(ctx, cfg, e.logger(), false)
}

// openStore opens the store of a valid config. A lazy open (serve) does
// not fail when Redis does not answer yet.
func (e *env) openStore(ctx context.Context, cfg *config.Config, logger *slog.Logger, lazy bool) (*app, error) {
	opts := storeOptions(cfg, logger)
	opts.Lazy = lazy
	openCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	store, err := storage.Open(openCtx, opts)
	if err != nil {
		return nil, storeError(opts, err, os.Geteuid())
	}
	a := &app{cfg: cfg, store: store, logger: logger, now: clock(e.getenv), every: e.every}
	a.site = render.Site{
		Title: cfg.Publish.Title, BaseURL: cfg.BaseURL, TTL: cfg.Publish.TTL.D(), Hub: cfg.HubURL(), Params: cfg.RankParams,
	}
	return a, nil
}

// storeError explains a store that cannot be opened; a data folder this
// user may not write (a bind mount owned by another uid) gets the fix.
func storeError(opts storage.Options, err error, uid int) error {
	err = fmt.Errorf("open store (%s): %w", storage.Describe(opts, config.RedactURL), err)
	if opts.RedisURL != "" || !errors.Is(err, fs.ErrPermission) {
		return err
	}
	dir := existingFolder(filepath.Dir(opts.Path))
	return fmt.Errorf("%w\nthe data folder %s is not writable by this process (uid %d): give it to that uid "+
		"(chown -R %d %s, or on the host folder mounted there), run as the folder's owner (docker run --user UID:GID), "+
		"or set storage.path / PAPERWIRE_STORAGE_PATH to a writable place", err, dir, uid, uid, dir)
}

// existingFolder is dir, or its nearest ancestor that exists: the
// folder a missing data folder would be created in.
func existingFolder(dir string) string {
	for {
		if _, err := os.Stat(dir); err == nil || filepath.Dir(dir) == dir {
			return dir
		}
		dir = filepath.Dir(dir)
	}
}

func storeOptions(cfg *config.Config, logger *slog.Logger) storage.Options {
	return storage.Options{Path: cfg.Storage.Path, RedisURL: cfg.Storage.Redis, Prefix: cfg.Storage.Prefix, Logger: logger}
}

// newIngester builds the poll pipeline of the config; hooks carries what
// only serve sets (lease holder, change and report callbacks).
func (a *app) newIngester(hooks ingest.Config) *ingest.Ingester {
	c := a.cfg
	fetcher := fetch.New(fetch.Options{
		UserAgent:    userAgent(build(), c.BaseURL),
		Timeout:      c.Fetch.Timeout.D(),
		MaxBody:      int64(c.Fetch.MaxBody),
		HostInterval: c.Fetch.HostInterval.D(),
	})
	return ingest.New(a.store, fetcher, ingest.Config{
		Topics:      c.FeedTopics,
		Params:      c.RankParams,
		MaxItems:    c.Fetch.MaxItems,
		Concurrency: c.Fetch.Concurrency,
		LeaseTTL:    c.Fetch.Timeout.D() + time.Minute,
		Holder:      hooks.Holder,
		OnChange:    hooks.OnChange,
		OnReport:    hooks.OnReport,
		Tick:        a.every.poll,
		RetryEvery:  a.every.reindex,
		Now:         func() time.Time { return a.now().UTC().Truncate(time.Second) },
	}, a.logger)
}

func (a *app) close() {
	if err := a.store.Close(); err != nil {
		a.logger.Warn("close store", "err", err)
	}
}

// holderID names this process in leases.
func holderID() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s-%d-%04x", host, os.Getpid(), rand.IntN(1<<16))
}
