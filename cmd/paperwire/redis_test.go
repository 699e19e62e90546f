package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/render"
	"github.com/paperwire/paperwire/storage/bolt"
	"github.com/paperwire/paperwire/storage/redis"
	"github.com/paperwire/paperwire/storage/redis/redistest"
)

// countingUpstream serves the fixtures and counts requests per path.
type countingUpstream struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func newCountingUpstream(t *testing.T) *countingUpstream {
	u := &countingUpstream{hits: map[string]int{}}
	files := http.FileServer(http.Dir(filepath.Join("..", "..", "feed", "testdata")))
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.mu.Lock()
		u.hits[r.URL.Path]++
		u.mu.Unlock()
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(u.Close)
	return u
}

func (u *countingUpstream) counts() map[string]int {
	u.mu.Lock()
	defer u.mu.Unlock()
	out := map[string]int{}
	for k, v := range u.hits {
		if !strings.HasPrefix(k, "/github-api/") { // the signal poller's, not a source's
			out[k] = v
		}
	}
	return out
}

// allPolled reports whether /status.json shows every source polled
// successfully (its papers stored: the state is saved after them).
func (e *e2e) allPolled() bool {
	_, body := e.get("/status.json")
	var st render.Status
	if json.Unmarshal(body, &st) != nil || len(st.Sources) == 0 {
		return false
	}
	for _, s := range st.Sources {
		if s.LastSuccess == nil {
			return false
		}
	}
	return true
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// leaseWatch records, through MONITOR on every node, which holders asked
// for which lease: a scheduler asks for a source's lease when it looks at it.
type leaseWatch struct {
	mu   sync.Mutex
	seen map[string]bool // key + " " + holder
}

func watchLeases(t *testing.T, addrs []string, prefix string) *leaseWatch {
	w := &leaseWatch{seen: map[string]bool{}}
	for _, addr := range addrs {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Write([]byte("MONITOR\r\n")); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { defer close(done); w.read(bufio.NewScanner(conn), prefix) }()
		t.Cleanup(func() { conn.Close(); <-done })
	}
	return w
}

// read records lease requests until the connection closes: a MONITOR
// line `+ts [0 addr] "evalsha" "sha" "1" "<key>" "<holder>" "<ms>"` (or
// eval with the script); the script's own GET and SET carry no holder.
func (w *leaseWatch) read(lines *bufio.Scanner, prefix string) {
	for lines.Scan() {
		f := strings.Fields(lines.Text())
		for i := 3; i+4 < len(f); i++ {
			if strings.HasPrefix(strings.ToUpper(f[i]), `"EVAL`) && strings.HasPrefix(f[i+3], `"`+prefix) {
				w.mu.Lock()
				w.seen[f[i+3]+" "+f[i+4]] = true
				w.mu.Unlock()
			}
		}
	}
}

// clusterNodes are the addresses of a cluster's nodes, as its URL names
// them (redis://node1?addr=node2&addr=node3).
func clusterNodes(t *testing.T, url string) []string {
	opts, err := goredis.ParseClusterURL(url)
	if err != nil {
		t.Fatal(err)
	}
	return opts.Addrs
}

// asked is how many (source, holder) pairs asked for a lease.
func (w *leaseWatch) asked() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.seen)
}

// redisStorage is the storage config of a process on Redis, with a
// folder of its own for what it keeps on disk (the last good renderings).
func redisStorage(t testing.TB, url, prefix string) string {
	return fmt.Sprintf("{redis: %q, prefix: %q, path: %q}", url, prefix, filepath.Join(t.TempDir(), "paperwire.db"))
}

