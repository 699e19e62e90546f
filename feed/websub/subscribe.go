package websub

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// request is one subscribe or unsubscribe waiting for verification.
type request struct {
	mode, topic, callback, secret string
	lease                         time.Duration
}

// ServeHTTP answers POST /websub: a valid request is 202 at once and
// verified later; anything else is 4xx with the reason.
func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "the hub takes POST (hub.mode=subscribe or unsubscribe)", http.StatusMethodNotAllowed)
		return
	}
	req, code, err := h.parse(w, r)
	if err != nil {
		h.metrics.requests.WithLabelValues("refused").Inc()
		http.Error(w, err.Error(), code)
		return
	}
	if !h.enqueueVerify(req) {
		h.metrics.requests.WithLabelValues("busy").Inc()
		w.Header().Set("Retry-After", "60")
		http.Error(w, "too many subscription requests waiting for verification; try again later", http.StatusServiceUnavailable)
		return
	}
	h.metrics.requests.WithLabelValues("accepted").Inc()
	w.WriteHeader(http.StatusAccepted)
}

// parse reads and checks a request: a bounded form, known mode, one of
// our feeds as topic, an absolute http(s) callback, lease and secret in
// bounds, and room for one more subscription.
func (h *Hub) parse(w http.ResponseWriter, r *http.Request) (request, int, error) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
		return request{}, http.StatusUnsupportedMediaType, errors.New("want a form (Content-Type: application/x-www-form-urlencoded)")
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxRequestBody)
	if err := r.ParseForm(); err != nil {
		return request{}, http.StatusBadRequest, fmt.Errorf("unreadable form (at most %d bytes): %w", maxRequestBody, err)
	}
	f := r.PostForm
	req := request{mode: f.Get("hub.mode"), topic: f.Get("hub.topic"), callback: f.Get("hub.callback"), secret: f.Get("hub.secret")}
	if err := h.checkFields(&req, f.Get("hub.lease_seconds")); err != nil {
		return request{}, http.StatusBadRequest, err
	}
	if _, err := h.feeds.fetch(r.Context(), req.topic); err != nil {
		return request{}, http.StatusBadRequest, fmt.Errorf("hub.topic: %w", err)
	}
	if req.mode == "subscribe" {
		if code, err := h.room(r, req); err != nil {
			return request{}, code, err
		}
	}
	return req, 0, nil
}

// checkFields checks everything of a request that needs no lookup.
func (h *Hub) checkFields(req *request, lease string) error {
	if req.mode != "subscribe" && req.mode != "unsubscribe" {
		return fmt.Errorf("hub.mode: want subscribe or unsubscribe, got %q", req.mode)
	}
	if req.topic == "" {
		return errors.New("hub.topic: want the URL of one of this server's feeds, got nothing")
	}
	if err := checkCallback(req.callback, h.cfg.AllowPrivate); err != nil {
		return err
	}
	if len(req.secret) > MaxSecret {
		return fmt.Errorf("hub.secret: want at most %d bytes, got %d", MaxSecret, len(req.secret))
	}
	d, err := leaseOf(lease)
	req.lease = d
	return err
}

// checkCallback wants an absolute http(s) URL without a fragment, and
// refuses a literal private address at once (names are checked when
// dialled).
func checkCallback(callback string, allowPrivate bool) error {
	u, err := url.Parse(callback)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Fragment != "" || u.User != nil {
		return fmt.Errorf("hub.callback: want an absolute http(s) URL without credentials or fragment, got %q", callback)
	}
	if !allowPrivate && literalPrivate(u.Hostname()) {
		return fmt.Errorf("hub.callback: %s is a loopback, private, link-local or multicast address", u.Hostname())
	}
	return nil
}

// leaseOf is hub.lease_seconds: the default when absent, capped at MaxLease.
func leaseOf(v string) (time.Duration, error) {
	if v == "" {
		return DefaultLease, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("hub.lease_seconds: want a positive number of seconds, got %q", v)
	}
	return time.Duration(min(n, int64(MaxLease/time.Second))) * time.Second, nil
}

// room refuses a new subscription beyond the limits (a renewal is not new).
func (h *Hub) room(r *http.Request, req request) (int, error) {
	subs, err := h.store.Subscriptions(r.Context())
	if err != nil {
		return http.StatusServiceUnavailable, fmt.Errorf("the store does not answer: %w", err)
	}
	perTopic := 0
	for _, s := range subs {
		if s.Topic == req.topic && s.Callback == req.callback {
			return 0, nil
		}
		if s.Topic == req.topic {
			perTopic++
		}
	}
	if len(subs) >= h.cfg.Total {
		return http.StatusForbidden, fmt.Errorf("the hub holds its maximum of %d subscriptions", h.cfg.Total)
	}
	if perTopic >= h.cfg.PerTopic {
		return http.StatusForbidden, fmt.Errorf("hub.topic %s has its maximum of %d subscribers", req.topic, h.cfg.PerTopic)
	}
	return 0, nil
}

// enqueueVerify queues a request for verification; false when full.
func (h *Hub) enqueueVerify(req request) bool {
	select {
	case h.verify <- req:
		h.verifying(+1)
		return true
	default:
		return false
	}
}
