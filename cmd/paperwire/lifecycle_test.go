package main

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// serveChild starts `paperwire serve` as a child process (signals reach
// it alone) and waits until it answers /healthz.
func serveChild(t *testing.T, config, addr string) (*exec.Cmd, *syncBuffer, <-chan error) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=serve\n--config\n"+config)
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-exited
		}
	})
	waitFor(t, "the child to serve", 30*time.Second, func() bool {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil
	})
	return cmd, out, exited
}

// SIGHUP is logged and changes nothing; SIGTERM stops serve gracefully
// while a poll hangs on a stalled source: the poll is interrupted, the
// process exits 0 well before the fetch timeout.
func TestSignals(t *testing.T) {
	t.Parallel()
	up := newCrashUpstream(t, nil)
	dir := t.TempDir()
	addr := freePort(t)
	db := filepath.Join(dir, "paperwire.db")
	config := filepath.Join(dir, "paperwire.yaml")
	yaml := fmt.Sprintf(`listen: %q
storage: {path: %q}
fetch: {host_interval: 0s, timeout: 5m}
sources:
  - {name: arxiv-api, url: "%s/stall/arxiv-api.atom"}
topics:
  - {slug: all, title: All papers}
`, addr, db, up.URL)
	if err := os.WriteFile(config, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd, out, exited := serveChild(t, config, addr)

	if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "SIGHUP to be logged", 10*time.Second, func() bool { return strings.Contains(out.String(), "SIGHUP ignored") })
	if resp, err := http.Get("http://" + addr + "/healthz"); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("after SIGHUP: %v %v\n%s", resp, err, out)
	}

	select {
	case <-up.stalled:
	case <-time.After(30 * time.Second):
		t.Fatalf("the poll never reached the stalled source\n%s", out)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("serve exited with %v after SIGTERM\n%s", err, out)
		}
	case <-time.After(shutdownGrace + 20*time.Second):
		t.Fatalf("serve did not stop after SIGTERM\n%s", out)
	}
	logs := out.String()
	if !strings.Contains(logs, "source=arxiv-api status=skipped") || !strings.Contains(logs, "stopped") {
		t.Errorf("the stalled poll was not interrupted, or no stop was logged:\n%s", logs)
	}
}