// Three processes on one Redis Cluster: each source fetched once per
// interval, no paper lost or duplicated, identical feed bytes from all
// three, and a pin made through any of them shows up in all.
func TestThreeProcessesOneCluster(t *testing.T) {
	t.Parallel() // shares nothing but the package's cluster, under a prefix of its own
	cl := redistest.SharedCluster(t)
	up := newCountingUpstream(t)
	leases := watchLeases(t, clusterNodes(t, cl.URL()), cl.Prefix()+"lease:poll:")
	const base = "http://paperwire.test"
	var procs []*e2e
	for range 3 {
		procs = append(procs, newE2EWith(t, up.URL, freePort(t), base, redisStorage(t, cl.URL(), cl.Prefix())))
	}
	for _, p := range procs {
		_, stop := p.serve()
		defer stop()
	}
	waitFor(t, "every source fetched", 20*time.Second, func() bool { return len(up.counts()) == 7 })
	// Every scheduler has now asked for every source: nobody may fetch again.
	waitFor(t, "three schedulers to look at every source", 20*time.Second, func() bool { return leases.asked() >= 3*7 })
	for path, n := range up.counts() {
		if n != 1 {
			t.Errorf("%s fetched %d times in one interval by three processes, want 1", path, n)
		}
	}
	sameEverywhere(t, procs)
	if got, want := countRedisPapers(t, cl.URL(), cl.Prefix()), countReferencePapers(t, up.URL); got != want {
		t.Errorf("the cluster holds %d papers, one process on the embedded store %d", got, want)
	}
	if _, _, err := procs[0].run("pin", "all", "arxiv:2403.16864"); err != nil {
		t.Fatalf("pin while serving on Redis: %v", err)
	}
	for i, p := range procs {
		waitFor(t, fmt.Sprintf("the pin on process %d", i), 5*time.Second, func() bool {
			return p.feed("/topics/all.atom").Items[0].GUID == "https://arxiv.org/abs/2403.16864"
		})
	}
	sameEverywhere(t, procs)
}

// sameEverywhere waits until every process serves identical bytes and
// ETags for every format (each rereads the store's revisions each second).
func sameEverywhere(t *testing.T, procs []*e2e) {
	t.Helper()
	for _, f := range []string{"all.rss", "all.atom", "all.json", "segmentation.atom"} {
		waitFor(t, "identical "+f, 5*time.Second, func() bool {
			var first []byte
			var tag string
			for i, p := range procs {
				resp, body := p.get("/topics/" + f)
				if i == 0 {
					first, tag = body, resp.Header.Get("ETag")
				} else if !bytes.Equal(body, first) || resp.Header.Get("ETag") != tag {
					return false
				}
			}
			return len(first) > 0 && bytes.Contains(first, []byte("2403.15157"))
		})
	}
}

func countRedisPapers(t *testing.T, url, prefix string) int {
	s, err := redis.Open(context.Background(), url, redis.Options{Prefix: prefix})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return scanCount(t, s.Scan)
}

// countReferencePapers ingests the same fixtures with one `fetch` on the
// embedded store.
func countReferencePapers(t *testing.T, upstream string) int {
	path := filepath.Join(t.TempDir(), "ref.db")
	ref := newE2EWith(t, upstream, freePort(t), "http://ref.test", fmt.Sprintf("{path: %q}", path))
	if _, _, err := ref.run("fetch"); err != nil {
		t.Fatal(err)
	}
	s, err := bolt.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return scanCount(t, s.Scan)
}

func scanCount(t *testing.T, scan func(context.Context, string, int) ([]*feed.Paper, string, error)) int {
	n, cursor := 0, ""
	for {
		page, next, err := scan(context.Background(), cursor, 200)
		if err != nil {
			t.Fatal(err)
		}
		n += len(page)
		if cursor = next; cursor == "" {
			return n
		}
	}
}

