package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/storage/bolt"
	"github.com/paperwire/paperwire/storage/redis"
	"github.com/paperwire/paperwire/storage/redis/redistest"
)

// childEnv names the variable that makes the test binary run `paperwire`
// with the arguments it holds (separated by newlines) instead of the
// tests: a process the crash tests can kill -9.
const childEnv = "PAPERWIRE_TEST_CHILD"

// runChild runs the command a parent test asked for and returns its
// exit status; it is called from TestMain.
func runChild(args string) int {
	argv := append([]string{"paperwire"}, strings.Split(args, "\n")...)
	if err := run(context.Background(), argv, func(string) string { return "" }, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// stallingUpstream serves the fixtures; the first request for a path
// under /stall/ hangs until its client goes away, after announcing
// itself on arrived.
type stallingUpstream struct {
	*httptest.Server
	arrived chan struct{}
	stalled atomic.Bool
}

func newStallingUpstream(t *testing.T) *stallingUpstream {
	u := &stallingUpstream{arrived: make(chan struct{})}
	files := http.FileServer(http.Dir(filepath.Join("..", "..", "feed", "testdata")))
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rest, ok := strings.CutPrefix(r.URL.Path, "/stall"); ok {
			if u.stalled.CompareAndSwap(false, true) {
				close(u.arrived)
				<-r.Context().Done()
				return
			}
			r.URL.Path = rest
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(u.Close)
	return u
}

// crashConfig writes a config polling six sources one at a time, the
// fourth through the stalling path, into storage.
func crashConfig(t *testing.T, upstream, storage string) string {
	cfg := fmt.Sprintf(`listen: "127.0.0.1:0"
storage: %s
fetch: {host_interval: 0s, timeout: 30s, concurrency: 1}
sources:
  - {name: arxiv-cs-cv, url: "%[2]s/arxiv-listing-cs.CV.rss"}
  - {name: arxiv-cs-lg, url: "%[2]s/arxiv-listing-cs.LG.rss"}
  - {name: hf-daily, url: "%[2]s/hf-daily.json", kind: hf-daily}
  - {name: arxiv-api, url: "%[2]s/stall/arxiv-api.atom"}
  - {name: hn-arxiv, url: "%[2]s/hnrss.rss", role: mentions}
  - {name: blog, url: "%[2]s/blog.rss", role: mentions}
topics:
  - {slug: all, title: All papers}
`, storage, upstream)
	path := filepath.Join(t.TempDir(), "paperwire.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// killMidRound starts `paperwire fetch` as a child process and kills it
// with SIGKILL while it waits on the stalled source, after the sources
// before it were stored.
func killMidRound(t *testing.T, up *stallingUpstream, config string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=fetch\n--config\n"+config)
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case <-up.arrived:
	case err := <-exited:
		t.Fatalf("fetch ended before the stalled source: %v\n%s", err, out)
	case <-time.After(60 * time.Second):
		t.Fatalf("fetch never reached the stalled source\n%s", out)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-exited
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("child was not killed: %v\n%s", cmd.ProcessState, out)
	}
}

// sightingsOf lists every stored paper's sighting sources.
func sightingsOf(t *testing.T, scan func(context.Context, string, int) ([]*feed.Paper, string, error)) map[feed.Key][]string {
	t.Helper()
	out := map[feed.Key][]string{}
	cursor := ""
	for {
		page, next, err := scan(context.Background(), cursor, 200)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range page {
			if _, twice := out[p.Key]; twice {
				t.Errorf("paper %s scanned twice", p.Key)
			}
			for _, s := range p.Sightings {
				out[p.Key] = append(out[p.Key], s.Source)
			}
		}
		if cursor = next; cursor == "" {
			return out
		}
	}
}

// checkOnce compares a store that lived through a crash (partial when
// killed, got after the rerun) with one that did not: the crash came
// mid-round, and the rerun has the same papers, each with the same
// sightings, each once.
func checkOnce(t *testing.T, partial, got, want map[feed.Key][]string) {
	t.Helper()
	t.Logf("killed round stored %d papers; after the rerun %d; uninterrupted %d", len(partial), len(got), len(want))
	if len(partial) == 0 || len(partial) >= len(want) {
		t.Errorf("the killed round stored %d of %d papers: not a crash mid-round", len(partial), len(want))
	}
	if len(got) != len(want) {
		t.Errorf("%d papers after the crash and rerun, want %d", len(got), len(want))
	}
	for k, w := range want {
		g := got[k]
		if !slices.Equal(g, w) {
			t.Errorf("%s: sightings %v, want %v", k, g, w)
		}
	}
}

// referenceSightings is one uninterrupted fetch of the same sources into
// a fresh embedded store.
func referenceSightings(t *testing.T, up *stallingUpstream) map[feed.Key][]string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ref.db")
	cfg := crashConfig(t, up.URL, fmt.Sprintf("{path: %q}", path))
	runFetch(t, cfg)
	s, err := bolt.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return sightingsOf(t, s.Scan)
}

func runFetch(t *testing.T, config string) {
	t.Helper()
	var out syncBuffer
	if err := run(context.Background(), []string{"paperwire", "fetch", "--config", config}, func(string) string { return "" }, &out, &out); err != nil {
		t.Fatalf("fetch: %v\n%s", err, out.String())
	}
	if strings.Contains(out.String(), ": failed") {
		t.Fatalf("a source failed:\n%s", out.String())
	}
}

// kill -9 in the middle of a round on the embedded store, then a rerun:
// the file opens, and every paper is there once with every sighting once.
func TestKillMidRoundBolt(t *testing.T) {
	up := newStallingUpstream(t)
	path := filepath.Join(t.TempDir(), "paperwire.db")
	cfg := crashConfig(t, up.URL, fmt.Sprintf("{path: %q}", path))
	killMidRound(t, up, cfg)
	open := func() map[feed.Key][]string {
		s, err := bolt.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		return sightingsOf(t, s.Scan)
	}
	partial := open()
	runFetch(t, cfg)
	checkOnce(t, partial, open(), referenceSightings(t, up))
}

// The same on Redis.
func TestKillMidRoundRedis(t *testing.T) {
	up := newStallingUpstream(t)
	url := redistest.Server(t).URL()
	cfg := crashConfig(t, up.URL, redisStorage(url, "crash:"))
	killMidRound(t, up, cfg)
	s, err := redis.Open(context.Background(), url, redis.Options{Prefix: "crash:"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	partial := sightingsOf(t, s.Scan)
	runFetch(t, cfg)
	checkOnce(t, partial, sightingsOf(t, s.Scan), referenceSightings(t, up))
}
