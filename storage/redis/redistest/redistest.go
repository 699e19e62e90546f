// Package redistest starts throwaway redis-server processes for tests: a
// standalone server (Server) or a Redis Cluster (Cluster). Every process is
// stopped when the test ends, pass or fail.
//
// When redis-server is not on PATH the tests using them are skipped with a
// loud message, unless PAPERWIRE_REQUIRE_REDIS=1, which makes that a
// failure (use it in CI so the Redis backend cannot go untested silently).
package redistest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

const (
	startTimeout = 10 * time.Second
	stopTimeout  = 5 * time.Second
)

// Instance is one redis-server process on 127.0.0.1.
type Instance struct {
	t     testing.TB
	port  int
	dir   string
	extra []string // more redis-server arguments

	mu   sync.Mutex
	proc *process
}

// process is one run of redis-server.
type process struct {
	cmd  *exec.Cmd
	out  *syncBuffer
	done chan struct{} // closed when the process has exited
}

// requireTools skips (or, with PAPERWIRE_REQUIRE_REDIS=1, fails) the test
// when one of the named programs is missing.
func requireTools(t testing.TB, names ...string) {
	t.Helper()
	for _, name := range names {
		if _, err := exec.LookPath(name); err == nil {
			continue
		}
		msg := fmt.Sprintf("%s not found on PATH: Redis backend NOT tested (install Redis; set PAPERWIRE_REQUIRE_REDIS=1 to make this a failure)", name)
		if os.Getenv("PAPERWIRE_REQUIRE_REDIS") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
}

// Server starts a standalone redis-server on a free port, without
// persistence, and stops it when the test ends.
func Server(t testing.TB) *Instance {
	t.Helper()
	requireTools(t, "redis-server")
	return startInstance(t, false, nil)
}

// startInstance starts a server on a free port (with bus, one whose
// cluster bus port is free too); extra gives more arguments given the
// server's folder.
func startInstance(t testing.TB, bus bool, extra func(dir string) []string) *Instance {
	t.Helper()
	i := &Instance{t: t, dir: t.TempDir()}
	if extra != nil {
		i.extra = extra(i.dir)
	}
	t.Cleanup(i.Stop)
	var err error
	for range 5 { // a free port can be taken between probe and bind
		i.port = freePort(t, bus)
		if err = i.start(); err == nil {
			return i
		}
	}
	t.Fatalf("redistest: start redis-server: %v", err)
	return nil
}

// Addr is host:port.
func (i *Instance) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(i.port)) }

// URL is the redis:// URL of database 0.
func (i *Instance) URL() string { return "redis://" + i.Addr() + "/0" }

// Start restarts a stopped server on the same port and folder.
func (i *Instance) Start() {
	i.t.Helper()
	if err := i.start(); err != nil {
		i.t.Fatalf("redistest: restart redis-server on %s: %v", i.Addr(), err)
	}
}

func (i *Instance) start() error {
	i.mu.Lock()
	defer i.mu.Unlock()
	if i.proc != nil {
		return fmt.Errorf("redis-server on %s already running", i.Addr())
	}
	args := []string{"--port", strconv.Itoa(i.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", i.dir}
	p, err := launch("redis-server", append(args, i.extra...)...)
	if err != nil {
		return err
	}
	if err := waitPing(i.Addr(), p); err != nil {
		p.kill()
		return fmt.Errorf("%w\n%s", err, p.out.String())
	}
	i.proc = p
	return nil
}

// Stop stops the server (SIGTERM, then SIGKILL); it is a no-op when the
// server is not running.
func (i *Instance) Stop() {
	i.mu.Lock()
	defer i.mu.Unlock()
	if i.proc != nil {
		i.proc.kill()
		i.proc = nil
	}
}

// launch starts a program in its own process group, which dies with the
// test binary where the OS allows it (see procattr_*.go).
func launch(name string, args ...string) (*process, error) {
	out := &syncBuffer{}
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = sysProcAttr()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &process{cmd: cmd, out: out, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

func (p *process) kill() {
	_ = signalGroup(p.cmd.Process, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(stopTimeout):
		_ = signalGroup(p.cmd.Process, syscall.SIGKILL)
		<-p.done
	}
}

// waitPing waits until the server at addr answers PING, or fails early
// when its process exits (e.g. the port was taken).
func waitPing(addr string, p *process) error {
	c := goredis.NewClient(&goredis.Options{Addr: addr, MaxRetries: -1, DialTimeout: time.Second})
	defer c.Close()
	deadline := time.Now().Add(startTimeout)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := c.Ping(ctx).Err()
		cancel()
		if err == nil {
			return nil
		}
		select {
		case <-p.done:
			return fmt.Errorf("redis-server on %s exited", addr)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("redis-server on %s not answering after %s: %w", addr, startTimeout, err)
		}
	}
}

// freePort returns a port free on 127.0.0.1; with bus, one whose +10000
// (the cluster bus port) is free too.
func freePort(t testing.TB, bus bool) int {
	t.Helper()
	for range 100 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatalf("redistest: find a free port: %v", err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		ok := !bus || port+10000 <= 65535 && portFree(port+10000)
		l.Close()
		if ok {
			return port
		}
	}
	t.Fatal("redistest: no free port found")
	return 0
}

func portFree(port int) bool {
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return false
	}
	l.Close()
	return true
}

// syncBuffer collects a process's output for failure messages.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
