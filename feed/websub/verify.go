package websub

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/paperwire/paperwire/feed"
)

// verifyLoop verifies queued requests until ctx ends.
func (h *Hub) verifyLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case req := <-h.verify:
			h.verifyOne(ctx, req)
			h.verifying(-1)
		}
	}
}

// verifying counts verifications queued or running.
func (h *Hub) verifying(delta int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.pending += delta
	h.metrics.verifying.Set(float64(h.pending))
}

// verifyOne acts on a request whose subscriber echoes the challenge: a
// subscription starts (or is renewed) with the feed as it is now as the
// baseline, or ends. A failed verification changes nothing.
func (h *Hub) verifyOne(ctx context.Context, req request) {
	log := h.logger.With("mode", req.mode, "topic", req.topic, "callback", req.callback)
	if err := h.challenge(ctx, req); err != nil {
		h.metrics.verifications.WithLabelValues("failed").Inc()
		log.Info("websub: intent not verified", "err", err)
		return
	}
	h.metrics.verifications.WithLabelValues("verified").Inc()
	if err := h.apply(ctx, req); err != nil {
		log.Warn("websub: verified, but not stored", "err", err)
		return
	}
	log.Info("websub: verified", "lease", req.lease)
	h.Changed() // refresh the subscription gauges
}

// apply stores the outcome of a verified request.
func (h *Hub) apply(ctx context.Context, req request) error {
	if req.mode == "unsubscribe" {
		return h.store.DeleteSubscription(ctx, req.topic, req.callback)
	}
	r, err := h.feeds.fetch(ctx, req.topic)
	if err != nil {
		return err
	}
	now := h.cfg.Now()
	return h.store.SaveSubscription(ctx, feed.Subscription{
		Topic: req.topic, Callback: req.callback, Secret: req.secret,
		Created: now, Expires: now.Add(req.lease), Sent: []string{r.etag},
	})
}

// challenge GETs the callback with the verification parameters added to
// its own query, and wants a 2xx whose body is exactly the challenge.
func (h *Hub) challenge(ctx context.Context, req request) error {
	want := rand.Text()
	q := url.Values{"hub.mode": {req.mode}, "hub.topic": {req.topic}, "hub.challenge": {want}}
	if req.mode == "subscribe" {
		q.Set("hub.lease_seconds", strconv.Itoa(int(req.lease.Seconds())))
	}
	target := req.callback + "?" + q.Encode()
	if u, err := url.Parse(req.callback); err == nil && u.RawQuery != "" {
		target = req.callback + "&" + q.Encode()
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return fmt.Errorf("build verification request: %w", err)
	}
	resp, err := h.client.Do(hreq)
	if err != nil {
		return fmt.Errorf("verification request: %w", err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(io.LimitReader(resp.Body, int64(len(want))+1))
	if err != nil {
		return fmt.Errorf("read verification answer: %w", err)
	}
	if resp.StatusCode/100 != 2 || string(got) != want {
		return fmt.Errorf("callback answered %d without echoing the challenge", resp.StatusCode)
	}
	return nil
}
