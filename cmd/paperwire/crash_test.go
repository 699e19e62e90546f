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
	"sync"
	"syscall"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/feedtest"
	"github.com/paperwire/paperwire/storage/bolt"
	"github.com/paperwire/paperwire/storage/redis"
	"github.com/paperwire/paperwire/storage/redis/redistest"
)

// childEnv names the variable that makes the test binary run `paperwire`
// with the arguments it holds (separated by newlines) instead of the
// tests: a process the crash tests can kill -9.
const childEnv = "PAPERWIRE_TEST_CHILD"

// runChild runs the command a parent test asked for, with the signal
// handling of main, and returns its exit status; it is called from
// TestMain.
func runChild(args string) int {
	argv := append([]string{"paperwire"}, strings.Split(args, "\n")...)
	ctx, stop := withSignals(context.Background())
	defer stop()
	if err := run(ctx, argv, func(string) string { return "" }, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// crashUpstream serves the fixtures. The first request for a path under
// /stall/ hangs until its client goes away, after closing stalled;
// /big.rss serves the bytes given to newCrashUpstream (bigListing), and
// its first response closes served once written.
type crashUpstream struct {
	*httptest.Server
	stalled, served chan struct{}
	stalledOnce     sync.Once
	servedOnce      sync.Once
}

func newCrashUpstream(t *testing.T, big []byte) *crashUpstream {
	u := &crashUpstream{stalled: make(chan struct{}), served: make(chan struct{})}
	files := http.FileServer(http.Dir(filepath.Join("..", "..", "feed", "testdata")))
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch rest, stall := strings.CutPrefix(r.URL.Path, "/stall"); {
		case r.URL.Path == "/big.rss":
			w.Write(big)
			u.servedOnce.Do(func() { close(u.served) })
		case stall:
			first := false
			u.stalledOnce.Do(func() { first = true; close(u.stalled) })
			if first {
				<-r.Context().Done()
				return
			}
			r.URL.Path = rest
			files.ServeHTTP(w, r)
		default:
			files.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(u.Close)
	return u
}

// bigListing is a listing of 3,000 papers.
func bigListing(t *testing.T) []byte {
	g, err := feedtest.New()
	if err != nil {
		t.Fatal(err)
	}
	return feedtest.ListingRSS("cs.CV", time.Date(2024, 3, 25, 4, 0, 0, 0, time.UTC), feedtest.Listing("cs.CV", g.Papers(0, 3000)))
}

// Sources of the crash tests: a round of six fixtures polled one at a
// time, the fourth stalling; and one large listing.
const (
	roundSources = `
  - {name: arxiv-cs-cv, url: "%[1]s/arxiv-listing-cs.CV.rss"}
  - {name: arxiv-cs-lg, url: "%[1]s/arxiv-listing-cs.LG.rss"}
  - {name: hf-daily, url: "%[1]s/hf-daily.json", kind: hf-daily}
  - {name: arxiv-api, url: "%[1]s/stall/arxiv-api.atom"}
  - {name: hn-arxiv, url: "%[1]s/hnrss.rss", role: mentions}
  - {name: blog, url: "%[1]s/blog.rss", role: mentions}`
	bigSources = `
  - {name: big, url: "%[1]s/big.rss"}`
)

// crashConfig writes a config polling sources (a template of the
// upstream URL) one at a time into storage.
func crashConfig(t *testing.T, upstream, storage, sources string) string {
	cfg := fmt.Sprintf(`listen: "127.0.0.1:0"
storage: %s
fetch: {host_interval: 0s, timeout: 30s, concurrency: 1}
topics:
  - {slug: all, title: All papers}
signals:
  github: {api: %q}   # never the real GitHub
sources:`, storage, upstream+"/github-api") + fmt.Sprintf(sources, upstream) + "\n"
	path := filepath.Join(t.TempDir(), "paperwire.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// killWhen starts `paperwire fetch` as a child process and kills it with
// SIGKILL as soon as moment is closed.
func killWhen(t *testing.T, moment <-chan struct{}, config string) {
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
	case <-moment:
	case err := <-exited:
		t.Fatalf("fetch ended before the moment to kill it: %v\n%s", err, out)
	case <-time.After(60 * time.Second):
		t.Fatalf("fetch never reached the moment to kill it\n%s", out)
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
			out[p.Key] = []string{}
			for _, s := range p.Sightings {
				out[p.Key] = append(out[p.Key], s.Source)
			}
		}
		if cursor = next; cursor == "" {
			return out
		}
	}
}

// checkOnce compares a store that lived through a crash (after the rerun)
// with one that did not: the same papers, each with the same sightings,
// each once.
func checkOnce(t *testing.T, got, want map[feed.Key][]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d papers after the crash and rerun, want %d", len(got), len(want))
	}
	for k, w := range want {
		if g := got[k]; !slices.Equal(g, w) {
			t.Errorf("%s: sightings %v, want %v", k, g, w)
		}
	}
}

func runFetch(t *testing.T, config string) {
	t.Helper()
	if err := fetchAll(config); err != nil {
		t.Fatal(err)
	}
}

// fetchAll runs `paperwire fetch` and fails when it fails or a source
// does.
func fetchAll(config string) error {
	var out syncBuffer
	if err := run(context.Background(), []string{"paperwire", "fetch", "--config", config}, func(string) string { return "" }, &out, &out); err != nil {
		return fmt.Errorf("fetch: %w\n%s", err, out.String())
	}
	if strings.Contains(out.String(), ": failed") {
		return fmt.Errorf("a source failed:\n%s", out.String())
	}
	return nil
}

// crashStore is where a crash test stores: its config block, what it
// holds, and a signal of its next write.
type crashStore struct {
	storage   string
	sightings func(t *testing.T) map[feed.Key][]string
	// written is closed at the first write seen after it is called.
	written func(ctx context.Context) <-chan struct{}
}

// closeWhen closes the channel it returns once cond holds, checking
// every millisecond until ctx ends.
func closeWhen(ctx context.Context, cond func() bool) <-chan struct{} {
	c := make(chan struct{})
	go func() {
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for !cond() {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
		close(c)
	}()
	return c
}

func boltCrashStore(t *testing.T) crashStore {
	path := filepath.Join(t.TempDir(), "paperwire.db")
	stat := func() (time.Time, int64) {
		fi, err := os.Stat(path)
		if err != nil {
			return time.Time{}, 0
		}
		return fi.ModTime(), fi.Size()
	}
	return crashStore{fmt.Sprintf("{path: %q}", path), func(t *testing.T) map[feed.Key][]string {
		s, err := bolt.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		return sightingsOf(t, s.Scan)
	}, func(ctx context.Context) <-chan struct{} {
		mod, size := stat()
		return closeWhen(ctx, func() bool { m, n := stat(); return !m.Equal(mod) || n != size })
	}}
}

func redisCrashStore(t *testing.T) crashStore {
	shared := redistest.SharedServer(t)
	url, prefix := shared.URL(), shared.Prefix()
	opts, err := goredis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	client := goredis.NewClient(opts)
	t.Cleanup(func() { client.Close() })
	return crashStore{redisStorage(t, url, prefix), func(t *testing.T) map[feed.Key][]string {
		s, err := redis.Open(context.Background(), url, redis.Options{Prefix: prefix})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		return sightingsOf(t, s.Scan)
	}, func(ctx context.Context) <-chan struct{} {
		return closeWhen(ctx, func() bool { return client.Exists(ctx, prefix+"{p0}:all", prefix+"{p1}:all").Val() > 0 })
	}}
}

var crashStores = map[string]func(*testing.T) crashStore{"bolt": boltCrashStore, "redis": redisCrashStore}

// reference starts an uninterrupted fetch of sources into an embedded
// store of its own, in the background, while the crash cases run; want
// waits for it and returns every paper it stored, with its sightings
// (read once: the embedded store opens in one place at a time).
func reference(t *testing.T, sources string, big []byte) (want func(*testing.T) map[feed.Key][]string) {
	up, ref := newCrashUpstream(t, big), boltCrashStore(t)
	up.stalledOnce.Do(func() { close(up.stalled) }) // no stall: the first request under /stall/ is answered too
	config := crashConfig(t, up.URL, ref.storage, sources)
	var err error
	fetched := make(chan struct{})
	go func() {
		defer close(fetched)
		err = fetchAll(config)
	}()
	t.Cleanup(func() { <-fetched }) // before its upstream and folder go
	var mu sync.Mutex
	var stored map[feed.Key][]string
	return func(t *testing.T) map[feed.Key][]string {
		t.Helper()
		<-fetched
		if err != nil {
			t.Fatalf("the uninterrupted reference: %v", err)
		}
		mu.Lock()
		defer mu.Unlock()
		if stored == nil {
			stored = ref.sightings(t)
		}
		return stored
	}
}

// kill -9 in the middle of a round (three sources stored, the fourth
// being fetched), then a rerun: the store opens, and every paper is
// there once with every sighting once, as after an uninterrupted round.
func TestKillMidRound(t *testing.T) {
	t.Parallel() // shares nothing: its own Redis, upstreams, stores and child processes
	want := reference(t, roundSources, nil)
	for name, open := range crashStores {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			up, st := newCrashUpstream(t, nil), open(t)
			killWhen(t, up.stalled, crashConfig(t, up.URL, st.storage, roundSources))
			partial := st.sightings(t)
			runFetch(t, crashConfig(t, up.URL, st.storage, roundSources))
			want := want(t)
			t.Logf("%s: killed round stored %d of %d papers", name, len(partial), len(want))
			if len(partial) == 0 || len(partial) >= len(want) {
				t.Errorf("the killed round stored %d of %d papers: not a crash mid-round", len(partial), len(want))
			}
			checkOnce(t, st.sightings(t), want)
		})
	}
}

// kill -9 while the 3,000 papers of one source are being written (at
// the first write seen after their body was sent), then a rerun: each
// paper once.
func TestKillDuringIngest(t *testing.T) {
	t.Parallel() // shares nothing: its own Redis, upstreams, stores and child processes
	big := bigListing(t)
	want := reference(t, bigSources, big)
	for name, open := range crashStores {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			up, st := newCrashUpstream(t, big), open(t)
			writing := make(chan struct{})
			go func() {
				<-up.served
				<-st.written(t.Context())
				close(writing)
			}()
			killWhen(t, writing, crashConfig(t, up.URL, st.storage, bigSources))
			t.Logf("%s: killed ingest stored %d of 3000 papers", name, len(st.sightings(t)))
			runFetch(t, crashConfig(t, up.URL, st.storage, bigSources))
			checkOnce(t, st.sightings(t), want(t))
		})
	}
}
