package serve_test

import (
	"bufio"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/rank"
	"github.com/paperwire/paperwire/feed/render"
	"github.com/paperwire/paperwire/feed/serve"
	"github.com/paperwire/paperwire/storage/bolt"
)

var t0 = time.Date(2024, 3, 25, 10, 0, 0, 0, time.UTC)

const baseURL = "http://127.0.0.1:18081"

func testSite() render.Site {
	return render.Site{Title: "Paperwire", BaseURL: baseURL, TTL: 30 * time.Minute, Params: rank.Defaults()}
}

func testTopics() []feed.Topic {
	return []feed.Topic{
		{Slug: "all", Title: "All trending papers", Limit: 50},
		{Slug: "vision", Title: "Computer vision", Categories: []string{"cs.CV"}, Limit: 10},
		{Slug: "empty", Title: "Nothing matches", Keywords: []string{"zyzzyva"}, Limit: 50},
	}
}

// paper builds a stored paper whose score is one sighting of weight w.
func paper(key feed.Key, title string, w float64, at time.Time, topics ...string) *feed.Paper {
	params := rank.Defaults()
	id := key.ID()
	return &feed.Paper{
		Key: key,
		Fields: feed.Fields{
			ArxivID: id, Version: 2, Title: title, Abstract: "Abstract of " + title + ".",
			Authors: []string{"Zoë Müller", "李小龙"}, Categories: []string{"cs.CV", "cs.LG"},
			Links: feed.Links{Abstract: "https://arxiv.org/abs/" + id + "v2", PDF: "https://arxiv.org/pdf/" + id + "v2"},
		},
		Quality: feed.QualityListing,
		Sightings: []feed.Sighting{{
			Source: "hf-daily", Role: feed.RolePapers, At: at, Weight: w,
			Signals: feed.Signals{Upvotes: 12}, Score: params.Event(w, at),
		}},
		Score: params.Event(w, at), ScoreAt: at, FirstSeen: at, Updated: at, Topics: topics,
	}
}

func seedPapers() []*feed.Paper {
	return []*feed.Paper{
		paper("arxiv:2403.15929", "Segment Anything, Faster", 5, t0, "all", "vision"),
		paper("arxiv:2403.00002", "Second paper", 4, t0.Add(-time.Hour), "all", "vision"),
		paper("arxiv:2403.00003", "Third paper", 3, t0.Add(-2*time.Hour), "all"),
		paper("arxiv:2403.00004", "Fourth paper", 2, t0.Add(-3*time.Hour), "all"),
	}
}

// testStore is the real embedded store, counting Top calls and able to
// fail on demand.
type testStore struct {
	*bolt.Store
	tops atomic.Int64
	fail atomic.Bool
	gate sync.Mutex // held by Top: lets a test hold renders back
}

var errDown = errors.New("store is down")

func (s *testStore) Top(ctx context.Context, slug string, n int) ([]feed.Ranked, error) {
	s.gate.Lock()
	defer s.gate.Unlock()
	s.tops.Add(1)
	if s.fail.Load() {
		return nil, errDown
	}
	return s.Store.Top(ctx, slug, n)
}

func (s *testStore) Papers(ctx context.Context, keys []feed.Key) ([]*feed.Paper, error) {
	if s.fail.Load() {
		return nil, errDown
	}
	return s.Store.Papers(ctx, keys)
}

func (s *testStore) Curation(ctx context.Context, slug string) (feed.Curation, error) {
	if s.fail.Load() {
		return feed.Curation{}, errDown
	}
	return s.Store.Curation(ctx, slug)
}

func (s *testStore) Revisions(ctx context.Context) (map[string]uint64, error) {
	if s.fail.Load() {
		return nil, errDown
	}
	return s.Store.Revisions(ctx)
}

func openStore(t *testing.T, path string) *testStore {
	t.Helper()
	st, err := bolt.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &testStore{Store: st}
}

