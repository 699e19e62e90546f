// Package redisproc starts and stops throwaway redis-server processes on
// 127.0.0.1 — a standalone server or a Redis Cluster of masters — for
// tests (through storage/redis/redistest) and benchmarks (cmd/paperbench).
// Servers run without persistence in a folder the caller gives.
package redisproc

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
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// startTimeout bounds the wait for a new server to answer.
const startTimeout = 10 * time.Second

// Missing returns the first of the named programs that is not on PATH,
// or "" when all are.
func Missing(names ...string) string {
	for _, name := range names {
		if _, err := exec.LookPath(name); err != nil {
			return name
		}
	}
	return ""
}

// Server is one redis-server process on 127.0.0.1.
type Server struct {
	port  int
	dir   string
	extra []string // more redis-server arguments

	mu   sync.Mutex
	proc *process
	held *os.File // the port, while stopped (see Stop)
}

// process is one run of redis-server.
type process struct {
	cmd  *exec.Cmd
	out  *syncBuffer
	done chan struct{} // closed when the process has exited
}

// Start starts a server on a free port with its files in dir (with bus,
// on a port whose cluster bus port is free too); extra are more
// redis-server arguments. The caller stops it.
func Start(dir string, bus bool, extra ...string) (*Server, error) {
	s := &Server{dir: dir, extra: extra}
	var err error
	for range 5 { // a free port can be taken between probe and bind
		if s.port, err = freePort(bus); err != nil {
			return nil, err
		}
		if err = s.Restart(); err == nil {
			return s, nil
		}
	}
	return nil, fmt.Errorf("redisproc: start redis-server: %w", err)
}

// Addr is host:port.
func (s *Server) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)) }

// URL is the redis:// URL of database 0.
func (s *Server) URL() string { return "redis://" + s.Addr() + "/0" }

// Restart starts a stopped server again, on the same port and folder.
func (s *Server) Restart() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc != nil {
		return fmt.Errorf("redis-server on %s already running", s.Addr())
	}
	if s.held != nil {
		s.held.Close()
		s.held = nil
	}
	args := []string{"--port", strconv.Itoa(s.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", s.dir}
	p, err := launch("redis-server", append(args, s.extra...)...)
	if err != nil {
		return err
	}
	if err := waitPing(s.Addr(), p); err != nil {
		p.kill()
		return fmt.Errorf("%w\n%s", err, p.out.String())
	}
	s.proc = p
	return nil
}

// Pid is the process id of the running server (0 when stopped).
func (s *Server) Pid() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc == nil {
		return 0
	}
	return s.proc.cmd.Process.Pid
}

// Stop kills the server and waits until it has exited; it is a no-op when the
// server is not running. The port stays held (bound, not listening:
// connections are refused) until Restart, so that no other listener
// started meanwhile — by parallel tests — is given it.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc != nil {
		s.proc.kill()
		s.proc = nil
		s.held = holdPort(s.port)
	}
}

// launch starts a program in its own process group, which dies with the
// program that started it where the OS allows it (see procattr_*.go).
func launch(name string, args ...string) (*process, error) {
	out := &syncBuffer{}
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = sysProcAttr()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &process{cmd: cmd, out: out, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// kill kills the process (SIGKILL: a server without persistence has
// nothing to save, and SIGTERM would wait for its next cron tick, 100 ms)
// and waits until it has exited.
func (p *process) kill() {
	_ = signalGroup(p.cmd.Process, syscall.SIGKILL)
	<-p.done
}

// waitPing waits until the server at addr answers PING, or fails early
// when its process exits (e.g. the port was taken).
func waitPing(addr string, p *process) error {
	deadline := time.Now().Add(startTimeout)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		err := ping(addr)
		if err == nil {
			return nil
		}
		select {
		case <-p.done:
			return fmt.Errorf("redis-server on %s exited", addr)
		case <-tick.C:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("redis-server on %s not answering after %s: %w", addr, startTimeout, err)
		}
	}
}

// ping sends PING once addr accepts connections (connecting first keeps
// go-redis from logging every refused connection).
func ping(addr string) error {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return err
	}
	conn.Close()
	c := newClient(addr)
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	return c.Ping(ctx).Err()
}

// newClient is a client of one node that neither retries a command nor
// redials: a refused connection fails at once.
func newClient(addr string) *goredis.Client {
	return goredis.NewClient(&goredis.Options{Addr: addr, MaxRetries: -1, DialerRetries: 1, DialTimeout: time.Second})
}

// freePort returns a port free on 127.0.0.1; with bus, one whose +10000
// (the cluster bus port) is free too.
func freePort(bus bool) (int, error) {
	for range 100 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, fmt.Errorf("redisproc: find a free port: %w", err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		ok := !bus || port+10000 <= 65535 && portFree(port+10000)
		l.Close()
		if ok {
			return port, nil
		}
	}
	return 0, fmt.Errorf("redisproc: no free port found")
}

func portFree(port int) bool {
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return false
	}
	l.Close()
	return true
}

// syncBuffer collects a process's output for error messages.
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
