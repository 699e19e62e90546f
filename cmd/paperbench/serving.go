package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/paperwire/paperwire/config"
)

// served is a running `paperwire serve` over a store filled by a fetch.
type served struct {
	srv *server
	dir string
	cfg *config.Config
}

// startServed fills a store with corpus c through `paperwire fetch` and
// starts `paperwire serve` on it (sources not due for a day, so that it
// serves without polling), waiting until its start-up work is done.
func (b *bench) startServed(c corpus, topics []config.TopicEntry, redisURL string) (*served, error) {
	dir, err := os.MkdirTemp(b.dir, "serve-*")
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	cfg := baseConfig(dir, addr, b.concurrency)
	cfg.Storage.Redis = redisURL
	cfg.Topics = topics
	cfg.Sources = c.entries(b.farm)
	for i := range cfg.Sources {
		cfg.Sources[i].Every = config.Duration(24 * time.Hour)
	}
	if _, t, err := b.fetchWith(cfg, dir, false); err != nil {
		return nil, fmt.Errorf("fill the store: %w", err)
	} else if t.new != c.totalItems() {
		return nil, fmt.Errorf("fill the store: %d new papers, want %d", t.new, c.totalItems())
	}
	srv, err := b.bin.serve(filepath.Join(dir, "paperwire.yaml"), addr)
	if err != nil {
		return nil, err
	}
	waitIdle(srv.cmd.Process.Pid, 30*time.Second)
	return &served{srv: srv, dir: dir, cfg: cfg}, nil
}

func (s *served) stop() {
	s.srv.stop()
	os.RemoveAll(s.dir)
}

// waitIdle waits until a process has used less than 5% of a core for a
// second (its start-up work — reindex, pruning, leases — is done).
func waitIdle(pid int, limit time.Duration) {
	deadline := time.Now().Add(limit)
	last := cpuTicks(pid)
	for time.Now().Before(deadline) {
		time.Sleep(time.Second)
		now := cpuTicks(pid)
		if now-last < 5 { // clock ticks are 1/100 s
			return
		}
		last = now
	}
}

// cpuTicks is utime + stime of a process, in clock ticks.
func cpuTicks(pid int) int64 {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(raw)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	k, _ := strconv.ParseInt(f[12], 10, 64)
	return u + k
}

// fetchBody GETs a URL and returns its body and headers.
func fetchBody(url string, header ...string) ([]byte, http.Header, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("get %s: %w", url, err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultTransport.RoundTrip(req) // no transparent gunzip
	if err != nil {
		return nil, nil, fmt.Errorf("get %s: %w", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("get %s: %s", url, resp.Status)
	}
	return body, resp.Header, err
}

// servingKinds are the three answers measured: plain, gzip and 304.
func servingKinds() []string { return []string{"plain", "gzip", "304"} }

// target is one server under load.
type target struct {
	name    string
	url     string
	headers map[string][]string // per kind
	figs    map[string]*figure
	p99     map[string]*figure
}

// serveSection measures target 3: a cached 50-item topic feed under wrk.
func (b *bench) serveSection() *section {
	s := &section{title: "3. Serving a cached 50-item topic feed",
		intro: fmt.Sprintf("wrk -t2 -c64 -d%ds on loopback (wrk shares the 2 cores with the server) against `paperwire serve` "+
			"(/topics/all.rss, 50 items, store filled by a fetch of table 1's corpus), the minimal net/http handler writing the same pre-built bytes "+
			"with the same headers (a child process of paperbench), and nginx serving the same bytes as a static file with gzip_static. "+
			"304: If-None-Match with the current (gzip) ETag.", b.sizes.serveSeconds)}
	if _, err := execLook("wrk"); err != nil {
		s.skipped = "wrk not found; install with: " + install
		b.log.Warn("serving figures SKIPPED: " + s.skipped)
		return s
	}
	if err := b.serving(s); err != nil {
		s.notef("failed: %v", err)
	}
	return s
}
