package websub

import (
	"context"
	"slices"

	"github.com/paperwire/paperwire/feed"
)

// distribute checks every subscribed feed once: expired leases end, and
// each subscriber not yet sent the feed's current content gets it queued
// — by the one process whose claim in the store wins.
func (h *Hub) distribute(ctx context.Context) {
	subs, err := h.store.Subscriptions(ctx)
	if err != nil {
		h.logger.Warn("websub: subscriptions unavailable", "err", err)
		return
	}
	now := h.cfg.Now()
	byTopic := map[string][]feed.Subscription{}
	live := map[string]bool{}
	for _, s := range subs {
		if !s.Active(now) {
			h.expire(ctx, s)
			continue
		}
		byTopic[s.Topic] = append(byTopic[s.Topic], s)
		live[s.ID()] = true
	}
	h.metrics.active.Set(float64(len(live)))
	h.metrics.dropped(h.out.keep(live), "ended")
	for topic, list := range byTopic {
		h.distributeFeed(ctx, topic, list)
	}
	h.metrics.checks.Inc()
}

// distributeFeed queues a feed's current content for its subscribers.
func (h *Hub) distributeFeed(ctx context.Context, topic string, subs []feed.Subscription) {
	r, err := h.feeds.fetch(ctx, topic)
	if err != nil {
		h.logger.Warn("websub: subscribed feed unavailable", "topic", topic, "err", err)
		return
	}
	for _, s := range subs {
		if slices.Contains(s.Sent, r.etag) {
			continue
		}
		ok, err := h.store.ClaimDelivery(ctx, s.Topic, s.Callback, r.etag)
		if err != nil {
			h.logger.Warn("websub: claim delivery", "topic", topic, "callback", s.Callback, "err", err)
			continue
		}
		if ok {
			h.metrics.dropped(h.out.push(&job{sub: s, r: r, first: h.cfg.Now()}), "superseded")
		}
	}
}

// expire ends a subscription whose lease ran out.
func (h *Hub) expire(ctx context.Context, s feed.Subscription) {
	if err := h.store.DeleteSubscription(ctx, s.Topic, s.Callback); err != nil {
		h.logger.Warn("websub: remove expired subscription", "topic", s.Topic, "callback", s.Callback, "err", err)
		return
	}
	h.metrics.expired.Inc()
	h.logger.Info("websub: lease expired", "topic", s.Topic, "callback", s.Callback)
}
