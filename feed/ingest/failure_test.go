package ingest_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/fetch"
	"github.com/paperwire/paperwire/feed/ingest"
)

func serveFile(t *testing.T, file string) http.HandlerFunc {
	body, err := os.ReadFile(filepath.Join("..", "testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	return func(w http.ResponseWriter, r *http.Request) { w.Write(body) }
}

// Every kind of bad source is reported by name with its reason, and
// neither the good source beside it nor any stored paper suffers.
func TestBadSourcesAreIsolated(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.up.handle("slow", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<rss>"))
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	e.up.handle("huge", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(strings.Repeat("<!-- padding -->", 1<<15)))
	})
	e.up.handle("loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	e.up.handle("gone", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) })
	e.up.handle("broken", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "oops", http.StatusInternalServerError) })
	want := map[string]string{
		"bad/truncated.rss":   "unexpected EOF",
		"bad/html-page.html":  "not an RSS, Atom or JSON feed",
		"bad/empty.xml":       "empty body",
		"bad/garbage.bin":     "binary data",
		"bad/entity-bomb.xml": "entities",
		"slow":                "timed out",
		"huge":                "body too large",
		"loop":                "redirects",
		"gone":                "http 410",
		"broken":              "http 500",
	}
	srcs := []feed.Source{e.source("good", "arxiv-listing-cs.CV.rss", feed.RolePapers)}
	for path := range want {
		srcs = append(srcs, e.source(strings.NewReplacer("/", "-", ".", "-").Replace(path), path, feed.RolePapers))
	}
	in := e.ingester(fetch.Options{Timeout: 300 * time.Millisecond, MaxBody: 256 << 10})
	reports := in.Round(ctx, srcs, false)
	if r := reportOf(t, reports, "good"); r.Status != ingest.StatusFetched || r.New != 14 {
		t.Errorf("good source: %s, %d new (%s)", r.Status, r.New, r.Reason)
	}
	for i, src := range srcs[1:] {
		r := reportOf(t, reports, src.Name)
		path := strings.TrimPrefix(src.URL, e.up.URL+"/")
		if r.Status != ingest.StatusFailed || !strings.Contains(r.Reason, want[path]) {
			t.Errorf("source %d %s: %s %q, want failed with %q", i, src.Name, r.Status, r.Reason, want[path])
		}
	}
	before := snapshot(t, e.store)
	// The good source turns bad: its papers stay.
	e.up.handle("arxiv-listing-cs.CV.rss", serveFile(t, "bad/truncated.rss"))
	if r := in.Poll(ctx, srcs[0], true); r.Status != ingest.StatusFailed {
		t.Errorf("good source serving a truncated body: %s", r.Status)
	}
	if after := snapshot(t, e.store); after != before {
		t.Error("a failed poll changed stored papers")
	}
}

// A failure backs the source off; a later run (a new process over the
// same store) honours it, and --force ignores it.
func TestBackoffPersists(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.up.handle("down", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", http.StatusBadGateway) })
	src := e.source("down", "down", feed.RolePapers)
	if r := e.ingester(fetch.Options{}).Poll(ctx, src, false); r.Status != ingest.StatusFailed {
		t.Fatalf("first poll: %s", r.Status)
	}
	st, _ := e.store.SourceState(ctx, "down")
	if st.Failures != 1 || st.NotBeforeWhy != "backoff" || !st.NotBefore.After(e.clock.Now()) {
		t.Errorf("state after a failure: %+v", st)
	}
	e.clock.Add(time.Minute)
	if r := e.ingester(fetch.Options{}).Poll(ctx, src, false); r.Status != ingest.StatusSkipped || !strings.Contains(r.Reason, "backoff until") {
		t.Errorf("poll during backoff: %s %q", r.Status, r.Reason)
	}
	if hits, _ := e.up.count("down"); hits != 1 {
		t.Errorf("upstream asked %d times during backoff, want 1", hits)
	}
	e.ingester(fetch.Options{}).Poll(ctx, src, true)
	if hits, _ := e.up.count("down"); hits != 2 {
		t.Errorf("--force did not poll: %d requests", hits)
	}
	if st, _ := e.store.SourceState(ctx, "down"); st.Failures != 2 {
		t.Errorf("consecutive failures = %d, want 2", st.Failures)
	}
}

// Retry-After on 429/503 and Cache-Control max-age on 200 both hold the
// source back, and both are remembered.
func TestServerHintsPersist(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.up.handle("busy", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		http.Error(w, "busy", http.StatusServiceUnavailable)
	})
	fresh := serveFile(t, "arxiv-listing-cs.CV.rss")
	e.up.handle("fresh", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=600")
		fresh(w, r)
	})
	cases := map[string]struct {
		why  string
		wait time.Duration
	}{"busy": {"retry-after", time.Hour}, "fresh": {"cache-control max-age", 10 * time.Minute}}
	for name, c := range cases {
		src := e.source(name, name, feed.RolePapers)
		e.ingester(fetch.Options{}).Poll(ctx, src, false)
		st, _ := e.store.SourceState(ctx, name)
		if st.NotBeforeWhy != c.why || !st.NotBefore.Equal(e.clock.Now().Add(c.wait)) {
			t.Errorf("%s: not before %v (%s), want now+%v (%s)", name, st.NotBefore, st.NotBeforeWhy, c.wait, c.why)
		}
		if r := e.ingester(fetch.Options{}).Poll(ctx, src, false); r.Status != ingest.StatusSkipped {
			t.Errorf("%s: second poll %s, want skipped", name, r.Status)
		}
		if hits, _ := e.up.count(name); hits != 1 {
			t.Errorf("%s: upstream asked %d times", name, hits)
		}
	}
}

// A source's state says what /status shows: items in the last document,
// and when the last error happened, kept after the source recovers.
func TestStateRemembersItemsAndLastFailure(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	down := true
	e.up.handle("flaky", func(w http.ResponseWriter, r *http.Request) {
		if down {
			http.Error(w, "down", http.StatusBadGateway)
			return
		}
		http.ServeFile(w, r, filepath.Join("..", "testdata", "arxiv-listing-cs.CV.rss"))
	})
	src := e.source("flaky", "flaky", feed.RolePapers)
	failedAt := e.clock.Now()
	e.ingester(fetch.Options{}).Poll(ctx, src, false)
	down = false
	e.clock.Add(time.Hour)
	r := e.ingester(fetch.Options{}).Poll(ctx, src, true)
	st, _ := e.store.SourceState(ctx, "flaky")
	if r.Status != ingest.StatusFetched || st.Items != r.Items || st.Items == 0 {
		t.Errorf("items remembered %d, report %s with %d", st.Items, r.Status, r.Items)
	}
	if !st.LastFailure.Equal(failedAt) || st.Failures != 0 || st.LastError != "" {
		t.Errorf("after recovery: last failure %v (want %v), failures %d, error %q", st.LastFailure, failedAt, st.Failures, st.LastError)
	}
	if next := st.NextPoll(src.Every); !next.Equal(st.LastAttempt.Add(src.Every)) {
		t.Errorf("next poll %v, want an interval after %v", next, st.LastAttempt)
	}
}
