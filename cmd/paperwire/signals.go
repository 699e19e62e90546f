package main

import (
	"context"
	"time"

	"github.com/paperwire/paperwire/feed/github"
)

// githubPoller is the GitHub signal poller of the config, or nil when
// signals.github is off. onRequest, when set, counts each request.
// every is the time between its passes.
func (a *app) githubPoller(holder string, every time.Duration, onRequest func(string)) (*github.Poller, error) {
	g := a.cfg.Signals.GitHub
	if !g.On() {
		return nil, nil
	}
	return github.New(a.store, github.Config{
		API: g.API, Token: g.Token, PerHour: g.PerHour, Every: every, Timeout: a.cfg.Fetch.Timeout.D(),
		UserAgent: userAgent(build(), a.cfg.BaseURL), Holder: holder, Topics: a.cfg.FeedTopics, Params: a.cfg.RankParams,
		Now:       func() time.Time { return time.Now().UTC().Truncate(time.Second) },
		OnRequest: onRequest,
	}, a.logger)
}

// signalPass is fetch's one pass of the GitHub poller: its summary line,
// or "" when signals.github is off.
// Its pass may spend what is left of the hour's budget.
func (a *app) signalPass(ctx context.Context) (string, error) {
	p, err := a.githubPoller(holderID(), time.Hour, nil)
	if err != nil || p == nil {
		return "", err
	}
	r, err := p.Pass(ctx)
	return r.String(), err
}
