// Package github is the GitHub signal poller (ARCHITECTURE.md §D10): it reads the
// star counts of papers' repositories from the GitHub REST API with
// conditional requests, within an hourly budget shared by every process
// of a store, and folds them into the papers' one star counter.
package github

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/merge"
)

// Defaults of ARCHITECTURE.md §D10.
const (
	DefaultAPI          = "https://api.github.com"
	DefaultPerHour      = 50   // without a token
	DefaultPerHourToken = 4000 // with PAPERWIRE_GITHUB_TOKEN
	DefaultEvery        = 5 * time.Minute
	DefaultRescan       = 30 * time.Minute
	Recent              = 14 * 24 * time.Hour // papers first seen since then come first
	GoneFor             = 7 * 24 * time.Hour  // a 404/451 repository is asked again after this
	budgetName          = "github"
	blockedKey          = "github:blocked_until"
	leaseTTL            = 5 * time.Minute
)

// Store is what the poller needs of a store.
type Store interface {
	Merge(ctx context.Context, keys []feed.Key, fn feed.MergeFunc) error
	Scan(ctx context.Context, cursor string, n int) ([]*feed.Paper, string, error)
	Papers(ctx context.Context, keys []feed.Key) ([]*feed.Paper, error)
	Top(ctx context.Context, slug string, n int) ([]feed.Ranked, error)
	RepoStates(ctx context.Context, names []string) ([]feed.RepoState, error)
	SaveRepoState(ctx context.Context, st feed.RepoState) error
	Spend(ctx context.Context, name string, window time.Time, limit, n int) (granted, left int, err error)
	Lease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	Meta(ctx context.Context, key string) (string, error)
	SetMeta(ctx context.Context, key, value string) error
}

// Options configure a Poller.
type Options struct {
	API       string        // default DefaultAPI
	Token     string        // PAPERWIRE_GITHUB_TOKEN; "" for anonymous requests
	PerHour   int           // the hourly budget of requests of every process together
	Every     time.Duration // time between passes (each spends its share of the hour)
	Rescan    time.Duration // how often every paper is scanned for repositories (default DefaultRescan)
	Timeout   time.Duration // per request
	UserAgent string
	Holder    string // this process, in per-repository leases
	Topics    []feed.Topic
	Merger    *merge.Merger
	Now       func() time.Time
	Logger    *slog.Logger
	// OnRequest, when set, is told each request's outcome (metrics).
	OnRequest func(outcome string)
}

// Poller checks repositories, one pass at a time.
type Poller struct {
	store  Store
	opts   Options
	client *client
	cache  scanCache
}

// New returns a poller of store.
func New(store Store, o Options) (*Poller, error) {
	if o.API == "" {
		o.API = DefaultAPI
	}
	if o.PerHour <= 0 || o.Every <= 0 || o.Merger == nil || o.Now == nil || o.Logger == nil {
		return nil, fmt.Errorf("github poller: per_hour, every, merger, clock and logger are required")
	}
	if o.Rescan <= 0 {
		o.Rescan = DefaultRescan
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	c, err := newClient(o.API, o.Token, o.UserAgent, o.Timeout)
	if err != nil {
		return nil, err
	}
	return &Poller{store: store, opts: o, client: c}, nil
}

// Run makes a pass at once and then on every tick until ctx ends.
func (p *Poller) Run(ctx context.Context, tick <-chan time.Time, onPass func(Report)) {
	for {
		r, err := p.Pass(ctx)
		if err != nil && ctx.Err() == nil {
			p.opts.Logger.Warn("github signal pass failed", "err", err)
		}
		if onPass != nil {
			onPass(r)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick:
		}
	}
}

// share is the most one pass spends: the hour's budget spread over the
// passes of an hour, rounded up.
func (p *Poller) share() int {
	passes := max(int(time.Hour/p.opts.Every), 1)
	return (p.opts.PerHour + passes - 1) / passes
}
