package websub_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed/websub"
)

const atom = base + "/topics/all.atom"

// A verified subscriber gets each new body, signed, with the feed's
// type and Link headers; after unsubscribing it gets nothing more.
func TestSubscribeDeliverUnsubscribe(t *testing.T) {
	e := newEnv(t, websub.Config{AllowPrivate: true})
	cb := newSubscriber(t)
	e.subscribe(cb, atom, "s3cret")
	q := cb.query(0)
	if q.Get("hub.mode") != "subscribe" || q.Get("hub.topic") != atom || q.Get("id") != "1" ||
		q.Get("hub.lease_seconds") != "864000" || len(q.Get("hub.challenge")) < 16 {
		t.Errorf("verification query %v", q)
	}
	e.hub.Changed() // nothing changed: nothing is sent
	e.change("v2")
	waitFor(t, "the delivery", func() bool { return len(cb.deliveries()) == 1 })
	d := cb.deliveries()[0]
	if d.body != "v2/topics/all.atom" || d.header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Errorf("delivered %q as %q", d.body, d.header.Get("Content-Type"))
	}
	if got, want := d.header.Get("Link"), "<"+base+`/websub>; rel="hub", <`+atom+`>; rel="self"`; got != want {
		t.Errorf("Link %q, want %q", got, want)
	}
	if got := d.header.Get("X-Hub-Signature"); got != "sha256="+websub.Sign("s3cret", []byte(d.body)) {
		t.Errorf("X-Hub-Signature %q", got)
	}
	if w := e.post(url.Values{"hub.mode": {"unsubscribe"}, "hub.topic": {atom}, "hub.callback": {cb.URL + "/cb?id=1"}}); w.Code != http.StatusAccepted {
		t.Fatalf("unsubscribe: %d %s", w.Code, w.Body)
	}
	waitFor(t, "the unsubscription", func() bool { return e.subscriptions() == 0 })
	e.change("v3")
	e.change("v4")
	if got := len(cb.deliveries()); got != 1 || cb.query(1).Get("hub.mode") != "unsubscribe" {
		t.Errorf("after unsubscribing: %d deliveries, verification %v", got, cb.query(1))
	}
	if got := metric(t, e, "paperwire_websub_deliveries_total", "outcome", "delivered"); got != 1 {
		t.Errorf("delivered counter %v", got)
	}
}

// A subscriber that does not echo the challenge exactly (or answers it
// with an error) is not subscribed.
func TestVerificationMustEcho(t *testing.T) {
	e := newEnv(t, websub.Config{AllowPrivate: true})
	for name, echo := range map[string]func(string) string{
		"wrong":   func(c string) string { return c + "x" },
		"nothing": func(string) string { return "" },
	} {
		cb := newSubscriber(t)
		cb.echo = echo
		w := e.post(url.Values{"hub.mode": {"subscribe"}, "hub.topic": {atom}, "hub.callback": {cb.URL}})
		if w.Code != http.StatusAccepted {
			t.Fatalf("%s: %d %s", name, w.Code, w.Body)
		}
		waitFor(t, name+" verification", func() bool { return cb.verifications() == 1 })
	}
	waitFor(t, "both verifications to fail", func() bool {
		return metric(t, e, "paperwire_websub_verifications_total", "outcome", "failed") == 2
	})
	if n := e.subscriptions(); n != 0 {
		t.Errorf("%d subscriptions after failed verifications", n)
	}
}

// A failed delivery is retried after the backoff (the injected clock),
// until the callback takes it.
func TestRetryAfterFailure(t *testing.T) {
	e := newEnv(t, websub.Config{AllowPrivate: true, Backoff: time.Minute})
	cb := newSubscriber(t)
	cb.status = func(n int) int { return map[bool]int{true: 500, false: 200}[n == 1] }
	e.subscribe(cb, atom, "")
	e.change("v2")
	waitFor(t, "the first attempt", func() bool { return cb.tries() == 1 })
	waitFor(t, "the retry queue", func() bool { return metric(t, e, "paperwire_websub_retry_queue") == 1 })
	e.clock.Add(59 * time.Second)
	e.hub.Changed()
	if cb.tries() != 1 {
		t.Fatal("retried before the backoff ran out")
	}
	e.clock.Add(time.Second)
	waitFor(t, "the retry", func() bool { return len(cb.deliveries()) == 1 })
	if got := cb.deliveries()[0].body; got != "v2/topics/all.atom" {
		t.Errorf("retry delivered %q", got)
	}
}

// A delivery failing for the retry window is dropped; the subscription
// stays and gets the next change.
func TestRetriesGiveUp(t *testing.T) {
	e := newEnv(t, websub.Config{AllowPrivate: true, Backoff: time.Minute, RetryFor: time.Hour})
	cb := newSubscriber(t)
	failing := true
	cb.status = func(int) int {
		if failing {
			return http.StatusBadGateway
		}
		return http.StatusOK
	}
	e.subscribe(cb, atom, "")
	e.change("v2")
	for n, wait := 1, time.Minute; ; n, wait = n+1, wait*2 {
		waitFor(t, "an attempt", func() bool { return cb.tries() == n })
		waitFor(t, "its retry to be scheduled", func() bool {
			return metric(t, e, "paperwire_websub_deliveries_total", "outcome", "failed")+
				metric(t, e, "paperwire_websub_deliveries_total", "outcome", "dropped") == float64(n)
		})
		if n == 6 { // 1+2+4+8+16 minutes waited; the next wait passes the hour
			break
		}
		e.clock.Add(wait)
	}
	waitFor(t, "the delivery to be dropped", func() bool {
		return metric(t, e, "paperwire_websub_deliveries_total", "outcome", "dropped") == 1
	})
	cb.mu.Lock()
	failing = false
	cb.mu.Unlock()
	e.clock.Add(2 * time.Hour)
	e.hub.Changed()
	if cb.tries() != 6 || e.subscriptions() != 1 {
		t.Fatalf("after dropping: %d attempts, %d subscriptions", cb.tries(), e.subscriptions())
	}
	e.change("v3")
	waitFor(t, "the next change", func() bool { return len(cb.deliveries()) == 1 })
}

