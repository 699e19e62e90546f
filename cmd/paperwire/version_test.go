package main

import (
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"testing"

	"github.com/paperwire/paperwire/feed/serve"
)

// The version and revision come from the build info, never "dev".
func TestBuildOf(t *testing.T) {
	bi := &debug.BuildInfo{Main: debug.Module{Path: "github.com/paperwire/paperwire", Version: "v0.3.1"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "4f2c0a9e1b7d3c5a6e8f0b1d2c3e4f5a6b7c8d9e"}, {Key: "vcs.modified", Value: "true"}}}
	b := buildOf(bi, true)
	if got, want := versionLine(b), "paperwire v0.3.1 (revision 4f2c0a9e1b7d3c5a6e8f0b1d2c3e4f5a6b7c8d9e+modified)"; got != want {
		t.Errorf("version %q, want %q", got, want)
	}
	if got, want := userAgent(b, "https://papers.example.org"), "Paperwire/v0.3.1 (+https://papers.example.org)"; got != want {
		t.Errorf("User-Agent %q, want %q", got, want)
	}
	devel := buildOf(&debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "4f2c0a9e1b7d3c5a6e8f0b1d2c3e"}}}, true)
	if got, want := userAgent(devel, "http://h"), "Paperwire/devel-4f2c0a9e1b7d (+http://h)"; got != want {
		t.Errorf("User-Agent of a devel build %q, want %q", got, want)
	}
	if got := versionLine(buildOf(nil, false)); got != "paperwire (devel) (revision unknown)" {
		t.Errorf("without build info: %q", got)
	}
}

// A built binary prints the module version and VCS revision the go
// command stamped into it (in a git clone: the pseudo-version and the
// commit; git worktrees get no VCS stamp from the go command).
func TestVersionOfABuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	t.Parallel() // shares nothing: the go command and a folder of its own
	bin := filepath.Join(t.TempDir(), "paperwire")
	// Linked as the Dockerfile links it, without symbol table and DWARF
	// (a quarter less work for the linker); the build info stays.
	if out, err := exec.Command("go", "build", "-buildvcs=auto", "-ldflags=-s -w", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	stamped, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	want := serveBuild(string(stamped))
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(out)); got != versionLine(want) {
		t.Errorf("paperwire version: %q, want %q (from go version -m)", got, versionLine(want))
	}
}

// serveBuild reads the version and revision from `go version -m`.
func serveBuild(stamped string) serve.Build {
	b := serve.Build{Version: "(devel)", Revision: "unknown"}
	modified := false
	for line := range strings.Lines(stamped) {
		f := strings.Fields(line)
		switch {
		case len(f) >= 3 && f[0] == "mod":
			b.Version = f[2]
		case len(f) == 2 && strings.HasPrefix(f[1], "vcs.revision="):
			b.Revision = strings.TrimPrefix(f[1], "vcs.revision=")
		case len(f) == 2 && f[1] == "vcs.modified=true":
			modified = true
		}
	}
	if modified {
		b.Revision += "+modified"
	}
	return b
}

// The fetcher names this build in its User-Agent.
func TestFetchUserAgentNamesTheBuild(t *testing.T) {
	t.Parallel() // shares nothing: its own upstream, port and store
	var mu sync.Mutex
	agents := map[string]bool{}
	files := http.FileServer(http.Dir(filepath.Join("..", "..", "feed", "testdata")))
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents[r.UserAgent()] = true
		mu.Unlock()
		files.ServeHTTP(w, r)
	}))
	defer up.Close()
	e := newE2E(t, up.URL)
	if _, stderr, err := e.run("fetch"); err != nil {
		t.Fatalf("fetch: %v\n%s", err, stderr)
	}
	want := userAgent(build(), "http://"+e.addr)
	mu.Lock()
	defer mu.Unlock()
	if !agents[want] || strings.Contains(want, "/dev ") {
		t.Errorf("User-Agents %v, want %q", agents, want)
	}
}
