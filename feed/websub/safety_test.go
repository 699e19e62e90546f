package websub_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed/feedtest"
	"github.com/paperwire/paperwire/feed/websub"
)

// Without allow_private, a callback on a loopback, private or link-local
// literal is refused at once, and a name resolving to one is refused
// where it is dialled: no verification request leaves, no subscription.
func TestPrivateCallbacksRefused(t *testing.T) {
	e := newEnv(t, websub.Config{})
	for _, cb := range []string{"http://127.0.0.1:9/cb", "http://10.1.2.3/cb", "http://[::1]/cb", "http://169.254.169.254/latest",
		"http://192.168.0.1/", "http://0.0.0.0/", "http://[fe80::1]/", "http://224.0.0.1/", "http://100.64.0.1/", "http://[::ffff:127.0.0.1]/"} {
		w := e.post(url.Values{"hub.mode": {"subscribe"}, "hub.topic": {atom}, "hub.callback": {cb}})
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "loopback, private, link-local or multicast") {
			t.Errorf("%s: %d %s", cb, w.Code, w.Body)
		}
	}
	cb := newSubscriber(t)
	named := strings.Replace(cb.URL, "127.0.0.1", "localhost", 1)
	if w := e.post(url.Values{"hub.mode": {"subscribe"}, "hub.topic": {atom}, "hub.callback": {named}}); w.Code != http.StatusAccepted {
		t.Fatalf("%s: %d %s", named, w.Code, w.Body)
	}
	waitFor(t, "the verification to fail", func() bool {
		return metric(t, e, "paperwire_websub_verifications_total", "outcome", "failed") == 1
	})
	if cb.verifications() != 0 || e.subscriptions() != 0 {
		t.Errorf("a callback named localhost was reached (%d) or subscribed (%d)", cb.verifications(), e.subscriptions())
	}
}

// A subscriber that never answers holds one delivery worker: the others
// get their deliveries at once.
func TestSlowSubscriberDelaysNoOne(t *testing.T) {
	e := newEnv(t, websub.Config{AllowPrivate: true, Timeout: time.Minute})
	release := make(chan struct{})
	var once sync.Once
	defer once.Do(func() { close(release) })
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			w.Write([]byte(r.URL.Query().Get("hub.challenge")))
			return
		}
		<-release
	}))
	defer slow.Close()
	e.post(url.Values{"hub.mode": {"subscribe"}, "hub.topic": {atom}, "hub.callback": {slow.URL}})
	waitFor(t, "the slow subscription", func() bool { return e.subscriptions() == 1 })
	fast := newSubscriber(t)
	e.subscribe(fast, atom, "")
	for i, body := range []string{"v2", "v3", "v4"} {
		e.change(body)
		waitFor(t, "the fast delivery of "+body, func() bool { return len(fast.deliveries()) == i+1 })
	}
	once.Do(func() { close(release) })
}

// The pinger tells the external hub of a changed feed at once, then at
// most once a minute per feed, with the changes in between folded in.
func TestPingerDebounces(t *testing.T) {
	var mu sync.Mutex
	var pings []url.Values
	hub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		mu.Lock()
		pings = append(pings, r.PostForm)
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer hub.Close()
	count := func() int { mu.Lock(); defer mu.Unlock(); return len(pings) }
	f, c := &feeds{body: "v1"}, feedtest.NewClock(t0)
	p, err := websub.NewPinger(websub.PingConfig{Hub: hub.URL, BaseURL: base, Feeds: f, URLs: []string{atom, base + "/topics/all.json"},
		Tick: 2 * time.Millisecond, Now: c.Now}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); p.Run(ctx) }()
	defer func() { cancel(); <-done }()
	for _, b := range []string{"v2", "v3", "v4"} {
		f.set(b)
		p.Changed()
		waitFor(t, "the pings of "+b, func() bool { return count() >= 2 })
	}
	if n := count(); n != 2 {
		t.Fatalf("%d pings within a minute of two feeds", n)
	}
	mu.Lock()
	if pings[0].Get("hub.mode") != "publish" || !strings.HasPrefix(pings[0].Get("hub.url"), base+"/topics/all.") {
		t.Errorf("ping %v", pings[0])
	}
	mu.Unlock()
	c.Add(time.Minute)
	waitFor(t, "the folded pings", func() bool { return count() == 4 })
	c.Add(time.Hour)
	p.Changed()
	if n := count(); n != 4 {
		t.Errorf("%d pings without a change", n)
	}
}
