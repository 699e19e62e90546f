package main

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed/websub"
	"github.com/paperwire/paperwire/storage/redis/redistest"
)

// liveUpstream serves sources that change when the test says: until
// armed, /live/N.rss answers 503 with Retry-After: 1 (so it is asked
// again each second); armed, it serves one new paper and notes when.
type liveUpstream struct {
	*httptest.Server
	mu     sync.Mutex
	armed  map[int]bool
	served map[int]time.Time
}

func newLiveUpstream(t *testing.T) *liveUpstream {
	u := &liveUpstream{armed: map[int]bool{}, served: map[int]time.Time{}}
	u.Server = httptest.NewServer(http.HandlerFunc(u.serve))
	t.Cleanup(u.Close)
	return u
}

func (u *liveUpstream) serve(w http.ResponseWriter, r *http.Request) {
	var n int
	if _, err := fmt.Sscanf(r.URL.Path, "/live/%d.rss", &n); err != nil {
		http.NotFound(w, r)
		return
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	if !u.armed[n] {
		w.Header().Set("Retry-After", "1")
		http.Error(w, "not yet", http.StatusServiceUnavailable)
		return
	}
	if u.served[n].IsZero() {
		u.served[n] = time.Now()
	}
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>cs.CV updates on arXiv.org</title><link>http://rss.arxiv.org/rss/cs.CV</link>
<item><title>Live paper %[1]d</title><link>https://arxiv.org/abs/2412.%05[1]d</link>
<description>arXiv:2412.%05[1]dv1 Announce Type: new
Abstract: A paper that appears while subscribers listen, number %[1]d.</description>
<category>cs.CV</category><dc:creator>Anna Müller</dc:creator><pubDate>Mon, 01 Dec 2026 00:00:00 -0000</pubDate></item>
</channel></rss>`, n)
}

// arm makes source n serve its paper from its next poll on.
func (u *liveUpstream) arm(n int) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.armed[n] = true
}

// servedAt is when source n first served its paper (zero: not yet).
func (u *liveUpstream) servedAt(n int) time.Time {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.served[n]
}

// newWebSubE2E writes the config of a server with the built-in hub on
// addr, known as baseURL, polling live sources 1..sources of up.
func newWebSubE2E(t *testing.T, up *liveUpstream, addr, baseURL, storage string, sources int) *e2e {
	return newPushE2E(t, up, addr, baseURL, storage, sources, "websub: {enabled: true, allow_private: true}")
}

// newPushE2E writes the config of a server whose publish block has push,
// polling live sources 1..sources of up.
func newPushE2E(t *testing.T, up *liveUpstream, addr, baseURL, storage string, sources int, push string) *e2e {
	var src strings.Builder
	for n := 1; n <= sources; n++ {
		fmt.Fprintf(&src, "  - {name: live-%d, url: \"%s/live/%d.rss\"}\n", n, up.URL, n)
	}
	cfg := fmt.Sprintf(`listen: %q
base_url: %q
storage: %s
fetch: {host_interval: 0s, timeout: 5s, concurrency: 8}
publish:
  ttl: 15m
  %s
sources:
%stopics:
  - {slug: all, title: All papers, limit: 500}
`, addr, baseURL, storage, push, src.String())
	path := filepath.Join(t.TempDir(), "paperwire.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return &e2e{t: t, addr: addr, config: path}
}

// push is one delivery a subscriber received.
type push struct {
	body   []byte
	header http.Header
	at     time.Time
}

// callback is a WebSub subscriber: it echoes every challenge and keeps
// what is POSTed to it.
type callback struct {
	*httptest.Server
	mu       sync.Mutex
	verified []url.Values
	pushes   []push
}

func newCallback(t *testing.T) *callback {
	c := &callback{}
	c.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		c.mu.Lock()
		defer c.mu.Unlock()
		if r.Method == http.MethodGet {
			c.verified = append(c.verified, r.URL.Query())
			io.WriteString(w, r.URL.Query().Get("hub.challenge"))
			return
		}
		c.pushes = append(c.pushes, push{body, r.Header.Clone(), time.Now()})
	}))
	t.Cleanup(c.Close)
	return c
}

func (c *callback) received() []push {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]push(nil), c.pushes...)
}

// hubRequest POSTs a subscription request to the hub of e.
func (e *e2e) hubRequest(mode, topic, callback, secret string) {
	e.t.Helper()
	form := url.Values{"hub.mode": {mode}, "hub.topic": {topic}, "hub.callback": {callback}, "hub.secret": {secret}}
	resp, err := http.PostForm("http://"+e.addr+"/websub", form)
	if err != nil {
		e.t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		e.t.Fatalf("%s: %d %s", mode, resp.StatusCode, body)
	}
}

// metric reads one series of e's /metrics (0 when absent).
func (e *e2e) metric(series string) float64 {
	_, body := e.get("/metrics")
	sc := bufio.NewScanner(bytes.NewReader(body))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), series+" "); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return f
		}
	}
	return 0
}

const (
	activeSubs = `paperwire_websub_subscriptions{state="active"}`
	delivered  = `paperwire_websub_deliveries_total{outcome="delivered"}`
)

// checkPush checks a delivery: the feed's body as served, its type,
// Link headers and signature.
func checkPush(t *testing.T, p push, want []byte, self, hub, secret string) {
	t.Helper()
	if !bytes.Equal(p.body, want) {
		t.Errorf("delivered body is not the feed as served:\n%s", p.body)
	}
	if ct := p.header.Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if got, wantLink := p.header.Get("Link"), "<"+hub+`>; rel="hub", <`+self+`>; rel="self"`; got != wantLink {
		t.Errorf("Link %q, want %q", got, wantLink)
	}
	sig := []byte(p.header.Get("X-Hub-Signature"))
	if !hmac.Equal(sig, []byte("sha256="+websub.Sign(secret, p.body))) {
		t.Errorf("X-Hub-Signature %q does not sign the body", sig)
	}
}

// A subscriber to a topic's Atom feed is verified, gets the new body
// within a second of the upstream change, signed — also after a restart
// — and nothing once it unsubscribed.
func TestWebSubEndToEnd(t *testing.T) {
	t.Parallel() // shares nothing: its own Redis, upstream, port and store
	up := newLiveUpstream(t)
	addr := freePort(t)
	base, storage := "http://"+addr, fmt.Sprintf("{path: %q}", filepath.Join(t.TempDir(), "paperwire.db"))
	e := newWebSubE2E(t, up, addr, base, storage, 0) // no sources yet: nothing holds their poll leases at the restart
	_, stop := e.serve()
	self, cb := base+"/topics/all.atom", newCallback(t)
	resp, _ := e.get("/topics/all.atom")
	if got := resp.Header.Get("Link"); !strings.Contains(got, "<"+base+`/websub>; rel="hub"`) {
		t.Fatalf("the feed does not advertise the hub: Link %q", got)
	}
	e.hubRequest("subscribe", self, cb.URL+"/push?reader=1", "s3cret")
	waitFor(t, "an active subscription", 5*time.Second, func() bool { return e.metric(activeSubs) == 1 })
	stop()
	e = newWebSubE2E(t, up, addr, base, storage, 3)
	logs, stop := e.serve() // the subscription lives in the store
	defer stop()
	defer func() {
		if t.Failed() {
			t.Log(logs)
		}
	}()
	for n := 1; n <= 2; n++ {
		up.arm(n)
		waitFor(t, fmt.Sprintf("delivery %d", n), 10*time.Second, func() bool { return len(cb.received()) == n })
		p := cb.received()[n-1]
		if lag := p.at.Sub(up.servedAt(n)); lag > time.Second {
			t.Errorf("change %d delivered %v after the upstream served it, want within a second", n, lag)
		}
		_, body := e.get("/topics/all.atom")
		checkPush(t, p, body, self, base+"/websub", "s3cret")
		if !bytes.Contains(p.body, fmt.Appendf(nil, "Live paper %d", n)) {
			t.Errorf("delivery %d lacks its paper", n)
		}
	}
	e.hubRequest("unsubscribe", self, cb.URL+"/push?reader=1", "")
	waitFor(t, "the unsubscription", 5*time.Second, func() bool { return e.metric(activeSubs) == 0 })
	up.arm(3)
	waitFor(t, "the third change in the feed", 10*time.Second, func() bool {
		_, body := e.get("/topics/all.atom")
		return bytes.Contains(body, []byte("Live paper 3"))
	})
	if n := len(cb.received()); n != 2 || e.metric(delivered) != 2 {
		t.Errorf("after unsubscribing: %d deliveries received, %v counted", n, e.metric(delivered))
	}
}

const passes = "paperwire_websub_checks_total"

// Three processes on one Redis Cluster share the subscription: each
// change reaches the subscriber exactly once, whichever process polled.
func TestWebSubThreeProcessesOneCluster(t *testing.T) {
	t.Parallel() // shares nothing but the package's cluster, under a prefix of its own
	cl := redistest.SharedCluster(t)
	up := newLiveUpstream(t)
	const base = "http://paperwire.test"
	var procs []*e2e
	for range 3 {
		p := newWebSubE2E(t, up, freePort(t), base, redisStorage(t, cl.URL(), cl.Prefix()), 3)
		_, stop := p.serve()
		defer stop()
		procs = append(procs, p)
	}
	cb := newCallback(t)
	procs[1].hubRequest("subscribe", base+"/topics/all.atom", cb.URL, "k3y")
	waitFor(t, "the subscription", 10*time.Second, func() bool { return procs[1].metric(activeSubs) == 1 })
	for n := 1; n <= 3; n++ {
		before := make([]float64, len(procs))
		for i, p := range procs {
			before[i] = p.metric(passes)
		}
		up.arm(n)
		paper := fmt.Appendf(nil, "Live paper %d", n)
		for i, p := range procs {
			waitFor(t, fmt.Sprintf("change %d on process %d", n, i), 10*time.Second, func() bool {
				_, body := p.get("/topics/all.atom")
				return bytes.Contains(body, paper)
			})
			// the change reached this process's hub, which checked the feed (and lost or won the claim)
			waitFor(t, fmt.Sprintf("a check by process %d after change %d", i, n), 10*time.Second, func() bool { return p.metric(passes) > before[i] })
		}
		got, sent := cb.received(), 0.0
		for _, p := range procs {
			sent += p.metric(delivered)
		}
		if len(got) != n || sent != float64(n) {
			t.Fatalf("after change %d: %d deliveries received, %v sent by the three processes", n, len(got), sent)
		}
		_, body := procs[0].get("/topics/all.atom")
		checkPush(t, got[n-1], body, base+"/topics/all.atom", base+"/websub", "k3y")
	}
}

// TestWebSubLatency measures the time from an upstream serving a
// changed document to the subscriber receiving the new feed, over 100
// changes through run(). It takes minutes: it runs only when asked,
// PAPERWIRE_MEASURE=1 go test -run WebSubLatency -v ./cmd/paperwire
func TestWebSubLatency(t *testing.T) {
	if os.Getenv("PAPERWIRE_MEASURE") == "" {
		t.Skip("set PAPERWIRE_MEASURE=1 to measure")
	}
	const changes = 100
	up := newLiveUpstream(t)
	addr := freePort(t)
	e := newWebSubE2E(t, up, addr, "http://"+addr, fmt.Sprintf("{path: %q}", filepath.Join(t.TempDir(), "paperwire.db")), changes)
	_, stop := e.serve()
	defer stop()
	cb := newCallback(t)
	e.hubRequest("subscribe", "http://"+addr+"/topics/all.atom", cb.URL, "k")
	waitFor(t, "the subscription", 5*time.Second, func() bool { return e.metric(activeSubs) == 1 })
	var lags []time.Duration
	for n := 1; n <= changes; n++ {
		up.arm(n)
		waitFor(t, fmt.Sprintf("delivery %d", n), 20*time.Second, func() bool { return len(cb.received()) == n })
		lags = append(lags, cb.received()[n-1].at.Sub(up.servedAt(n)))
	}
	slices.Sort(lags)
	t.Logf("%d changes, upstream served → subscriber received: median %v, p90 %v, worst %v, best %v",
		changes, lags[changes/2], lags[changes*9/10], lags[changes-1], lags[0])
}

// With an external hub and the built-in one off, a change of a feed is
// pinged to the hub (hub.mode=publish), which the feeds advertise.
func TestExternalHubPinged(t *testing.T) {
	var mu sync.Mutex
	pinged := map[string]int{}
	hub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		mu.Lock()
		defer mu.Unlock()
		if r.PostForm.Get("hub.mode") == "publish" {
			pinged[r.PostForm.Get("hub.url")]++
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer hub.Close()
	up := newLiveUpstream(t)
	addr := freePort(t)
	base := "http://" + addr
	e := newPushE2E(t, up, addr, base, fmt.Sprintf("{path: %q}", filepath.Join(t.TempDir(), "paperwire.db")), 1, fmt.Sprintf("hub: %q", hub.URL))
	_, stop := e.serve()
	defer stop()
	if resp, _ := e.get("/topics/all.json"); !strings.Contains(resp.Header.Get("Link"), "<"+hub.URL+`>; rel="hub"`) {
		t.Errorf("the feed does not advertise the external hub: Link %q", resp.Header.Get("Link"))
	}
	if resp, _ := e.get("/websub"); resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("/websub answers %d with the built-in hub off", resp.StatusCode)
	}
	up.arm(1)
	waitFor(t, "the pings", 10*time.Second, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return pinged[base+"/topics/all.atom"] == 1 && pinged[base+"/topics/all.rss"] == 1 && pinged[base+"/topics/all.json"] == 1
	})
}
