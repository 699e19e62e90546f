package websub

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Outcomes of a delivery attempt, as counted in metrics.
const (
	delivered = "delivered" // 2xx
	failed    = "failed"    // will be retried
	gaveUp    = "dropped"   // failed for RetryFor: dropped, the subscription stays
	gone      = "gone"      // 410: the subscription ended
	refused   = "refused"   // the callback resolved to a private address
)

// deliverLoop runs ready jobs until ctx ends.
func (h *Hub) deliverLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case id := <-h.out.ready:
			if j, ok := h.out.take(id); ok {
				h.deliver(ctx, id, j)
			}
		}
	}
}

// retryLoop queues due retries every Tick until ctx ends.
func (h *Hub) retryLoop(ctx context.Context) {
	t := time.NewTicker(h.cfg.Tick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			h.metrics.retrying.Set(float64(h.out.due(h.cfg.Now())))
		}
	}
}

// deliver makes one attempt and decides what follows.
func (h *Hub) deliver(ctx context.Context, id string, j job) {
	code, err := h.post(ctx, j)
	outcome := h.outcome(code, err, j)
	h.out.finish(id, outcome != failed, h.cfg.Now().Add(h.backoff(j.attempts)))
	h.metrics.deliveries.WithLabelValues(outcome).Inc() // after finish: a retry counted is scheduled
	log := h.logger.With("topic", j.sub.Topic, "callback", j.sub.Callback, "status", code, "attempt", j.attempts+1)
	switch outcome {
	case delivered:
		log.Debug("websub: delivered")
	case gone:
		log.Info("websub: callback gone (410): subscription ended")
		if err := h.store.DeleteSubscription(ctx, j.sub.Topic, j.sub.Callback); err != nil {
			log.Warn("websub: remove subscription", "err", err)
		}
	case failed:
		log.Info("websub: delivery failed; will retry", "err", err)
	default:
		log.Warn("websub: delivery dropped", "outcome", outcome, "err", err)
	}
}

// outcome classifies an attempt.
func (h *Hub) outcome(code int, err error, j job) string {
	switch {
	case err == nil && code/100 == 2:
		return delivered
	case err == nil && code == http.StatusGone:
		return gone
	case errors.Is(err, ErrPrivateAddress):
		return refused
	case h.cfg.Now().Add(h.backoff(j.attempts)).Sub(j.first) > h.cfg.RetryFor:
		return gaveUp
	}
	return failed
}

// backoff is the wait after the attempts+1st failure: Backoff, doubled
// each time.
func (h *Hub) backoff(attempts int) time.Duration {
	return h.cfg.Backoff << min(attempts, 20)
}

// post sends the feed body to the subscriber.
func (h *Hub) post(ctx context.Context, j job) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, j.sub.Callback, bytes.NewReader(j.r.body))
	if err != nil {
		return 0, fmt.Errorf("build delivery: %w", err)
	}
	req.Header.Set("Content-Type", j.r.contentType)
	req.Header.Set("Link", "<"+h.url+`>; rel="hub", <`+j.sub.Topic+`>; rel="self"`)
	if j.sub.Secret != "" {
		req.Header.Set("X-Hub-Signature", "sha256="+Sign(j.sub.Secret, j.r.body))
	}
	resp, err := h.client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("deliver: %w", err)
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
	resp.Body.Close()
	return resp.StatusCode, nil
}

// Sign is the hex HMAC-SHA256 of body under secret, as sent in
// X-Hub-Signature (after "sha256=").
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// etagOf is a strong ETag of body, for feeds served without one.
func etagOf(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}
