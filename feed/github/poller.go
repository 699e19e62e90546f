// Package github is the GitHub signal poller (ARCHITECTURE.md §D10): it reads the
// star counts of papers' repositories from the GitHub REST API with
// conditional requests, within an hourly budget shared by every process
// of a store, and folds them into the papers' one star counter.
package github

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/merge"
	"github.com/paperwire/paperwire/feed/rank"
	"github.com/paperwire/paperwire/feed/topic"
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

// Config configures a Poller.
type Config struct {
	API       string        // DefaultAPI when ""
	Token     string        // PAPERWIRE_GITHUB_TOKEN; "" for anonymous requests
	PerHour   int           // the hourly budget of requests of every process together (required)
	Every     time.Duration // time between passes, each spending its share of the hour (required)
	Rescan    time.Duration // how often every paper is scanned for repositories (DefaultRescan when 0)
	Timeout   time.Duration // per request (30 s when 0)
	UserAgent string
	Holder    string           // this process, in per-repository leases
	Topics    []feed.Topic     // topic rules papers are filed by, and whose best papers come first
	Params    rank.Params      // scoring (rank.Defaults() when zero)
	Now       func() time.Time // time.Now when nil
	// OnRequest, when set, is told each request's outcome (metrics).
	OnRequest func(outcome string)
}

// Poller checks repositories, one pass at a time. Build it with New; it
// does not change after that.
type Poller struct {
	store  Store
	cfg    Config
	merger *merge.Merger
	client *client
	logger *slog.Logger
	cache  scanCache
}

// New returns a poller of the repositories of store's papers.
func New(store Store, cfg Config, logger *slog.Logger) (*Poller, error) {
	if cfg.PerHour <= 0 || cfg.Every <= 0 {
		return nil, fmt.Errorf("github poller: per_hour and every are required")
	}
	cfg.API = cmp.Or(cfg.API, DefaultAPI)
	cfg.Rescan = cmp.Or(cfg.Rescan, DefaultRescan)
	cfg.Timeout = cmp.Or(cfg.Timeout, 30*time.Second)
	if cfg.Params == (rank.Params{}) {
		cfg.Params = rank.Defaults()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	c, err := newClient(cfg.API, cfg.Token, cfg.UserAgent, cfg.Timeout)
	if err != nil {
		return nil, err
	}
	merger := &merge.Merger{Params: cfg.Params, Topics: topic.NewMatcher(cfg.Topics)}
	return &Poller{store: store, cfg: cfg, merger: merger, client: c, logger: logger}, nil
}

// Run makes a pass at once and then on every tick until ctx ends.
func (p *Poller) Run(ctx context.Context, tick <-chan time.Time, onPass func(Report)) {
	for {
		r, err := p.Pass(ctx)
		if err != nil && ctx.Err() == nil {
			p.logger.Warn("github signal pass failed", "err", err)
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
	passes := max(int(time.Hour/p.cfg.Every), 1)
	return (p.cfg.PerHour + passes - 1) / passes
}