func merge(t *testing.T, s *testStore, papers ...*feed.Paper) {
	t.Helper()
	keys := make([]feed.Key, len(papers))
	for i, p := range papers {
		keys[i] = p.Key
	}
	err := s.Merge(context.Background(), keys, func(map[feed.Key]*feed.Paper) ([]*feed.Paper, error) { return papers, nil })
	if err != nil {
		t.Fatal(err)
	}
}

// env is one running server over one store.
type env struct {
	store   *testStore
	metrics *serve.Metrics
	server  *serve.Server
	site    render.Site
}

// newEnv opens a store in a fresh folder with the seed papers in it.
func newEnv(t *testing.T) *env {
	t.Helper()
	s := openStore(t, filepath.Join(t.TempDir(), "paperwire.db"))
	merge(t, s, seedPapers()...)
	return startEnv(t, s, testSite())
}

// startEnv starts a server (a new cache and handler) over a store.
func startEnv(t *testing.T, s *testStore, site render.Site) *env {
	t.Helper()
	e := newServer(t, s, site, nil)
	e.refresh(t)
	return e
}

// newServer makes a server over a store, logging to logger
// (nil: nowhere), without reading the store.
func newServer(t *testing.T, s *testStore, site render.Site, logger *slog.Logger) *env {
	t.Helper()
	e := &env{store: s, site: site}
	e.server, e.metrics = serverOver(t, s, site, logger, nil)
	return e
}

// serverOver makes a server over any store, following sources.
func serverOver(t *testing.T, s serve.Store, site render.Site, logger *slog.Logger, sources []feed.Source) (*serve.Server, *serve.Metrics) {
	t.Helper()
	metrics := serve.NewMetrics(serve.Build{Version: "v1.2.3", Revision: "0123abcd"})
	return serverWith(t, s, serve.Config{Site: site, Sources: sources, Metrics: metrics}, logger), metrics
}

// serverWith makes a server over any store with the test topics and
// clock, and the default search limits unless cfg sets some.
func serverWith(t *testing.T, s serve.Store, cfg serve.Config, logger *slog.Logger) *serve.Server {
	t.Helper()
	cfg.Topics, cfg.Now = testTopics(), func() time.Time { return t0.Add(24 * time.Hour) }
	if cfg.Search == (serve.SearchLimits{}) {
		cfg.Search = serve.DefaultSearchLimits
	}
	srv, err := serve.New(s, cfg, logger)
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

func (e *env) refresh(t *testing.T) {
	t.Helper()
	if err := e.server.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// do sends one request; header is name, value pairs.
func (e *env) do(method, target string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	e.server.ServeHTTP(w, r)
	return w
}

func (e *env) get(t *testing.T, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	w := e.do(http.MethodGet, target, header...)
	if w.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", target, w.Code, w.Body)
	}
	return w
}

// metric reads one series from /metrics ("" when absent).
func (e *env) metric(name string) float64 {
	w := e.do(http.MethodGet, "/metrics")
	sc := bufio.NewScanner(w.Body)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.LastIndexByte(line, ' '); i > 0 && line[:i] == name {
			value := line[i+1:]
			v, _ := strconv.ParseFloat(value, 64)
			return v
		}
	}
	return 0
}

func (s *testStore) Paper(ctx context.Context, key feed.Key) (*feed.Paper, error) {
	if s.fail.Load() {
		return nil, errDown
	}
	return s.Store.Paper(ctx, key)
}

func (s *testStore) Ping(ctx context.Context) error {
	if s.fail.Load() {
		return errDown
	}
	return s.Store.Ping(ctx)
}

// logBuffer collects log lines from several goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// count is how many logged lines contain s.
func (l *logBuffer) count(s string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Count(l.b.String(), s)
}

func (l *logBuffer) logger() *slog.Logger { return slog.New(slog.NewTextHandler(l, nil)) }