// Redis down at start: fetch fails naming the address; serve stays up,
// not ready, and starts working when Redis comes. Redis going away while
// serving: feeds are served from the last good rendering, never 5xx.
func TestRedisOutages(t *testing.T) {
	t.Parallel() // shares nothing: its own Redis, upstream, port and store
	inst := redistest.Server(t)
	inst.Stop()
	up := newCountingUpstream(t)
	// A request to a stopped Redis fails at its first refused connection
	// instead of after go-redis's retries: max_retries=-1 (0 means the
	// default, 3 retries) and dialer_retries=1 (5 dials 100 ms apart by
	// default). The outage is the same, seen sooner.
	e := newE2EWith(t, up.URL, freePort(t), "http://paperwire.test", redisStorage(t, inst.URL()+"?max_retries=-1&dialer_retries=1", "outage:"))
	_, _, err := e.run("fetch")
	if err == nil || !strings.Contains(err.Error(), inst.Addr()) {
		t.Fatalf("fetch with Redis down: %v; want an error naming %s", err, inst.Addr())
	}
	logs, serving := e.serve()
	stop := sync.OnceFunc(serving)
	defer stop()
	checkDownAtStart(t, e, logs)
	inst.Start()
	before := checkOutageWhileServing(t, e, inst)
	if down, up := strings.Count(logs.String(), "store unreachable"), strings.Count(logs.String(), "store reachable again"); down != 2 || up != 2 {
		t.Errorf("two outages logged as %d outages and %d recoveries, want 2 and 2:\n%s", down, up, logs)
	}
	if out, _, err := e.run("fetch", "--force"); err != nil || strings.Contains(out, "failed") {
		t.Errorf("fetch after Redis came back: %v\n%s", err, out)
	}
	if after := countRedisPapers(t, inst.URL(), "outage:"); after != before {
		t.Errorf("papers %d before the outage, %d after", before, after)
	}
	resp, body := e.get("/topics/all.atom") // what this server serves now is kept on disk
	stop()
	inst.Stop()
	_, restarted := e.serve() // during the outage: the last good rendering from disk, not 503
	defer restarted()
	if r, b := e.get("/topics/all.atom"); r.StatusCode != http.StatusOK || !bytes.Equal(b, body) || r.Header.Get("ETag") != resp.Header.Get("ETag") {
		t.Errorf("restarted during an outage: %d, want the last good rendering kept on disk", r.StatusCode)
	}
}

// checkDownAtStart checks a server started with Redis down: nothing
// rendered yet, so 503 with a short Retry-After, and the outage logged once.
func checkDownAtStart(t *testing.T, e *e2e, logs *syncBuffer) {
	t.Helper()
	for range 3 {
		if resp, _ := e.get("/readyz"); resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("readyz with Redis down: %d", resp.StatusCode)
		}
		if resp, _ := e.get("/topics/all.rss"); resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "30" {
			t.Errorf("feed never rendered, Redis down: %d, Retry-After %q; want 503, 30", resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		e.get("/status.json")
	}
	if n := strings.Count(logs.String(), "store unreachable"); n != 1 {
		t.Errorf("Redis down logged %d times, want once:\n%s", n, logs)
	}
}

// checkOutageWhileServing waits for the server to fill its feeds once
// Redis is up, stops Redis and checks the last good rendering is served,
// then starts Redis again and waits until ready. It returns the papers
// stored before the outage.
func checkOutageWhileServing(t *testing.T, e *e2e, inst *redistest.Instance) int {
	t.Helper()
	waitFor(t, "ready once Redis is up", 10*time.Second, func() bool { resp, _ := e.get("/readyz"); return resp.StatusCode == 200 })
	waitFor(t, "papers after Redis came up", 20*time.Second, func() bool { return len(e.feed("/topics/all.atom").Items) > 20 })
	waitFor(t, "every source polled once", 20*time.Second, func() bool { return e.allPolled() })
	before := countRedisPapers(t, inst.URL(), "outage:")
	resp, body := e.get("/topics/all.atom")
	inst.Stop()
	for _, f := range []string{"/topics/all.atom", "/topics/all.atom?limit=500"} {
		r, b := e.get(f)
		if r.StatusCode >= 500 {
			t.Errorf("%s with Redis down: %d", f, r.StatusCode)
		}
		if f == "/topics/all.atom" && (!bytes.Equal(b, body) || r.Header.Get("ETag") != resp.Header.Get("ETag")) {
			t.Errorf("%s with Redis down: not the last good rendering", f)
		}
	}
	if resp, _ := e.get("/readyz"); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("readyz with Redis gone: %d", resp.StatusCode)
	}
	inst.Start()
	waitFor(t, "ready again", 10*time.Second, func() bool { resp, _ := e.get("/readyz"); return resp.StatusCode == 200 })
	return before
}
