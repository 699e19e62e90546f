package main

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// runArgs runs paperwire with args and the given environment.
func runArgs(env map[string]string, args ...string) (stdout, stderr string, err error) {
	var out, errb syncBuffer
	err = run(context.Background(), append([]string{"paperwire"}, args...), func(k string) string { return env[k] }, &out, &errb)
	return out.String(), errb.String(), err
}

// `serve --help` and `help serve` both print serve's help and succeed.
func TestCommandHelp(t *testing.T) {
	for _, args := range [][]string{{"serve", "--help"}, {"serve", "-h"}, {"help", "serve"}} {
		out, _, err := runArgs(nil, args...)
		if err != nil || !strings.Contains(out, "Usage: paperwire serve [--config FILE]") || !strings.Contains(out, "-config") {
			t.Errorf("%v: %v\n%s", args, err, out)
		}
	}
	out, _, err := runArgs(nil, "help", "healthcheck")
	if err != nil || !strings.Contains(out, "-ready") {
		t.Errorf("help healthcheck: %v\n%s", err, out)
	}
	for _, args := range [][]string{{"--help"}, {"help"}} {
		if out, _, err := runArgs(nil, args...); err != nil || !strings.Contains(out, "paperwire help COMMAND") {
			t.Errorf("%v: %v\n%s", args, err, out)
		}
	}
	if _, _, err := runArgs(nil, "help", "serv"); err == nil || !strings.Contains(err.Error(), `no command "serv"`) {
		t.Errorf("help of an unknown command: %v", err)
	}
}

// A misplaced flag or a stray argument gets a reason, not a bare usage.
func TestMisplacedFlagsHaveAReason(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"pin", "all", "arxiv:2403.15929", "--config", "x.yaml"}, "pin: flag --config comes after an argument; flags go first (usage: paperwire pin [--config FILE] TOPIC KEY)"},
		{[]string{"serve", "now"}, `serve: unexpected argument "now" (usage: paperwire serve [--config FILE])`},
		{[]string{"--config", "x.yaml", "check"}, `unexpected argument "check": the command comes first, then its flags (paperwire check --config FILE)`},
		{[]string{"serve", "--cofig", "x.yaml"}, "serve: flag provided but not defined: -cofig (see paperwire help serve)"},
		{[]string{"pin", "all"}, "pin: want 2 arguments, got 1"},
		{[]string{"serf"}, `unknown command "serf"`},
	} {
		_, stderr, err := runArgs(nil, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v:\n got %v\nwant %s", tc.args, err, tc.want)
		}
		if strings.Contains(stderr, "Usage") {
			t.Errorf("%v printed a bare usage: %s", tc.args, stderr)
		}
	}
}

// With an occupied port, serve fails before it creates a store: no new
// data file is left behind. Flags alone (docker run IMAGE --config FILE)
// mean serve.
func TestFailedListenCreatesNoStore(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	db := filepath.Join(t.TempDir(), "data", "paperwire.db")
	cfg := writeFile(t, "listen: "+taken.Addr().String()+"\nstorage: {path: "+db+"}\n")
	for _, args := range [][]string{{"serve", "--config", cfg}, {"--config", cfg}} {
		_, _, err := runArgs(nil, args...)
		if err == nil || !strings.Contains(err.Error(), "listen on "+taken.Addr().String()) {
			t.Fatalf("%v on a taken port: %v", args, err)
		}
		if _, err := os.Stat(filepath.Dir(db)); !os.IsNotExist(err) {
			t.Fatalf("%v left a data folder behind: %v", args, err)
		}
	}
	// and an invalid config opens nothing either
	if _, _, err := runArgs(map[string]string{"PAPERWIRE_STORAGE_PATH": db, "PAPERWIRE_LISTEN": "x"}, "serve"); err == nil {
		t.Fatal("an invalid listen was accepted")
	}
	if _, err := os.Stat(filepath.Dir(db)); !os.IsNotExist(err) {
		t.Fatalf("an invalid config left a data folder behind: %v", err)
	}
}

// healthcheck follows listen from the config or the environment; with
// --ready it also needs /readyz.
func TestHealthcheckFollowsListenAndReadiness(t *testing.T) {
	var ready atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/readyz" && !ready.Load() {
			http.Error(w, "store down", http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	_, port, _ := net.SplitHostPort(addr)
	env := map[string]string{"PAPERWIRE_LISTEN": ":" + port}
	if out, _, err := runArgs(env, "healthcheck"); err != nil || !strings.Contains(out, "healthy") {
		t.Errorf("healthcheck via PAPERWIRE_LISTEN: %v %s", err, out)
	}
	if _, _, err := runArgs(env, "healthcheck", "--ready"); err == nil || !strings.Contains(err.Error(), "/readyz answered 503") {
		t.Errorf("healthcheck --ready with the store down: %v", err)
	}
	ready.Store(true)
	cfg := writeFile(t, "listen: "+addr+"\n")
	if out, _, err := runArgs(nil, "healthcheck", "--ready", "--config", cfg); err != nil || !strings.Contains(out, "healthy and ready") {
		t.Errorf("healthcheck --ready via the config's listen: %v %s", err, out)
	}
	if _, _, err := runArgs(map[string]string{"PAPERWIRE_LISTEN": freePort(t)}, "healthcheck"); err == nil {
		t.Error("healthcheck succeeded with nothing listening")
	}
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "paperwire.yaml")
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
