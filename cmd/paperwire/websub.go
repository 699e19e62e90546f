package main

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/render"
	"github.com/paperwire/paperwire/feed/websub"
)

// pusher is the push side of serve: the built-in WebSub hub
// (publish.websub.enabled), or the pinger of an external hub
// (publish.hub), or nothing.
type pusher struct {
	hub    *websub.Hub
	pinger *websub.Pinger
}

// newPusher builds what the config asks for over the server's feeds.
func (a *app) newPusher(feeds http.Handler, reg prometheus.Registerer, holder string) (*pusher, error) {
	c := a.cfg
	switch {
	case c.Publish.WebSub.Enabled:
		hub, err := websub.New(a.store, websub.Config{
			BaseURL: c.BaseURL, Feeds: feeds, AllowPrivate: c.Publish.WebSub.AllowPrivate, Registry: reg,
		}, a.logger)
		return &pusher{hub: hub}, err
	case c.Publish.Hub != "":
		var urls []string // every topic feed and digest feed
		for _, t := range c.FeedTopics {
			for _, f := range []string{render.Atom, render.RSS, render.JSON} {
				urls = append(urls, a.site.FeedURL(t.Slug, f))
				for _, k := range feed.DigestKinds {
					urls = append(urls, a.site.DigestURL(t.Slug, k, f))
				}
			}
		}
		lease := func(ctx context.Context, name string, ttl time.Duration) (bool, error) {
			return a.store.Lease(ctx, name, holder, ttl)
		}
		p, err := websub.NewPinger(websub.PingConfig{
			Hub: c.Publish.Hub, BaseURL: c.BaseURL, Feeds: feeds, URLs: urls, Lease: lease, Registry: reg,
		}, a.logger)
		return &pusher{pinger: p}, err
	}
	return &pusher{}, nil
}

// changed tells the hub or pinger that feeds may have changed; it never
// blocks (the serve cache calls it).
func (p *pusher) changed() {
	switch {
	case p == nil:
	case p.hub != nil:
		p.hub.Changed()
	case p.pinger != nil:
		p.pinger.Changed()
	}
}

// handler routes /websub to the hub, everything else to next.
func (p *pusher) handler(next http.Handler) http.Handler {
	if p.hub == nil {
		return next
	}
	mux := http.NewServeMux()
	mux.Handle("/websub", p.hub)
	mux.Handle("/", next)
	return mux
}

// run distributes or pings until ctx ends.
func (p *pusher) run(ctx context.Context) error {
	switch {
	case p.hub != nil:
		return p.hub.Run(ctx)
	case p.pinger != nil:
		return p.pinger.Run(ctx)
	}
	return nil
}
