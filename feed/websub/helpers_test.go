package websub_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/paperwire/paperwire/feed/feedtest"
	"github.com/paperwire/paperwire/feed/websub"
	"github.com/paperwire/paperwire/storage/bolt"
)

const base = "http://paperwire.test"

var t0 = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

// clock is the settable test clock shared by the stage tests.
type clock = feedtest.Clock

// feeds serves our feeds as serve does: one Atom and one JSON feed with
// strong ETags and Link headers, and whatever body the test sets.
type feeds struct {
	mu   sync.Mutex
	body string
}

func (f *feeds) set(body string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.body = body
}

func (f *feeds) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	types := map[string]string{"/topics/all.atom": "application/atom+xml; charset=utf-8", "/topics/all.json": "application/feed+json; charset=utf-8"}
	ct, ok := types[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	f.mu.Lock()
	body := f.body + r.URL.Path
	f.mu.Unlock()
	sum := sha256.Sum256([]byte(body))
	w.Header().Set("Content-Type", ct)
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:8])+`"`)
	w.Header().Set("Link", "<"+base+`/websub>; rel="hub", <`+base+r.URL.Path+`>; rel="self"`)
	io.WriteString(w, body)
}

// env is a running hub over a real bolt store.
type env struct {
	t     *testing.T
	hub   *websub.Hub
	store *bolt.Store
	feeds *feeds
	clock *clock
	reg   *prometheus.Registry
}

// newEnv runs a hub that may call loopback callbacks, retries on the
// injected clock, and checks feeds only when told (or every sweep).
func newEnv(t *testing.T, cfg websub.Config) *env {
	t.Helper()
	store, err := bolt.Open(filepath.Join(t.TempDir(), "paperwire.db"))
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, store: store, feeds: &feeds{body: "v1"}, clock: feedtest.NewClock(t0), reg: prometheus.NewRegistry()}
	cfg.BaseURL, cfg.Feeds, cfg.Now, cfg.Registry = base, e.feeds, e.clock.Now, e.reg
	if cfg.Backoff == 0 {
		cfg.Backoff = time.Minute
	}
	cfg.Tick, cfg.Sweep = 5*time.Millisecond, time.Hour
	e.hub, err = websub.New(store, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); e.hub.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done; store.Close() })
	return e
}

// post sends a form to the hub and returns the answer.
func (e *env) post(form url.Values) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, "/websub", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	e.hub.ServeHTTP(w, r)
	return w
}

// change sets new feed content and tells the hub.
func (e *env) change(body string) {
	e.feeds.set(body)
	e.hub.Changed()
}

// subscriptions is how many subscriptions the store holds.
func (e *env) subscriptions() int {
	subs, err := e.store.Subscriptions(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return len(subs)
}

// subscribe subscribes cb to topic and waits until it is verified.
func (e *env) subscribe(cb *subscriber, topic, secret string) {
	e.t.Helper()
	n := cb.verifications()
	w := e.post(url.Values{"hub.mode": {"subscribe"}, "hub.topic": {topic}, "hub.callback": {cb.URL + "/cb?id=1"}, "hub.secret": {secret}})
	if w.Code != http.StatusAccepted {
		e.t.Fatalf("subscribe: %d %s", w.Code, w.Body)
	}
	waitFor(e.t, "the verification", func() bool { return cb.verifications() > n })
	waitFor(e.t, "the subscription", func() bool { return e.subscriptions() > 0 })
}

// waitFor polls cond until it holds, for at most 5 seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// delivery is one POST a subscriber received.
type delivery struct {
	body   string
	header http.Header
}

// subscriber is a callback: it echoes challenges (through echo) and
// answers deliveries with status(n) for the n-th one.
type subscriber struct {
	*httptest.Server
	mu       sync.Mutex
	echo     func(challenge string) string
	status   func(n int) int
	verified []url.Values
	got      []delivery
	attempts int
}

func newSubscriber(t *testing.T) *subscriber {
	s := &subscriber{echo: func(c string) string { return c }, status: func(int) int { return http.StatusNoContent }}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *subscriber) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.Method == http.MethodGet {
		s.verified = append(s.verified, r.URL.Query())
		io.WriteString(w, s.echo(r.URL.Query().Get("hub.challenge")))
		return
	}
	body, _ := io.ReadAll(r.Body)
	s.attempts++
	code := s.status(s.attempts)
	if code/100 == 2 {
		s.got = append(s.got, delivery{string(body), r.Header.Clone()})
	}
	w.WriteHeader(code)
}

func (s *subscriber) verifications() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.verified)
}

func (s *subscriber) deliveries() []delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]delivery(nil), s.got...)
}

func (s *subscriber) tries() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attempts
}

// query is the i-th verification request's query.
func (s *subscriber) query(i int) url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i >= len(s.verified) {
		return url.Values{}
	}
	return s.verified[i]
}

// postRaw sends a raw form body to the hub.
func (e *env) postRaw(body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, "/websub", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	e.hub.ServeHTTP(w, r)
	return w
}

// metric returns the value of one series of the hub's registry.
func metric(t *testing.T, e *env, name string, labels ...string) float64 {
	t.Helper()
	families, err := e.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			if matches(m.GetLabel(), labels) {
				return m.GetCounter().GetValue() + m.GetGauge().GetValue()
			}
		}
	}
	return 0
}

func matches(pairs []*dto.LabelPair, want []string) bool {
	for i := 0; i+1 < len(want); i += 2 {
		found := false
		for _, p := range pairs {
			found = found || (p.GetName() == want[i] && p.GetValue() == want[i+1])
		}
		if !found {
			return false
		}
	}
	return true
}
