// Package websub is Paperwire's built-in WebSub hub (W3C Recommendation,
// DESIGN §11): it takes subscriptions to our feeds at POST /websub,
// verifies the subscriber's intent, and POSTs every changed feed body to
// its subscribers, signed when they gave a secret. Subscriptions live in
// the store, so they survive restarts and are shared by every process on
// one Redis; a change goes to each subscriber once, from the process
// that claims it in the store. It also pings an external hub
// (hub.mode=publish) when Paperwire advertises one instead (Pinger).
package websub

import (
	"cmp"
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/paperwire/paperwire/feed"
)

// Store is what the hub needs from storage.
type Store interface {
	SaveSubscription(ctx context.Context, sub feed.Subscription) error
	DeleteSubscription(ctx context.Context, topic, callback string) error
	Subscriptions(ctx context.Context) ([]feed.Subscription, error)
	ClaimDelivery(ctx context.Context, topic, callback, etag string) (bool, error)
}

// Defaults of Config.
const (
	DefaultLease       = 10 * 24 * time.Hour
	MaxLease           = 30 * 24 * time.Hour
	MaxSecret          = 200 // bytes of hub.secret
	DefaultTimeout     = 10 * time.Second
	DefaultBackoff     = 30 * time.Second
	DefaultRetryFor    = time.Hour
	DefaultTick        = time.Second
	DefaultSweep       = time.Minute
	DefaultPerTopic    = 1000
	DefaultTotal       = 10000
	DefaultConcurrency = 16
	maxRequestBody     = 16 << 10
	maxVerifyQueue     = 256
	verifyWorkers      = 4
)

// Config is what a Hub is built with; zero values take the defaults.
type Config struct {
	BaseURL string       // of our feeds; the hub is BaseURL/websub
	Feeds   http.Handler // answers GET of our feed URLs (the serve.Server)
	// AllowPrivate lets callbacks reach loopback, private and link-local
	// addresses; otherwise they are refused on the address dialled.
	AllowPrivate bool
	Now          func() time.Time
	Timeout      time.Duration // per callback request
	Backoff      time.Duration // first retry of a failed delivery, doubled each time
	RetryFor     time.Duration // a delivery is dropped after failing this long
	Tick         time.Duration // how often due retries are sent
	Sweep        time.Duration // how often every feed is checked (expired leases, changes not signalled)
	PerTopic     int           // subscriptions of one feed
	Total        int           // subscriptions in all
	Concurrency  int           // deliveries at once
	Registry     prometheus.Registerer
}

func (c Config) withDefaults() Config {
	if c.Now == nil {
		c.Now = time.Now
	}
	c.Timeout = cmp.Or(c.Timeout, DefaultTimeout)
	c.Backoff = cmp.Or(c.Backoff, DefaultBackoff)
	c.RetryFor = cmp.Or(c.RetryFor, DefaultRetryFor)
	c.Tick = cmp.Or(c.Tick, DefaultTick)
	c.Sweep = cmp.Or(c.Sweep, DefaultSweep)
	c.PerTopic = cmp.Or(c.PerTopic, DefaultPerTopic)
	c.Total = cmp.Or(c.Total, DefaultTotal)
	c.Concurrency = cmp.Or(c.Concurrency, DefaultConcurrency)
	return c
}

// Hub is the built-in WebSub hub. Build it with New, serve its handler at
// POST /websub, call Changed after a change of the store and Run it.
type Hub struct {
	cfg     Config
	store   Store
	logger  *slog.Logger
	client  *http.Client
	metrics *metrics
	url     string
	feeds   feeds

	changed chan struct{}
	verify  chan request
	out     *queue

	mu      sync.Mutex
	pending int // verifications queued or running
}

// New returns a hub over store.
func New(store Store, cfg Config, logger *slog.Logger) (*Hub, error) {
	cfg = cfg.withDefaults()
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	h := &Hub{
		cfg: cfg, store: store, logger: logger, url: cfg.BaseURL + "/websub", feeds: feeds{cfg.BaseURL, cfg.Feeds},
		client:  newClient(cfg.AllowPrivate, cfg.Timeout),
		changed: make(chan struct{}, 1), verify: make(chan request, maxVerifyQueue),
	}
	h.out = newQueue(cfg.Total)
	m, err := newMetrics(cfg.Registry)
	if err != nil {
		return nil, err
	}
	h.metrics = m
	return h, nil
}

// Changed tells the hub that feeds may have changed. It never blocks:
// signals arriving during a check are folded into the next one.
func (h *Hub) Changed() {
	select {
	case h.changed <- struct{}{}:
	default:
	}
}

// Run verifies subscriptions and distributes changes until ctx ends.
func (h *Hub) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for range verifyWorkers {
		wg.Go(func() { h.verifyLoop(ctx) })
	}
	for range h.cfg.Concurrency {
		wg.Go(func() { h.deliverLoop(ctx) })
	}
	wg.Go(func() { h.retryLoop(ctx) })
	h.distributeLoop(ctx)
	wg.Wait()
	return nil
}

// distributeLoop checks the feeds on every change signal and every Sweep.
func (h *Hub) distributeLoop(ctx context.Context) {
	sweep := time.NewTicker(h.cfg.Sweep)
	defer sweep.Stop()
	for {
		h.distribute(ctx)
		select {
		case <-ctx.Done():
			return
		case <-h.changed:
		case <-sweep.C:
		}
	}
}
