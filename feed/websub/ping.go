package websub

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// PingConfig configures a Pinger; zero values take the defaults.
type PingConfig struct {
	Hub     string       // the external hub
	BaseURL string       // of our feeds
	Feeds   http.Handler // answers GET of our feed URLs
	URLs    []string     // the feeds to watch
	// Lease, when set, shares the once-a-minute limit between processes
	// (the store's lease); it reports false while another holds name.
	Lease    func(ctx context.Context, name string, ttl time.Duration) (bool, error)
	Every    time.Duration // at most one ping per feed in this time (a minute)
	Tick     time.Duration // how often changes and due pings are looked at (a second)
	Timeout  time.Duration // per ping (10 s)
	Now      func() time.Time
	Registry prometheus.Registerer
}

// Pinger tells an external hub (hub.mode=publish) about our changed
// feeds, at most once per feed per Every: a change within that time is
// pinged when it runs out.
type Pinger struct {
	cfg     PingConfig
	feeds   feeds
	client  *http.Client
	logger  *slog.Logger
	changed chan struct{}
	pings   *prometheus.CounterVec

	seen     map[string]string    // feed URL → last ETag seen
	pending  map[string]bool      // changed since its last ping
	lastPing map[string]time.Time // feed URL → last ping
}

// NewPinger returns a pinger of the configured feeds.
func NewPinger(cfg PingConfig, logger *slog.Logger) (*Pinger, error) {
	cfg.Every, cfg.Tick = cmp.Or(cfg.Every, time.Minute), cmp.Or(cfg.Tick, DefaultTick)
	cfg.Timeout = cmp.Or(cfg.Timeout, DefaultTimeout)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	p := &Pinger{
		cfg: cfg, feeds: feeds{cfg.BaseURL, cfg.Feeds}, client: &http.Client{Timeout: cfg.Timeout}, logger: logger,
		changed: make(chan struct{}, 1), seen: map[string]string{}, pending: map[string]bool{}, lastPing: map[string]time.Time{},
		pings: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "paperwire_websub_pings_total",
			Help: "Pings of the external hub (hub.mode=publish), by outcome: ok or failed."}, []string{"outcome"}),
	}
	if cfg.Registry != nil {
		if err := cfg.Registry.Register(p.pings); err != nil {
			return nil, fmt.Errorf("register ping metrics: %w", err)
		}
	}
	p.look(context.Background()) // the feeds as they are now: no ping
	return p, nil
}

// Changed tells the pinger that feeds may have changed; it never blocks.
func (p *Pinger) Changed() {
	select {
	case p.changed <- struct{}{}:
	default:
	}
}

// Run pings until ctx ends.
func (p *Pinger) Run(ctx context.Context) error {
	t := time.NewTicker(p.cfg.Tick)
	defer t.Stop()
	p.look(ctx)
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-p.changed:
			p.look(ctx)
		case <-t.C:
		}
		p.pingDue(ctx)
	}
}

// look notes which feeds changed since last seen.
func (p *Pinger) look(ctx context.Context) {
	for _, u := range p.cfg.URLs {
		r, err := p.feeds.fetch(ctx, u)
		if err != nil {
			continue // the store is away: looked at again on the next change
		}
		if old, ok := p.seen[u]; ok && old != r.etag {
			p.pending[u] = true
		}
		p.seen[u] = r.etag
	}
}

// pingDue pings the changed feeds whose last ping is Every old.
func (p *Pinger) pingDue(ctx context.Context) {
	now := p.cfg.Now()
	for u := range p.pending {
		if now.Sub(p.lastPing[u]) < p.cfg.Every || !p.leased(ctx, u) {
			continue
		}
		p.lastPing[u] = now
		delete(p.pending, u)
		if err := p.ping(ctx, u); err != nil {
			p.pings.WithLabelValues("failed").Inc()
			p.logger.Warn("websub: ping of the external hub failed", "hub", p.cfg.Hub, "feed", u, "err", err)
			continue
		}
		p.pings.WithLabelValues("ok").Inc()
	}
}

// leased takes the shared right to ping u now, when processes share one.
func (p *Pinger) leased(ctx context.Context, u string) bool {
	if p.cfg.Lease == nil {
		return true
	}
	ok, err := p.cfg.Lease(ctx, "websub-ping:"+u, p.cfg.Every)
	return err == nil && ok
}

// ping POSTs hub.mode=publish for one feed.
func (p *Pinger) ping(ctx context.Context, feedURL string) error {
	form := url.Values{"hub.mode": {"publish"}, "hub.url": {feedURL}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.cfg.Hub, strings.NewReader(form.Encode()))
	if err != nil {
		return fmt.Errorf("build ping: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := p.client.Do(req)
	if err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("ping: hub answered %d", resp.StatusCode)
	}
	return nil
}