// A 410 ends the subscription.
func TestGoneEndsSubscription(t *testing.T) {
	e := newEnv(t, websub.Config{AllowPrivate: true})
	cb := newSubscriber(t)
	cb.status = func(int) int { return http.StatusGone }
	e.subscribe(cb, atom, "")
	e.change("v2")
	waitFor(t, "the subscription to end", func() bool { return e.subscriptions() == 0 })
	e.change("v3")
	e.clock.Add(time.Hour)
	if cb.tries() != 1 {
		t.Errorf("%d attempts after a 410", cb.tries())
	}
}

// A lease runs out: the subscription ends and gets nothing more.
func TestLeaseExpires(t *testing.T) {
	e := newEnv(t, websub.Config{AllowPrivate: true})
	cb := newSubscriber(t)
	w := e.post(url.Values{"hub.mode": {"subscribe"}, "hub.topic": {atom}, "hub.callback": {cb.URL}, "hub.lease_seconds": {"60"}})
	if w.Code != http.StatusAccepted {
		t.Fatal(w.Code)
	}
	waitFor(t, "the subscription", func() bool { return e.subscriptions() == 1 })
	if got := cb.query(0).Get("hub.lease_seconds"); got != "60" {
		t.Errorf("lease asked %s", got)
	}
	e.clock.Add(time.Minute)
	e.change("v2")
	waitFor(t, "the expiry", func() bool { return e.subscriptions() == 0 })
	if cb.tries() != 0 {
		t.Errorf("an expired subscriber got %d deliveries", cb.tries())
	}
}

// Requests the hub refuses at once, each with its reason.
func TestRefusedRequests(t *testing.T) {
	e := newEnv(t, websub.Config{AllowPrivate: true, PerTopic: 1})
	cb := newSubscriber(t)
	ok := url.Values{"hub.mode": {"subscribe"}, "hub.topic": {atom}, "hub.callback": {cb.URL}}
	with := func(k, v string) url.Values {
		f := url.Values{}
		for key, vs := range ok {
			f[key] = vs
		}
		f.Set(k, v)
		return f
	}
	for name, tc := range map[string]struct {
		form url.Values
		want string
	}{
		"unknown topic":     {with("hub.topic", base+"/topics/nothing.atom"), "hub.topic: not a feed of this server"},
		"foreign topic":     {with("hub.topic", "https://elsewhere.example/feed"), "is not under " + base},
		"not canonical":     {with("hub.topic", atom+"?limit=3"), "use " + atom},
		"no topic":          {with("hub.topic", ""), "hub.topic: want the URL"},
		"mode":              {with("hub.mode", "publish"), "hub.mode: want subscribe or unsubscribe"},
		"relative callback": {with("hub.callback", "/cb"), "hub.callback: want an absolute http(s) URL"},
		"ftp callback":      {with("hub.callback", "ftp://example.com/cb"), "hub.callback: want an absolute http(s) URL"},
		"oversized secret":  {with("hub.secret", strings.Repeat("s", 201)), "hub.secret: want at most 200 bytes, got 201"},
		"lease":             {with("hub.lease_seconds", "soon"), "hub.lease_seconds: want a positive number"},
	} {
		w := e.post(tc.form)
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), tc.want) {
			t.Errorf("%s: %d %q, want 400 saying %q", name, w.Code, w.Body, tc.want)
		}
	}
	if w := e.post(with("hub.secret", strings.Repeat("s", 200))); w.Code != http.StatusAccepted {
		t.Errorf("a 200-byte secret: %d %s", w.Code, w.Body)
	}
	waitFor(t, "the subscription", func() bool { return e.subscriptions() == 1 })
	other := newSubscriber(t)
	if w := e.post(with("hub.callback", other.URL)); w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "maximum of 1 subscribers") {
		t.Errorf("beyond the per-topic limit: %d %s", w.Code, w.Body)
	}
	if w := e.post(ok); w.Code != http.StatusAccepted {
		t.Errorf("a renewal at the limit: %d %s", w.Code, w.Body)
	}
	big := "hub.mode=subscribe&hub.topic=" + strings.Repeat("x", 20<<10)
	r := e.postRaw(big)
	if r.Code != http.StatusBadRequest {
		t.Errorf("a 20 KiB form: %d", r.Code)
	}
}

// A lease asked beyond 30 days is capped.
func TestLeaseCapped(t *testing.T) {
	e := newEnv(t, websub.Config{AllowPrivate: true})
	cb := newSubscriber(t)
	e.post(url.Values{"hub.mode": {"subscribe"}, "hub.topic": {atom}, "hub.callback": {cb.URL}, "hub.lease_seconds": {"99999999"}})
	waitFor(t, "the subscription", func() bool { return e.subscriptions() == 1 })
	if got := cb.query(0).Get("hub.lease_seconds"); got != "2592000" {
		t.Errorf("lease %s, want 30 days", got)
	}
}
