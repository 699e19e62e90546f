package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

// syncBuffer is a bytes.Buffer safe for a running server's log.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// fixtureServer serves feed/testdata like the real sources.
func fixtureServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.FileServer(http.Dir(filepath.Join("..", "..", "feed", "testdata"))))
	t.Cleanup(srv.Close)
	return srv
}

type e2e struct {
	t      *testing.T
	addr   string
	config string
}

func newE2E(t *testing.T, upstream string) *e2e {
	addr := freePort(t)
	storage := fmt.Sprintf("{path: %q}", filepath.Join(t.TempDir(), "data", "paperwire.db"))
	return newE2EWith(t, upstream, addr, "http://"+addr, storage)
}

// newE2EWith writes a config for a server on addr, known to readers as
// baseURL, with the given storage block.
func newE2EWith(t *testing.T, upstream, addr, baseURL, storage string) *e2e {
	dir := t.TempDir()
	cfg := fmt.Sprintf(`listen: %q
base_url: %q
storage: %s
fetch: {host_interval: 0s, timeout: 5s}
publish: {ttl: 15m}
sources:
  - {name: arxiv-cs-cv, url: "%[4]s/arxiv-listing-cs.CV.rss"}
  - {name: arxiv-cs-lg, url: "%[4]s/arxiv-listing-cs.LG.rss"}
  - {name: arxiv-api, url: "%[4]s/arxiv-api.atom"}
  - {name: hf-daily, url: "%[4]s/hf-daily.json", kind: hf-daily}
  - {name: hn-arxiv, url: "%[4]s/hnrss.rss", role: mentions}
  - {name: reddit-ml, url: "%[4]s/reddit.atom", role: mentions}
  - {name: blog, url: "%[4]s/blog.rss", role: mentions}
topics:
  - {slug: all, title: All papers}
  - {slug: segmentation, title: Segmentation, keywords: [segmentation]}
  - {slug: nothing, title: Nothing yet, keywords: [quantum chromodynamics]}
signals:
  github: {api: "%[4]s/github-api"}   # never the real GitHub: the fixtures answer 404
`, addr, baseURL, storage, upstream)
	path := filepath.Join(dir, "paperwire.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return &e2e{t: t, addr: addr, config: path}
}

// testEnv is the environment of a command these tests run: no
// variables, and serve's loops ticking every few tens of milliseconds
// instead of every few seconds, so that a test waits for what it checks,
// not for a tick.
func testEnv(stdout, stderr io.Writer) *env {
	return &env{getenv: func(string) string { return "" }, stdout: stdout, stderr: stderr, serverArgs: pid1Args,
		every: intervals{poll: 10 * time.Millisecond, reindex: 20 * time.Millisecond, watch: 50 * time.Millisecond}}
}

// run runs a command to completion and returns its output.
func (e *e2e) run(args ...string) (string, string, error) {
	var out, errb syncBuffer
	argv := append([]string{"paperwire", args[0], "--config", e.config}, args[1:]...)
	err := testEnv(&out, &errb).run(context.Background(), argv)
	return out.String(), errb.String(), err
}

// serve starts `paperwire serve` and returns a stop function that waits
// for a clean exit.
func (e *e2e) serve() (logs *syncBuffer, stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	logs = &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- testEnv(io.Discard, logs).run(ctx, []string{"paperwire", "serve", "--config", e.config})
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get("http://" + e.addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("server did not come up: %v\n%s", err, logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return logs, func() {
		cancel()
		if err := <-done; err != nil {
			e.t.Errorf("serve exited with %v", err)
		}
	}
}

func (e *e2e) get(path string) (*http.Response, []byte) {
	e.t.Helper()
	resp, err := http.Get("http://" + e.addr + path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

func (e *e2e) feed(path string) *gofeed.Feed {
	e.t.Helper()
	resp, body := e.get(path)
	if resp.StatusCode != 200 {
		e.t.Fatalf("GET %s: %d", path, resp.StatusCode)
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		e.t.Fatalf("GET %s: %v", path, err)
	}
	return f
}

// The whole product: check, fetch, curate, serve; a reader subscribing to
// a topic gets the trending papers, best first, each once.
func TestEndToEnd(t *testing.T) {
	t.Parallel() // shares nothing: its own upstream, port and store
	e := newE2E(t, fixtureServer(t).URL)
	if out, _, err := e.run("check"); err != nil || !strings.Contains(out, "valid") || !strings.Contains(out, "7 sources, 3 topics") {
		t.Fatalf("check: %v\n%s", err, out)
	}
	out, _, err := e.run("fetch")
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{"arxiv-cs-cv", "arxiv-cs-lg", "arxiv-api", "hf-daily", "hn-arxiv", "reddit-ml", "blog"} {
		if !strings.Contains(out, src+"  ") || strings.Contains(out, src+": failed") {
			t.Errorf("fetch summary lacks a good line for %s:\n%s", src, out)
		}
	}
	if out, _, _ := e.run("fetch"); strings.Count(out, "not modified") != 7 {
		t.Errorf("a second fetch was not conditional:\n%s", out)
	}
	if out, _, err := e.run("pin", "segmentation", "https://arxiv.org/abs/2403.15592v1"); err != nil || !strings.Contains(out, "pinned: arxiv:2403.15592") {
		t.Fatalf("pin: %v %s", err, out)
	}
	if _, _, err := e.run("ban", "segmentation", "arxiv:2403.15157"); err != nil {
		t.Fatalf("ban: %v", err)
	}
	if _, _, err := e.run("pin", "segmentation", "arxiv:2412.99999"); err == nil || !strings.Contains(err.Error(), "not known") {
		t.Errorf("pinning an unknown paper: %v", err)
	}
	_, stop := e.serve()
	defer stop()
	e.checkFeeds()
	e.checkAPI()
	if _, _, err := e.run("pin", "all", "arxiv:2403.15157"); err == nil || !strings.Contains(err.Error(), "in use by another process") {
		t.Errorf("curating while serve holds the store: %v", err)
	}
}

func (e *e2e) checkFeeds() {
	t := e.t
	all := e.feed("/topics/all.atom")
	if len(all.Items) < 25 {
		t.Errorf("all.atom has %d items", len(all.Items))
	}
	ids := map[string]bool{}
	for _, it := range all.Items {
		if ids[it.GUID] {
			t.Errorf("paper %s listed twice", it.GUID)
		}
		ids[it.GUID] = true
	}
	e.checkOrder("/topics/all.json", "https://arxiv.org/abs/2403.15157")
	seg := e.feed("/topics/segmentation.rss")
	if seg.Items[0].GUID != "https://arxiv.org/abs/2403.15592" || !strings.Contains(seg.Items[0].Description, "Pinned") {
		t.Errorf("the pinned paper is not first in segmentation: %s", seg.Items[0].GUID)
	}
	for _, it := range seg.Items {
		if it.GUID == "https://arxiv.org/abs/2403.15157" {
			t.Error("the banned paper is in segmentation")
		}
	}
	if j := e.feed("/topics/segmentation.json"); len(j.Items) != len(seg.Items) {
		t.Errorf("json has %d items, rss %d", len(j.Items), len(seg.Items))
	}
	if empty := e.feed("/topics/nothing.json"); len(empty.Items) != 0 {
		t.Errorf("empty topic has %d items", len(empty.Items))
	}
}

// checkOrder asserts the feed is best first by its own stated scores and
// that the paper seen everywhere is near the top.
func (e *e2e) checkOrder(path, wantNearTop string) {
	_, body := e.get(path)
	var f struct {
		Items []struct {
			ID    string `json:"id"`
			Paper struct {
				Score float64 `json:"score"`
			} `json:"_paperwire"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &f); err != nil {
		e.t.Fatal(err)
	}
	near := false
	for i, it := range f.Items {
		if i > 0 && it.Paper.Score > f.Items[i-1].Paper.Score {
			e.t.Errorf("%s: item %d (%s) scores %v, more than the one before it", path, i, it.ID, it.Paper.Score)
		}
		near = near || (i < 3 && it.ID == wantNearTop)
	}
	if !near {
		e.t.Errorf("%s: %s is not in the top 3", path, wantNearTop)
	}
}

func (e *e2e) checkAPI() {
	resp, body := e.get("/api/papers/arxiv:2403.15157")
	var v struct {
		Sightings []struct{ Source string }
		Fields    struct{ Version int }
		Score     struct{ Value float64 }
	}
	if err := json.Unmarshal(body, &v); err != nil || resp.StatusCode != 200 {
		e.t.Fatalf("api: %d %v", resp.StatusCode, err)
	}
	if len(v.Sightings) != 7 || v.Fields.Version != 2 || v.Score.Value <= 0 {
		e.t.Errorf("FrozenSeg: %d sightings (want 7: two listings, the API, HF, HN, Reddit, a blog), version %d, score %v", len(v.Sightings), v.Fields.Version, v.Score.Value)
	}
}

// Restarting serve renders the same bytes: same ETag.
func TestRestartKeepsETags(t *testing.T) {
	t.Parallel() // shares nothing: its own upstream, port and store
	e := newE2E(t, fixtureServer(t).URL)
	if _, _, err := e.run("fetch"); err != nil {
		t.Fatal(err)
	}
	etags := func() []string {
		_, stop := e.serve()
		defer stop()
		var tags []string
		for _, f := range []string{"all.rss", "all.atom", "all.json", "segmentation.atom"} {
			resp, _ := e.get("/topics/" + f)
			tags = append(tags, resp.Header.Get("ETag"))
		}
		return tags
	}
	first, second := etags(), etags()
	if strings.Join(first, " ") != strings.Join(second, " ") || first[0] == "" {
		t.Errorf("ETags changed across a restart: %v vs %v", first, second)
	}
}

// Without network, serve keeps serving (empty feeds) and reports the
// failing sources; it never crashes.
func TestServeWithoutNetwork(t *testing.T) {
	t.Parallel() // shares nothing: its own upstream, port and store
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	e := newE2E(t, deadURL)
	logs, stop := e.serve()
	defer stop()
	if f := e.feed("/topics/all.atom"); len(f.Items) != 0 {
		t.Errorf("%d items without any source", len(f.Items))
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(logs.String(), "source=hf-daily status=failed") {
		if time.Now().After(deadline) {
			t.Fatalf("the failing source was not reported:\n%s", logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
