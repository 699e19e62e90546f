package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// binary is the real paperwire binary, built for this run.
type binary struct {
	path string
}

// buildBinary builds ./cmd/paperwire into dir.
func buildBinary(ctx context.Context, dir string) (*binary, error) {
	fmt.Fprintf(os.Stderr, "paperbench: building paperwire into %s\n", dir)
	path := filepath.Join(dir, "paperwire")
	out, err := exec.CommandContext(ctx, "go", "build", "-o", path, "./cmd/paperwire").CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("build paperwire: %w\n%s", err, out)
	}
	return &binary{path: path}, nil
}

// runResult is one finished command.
type runResult struct {
	wall    time.Duration
	cpu     time.Duration // user + system
	maxRSS  int64         // peak resident set (VmHWM), bytes
	maxAnon int64         // peak anonymous resident memory (RssAnon), bytes
	stdout  string
}

// run runs a command to its end; a non-zero exit is an error. Its peak
// resident set is VmHWM of /proc/PID/status, read every 10 ms while it
// runs (the exit status's ru_maxrss is no use: Linux counts in it the
// memory of the parent that forked it).
func (b *binary) run(ctx context.Context, args ...string) (runResult, error) {
	cmd := exec.CommandContext(ctx, b.path, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return runResult{}, fmt.Errorf("start paperwire: %w", err)
	}
	peak := make(chan memory, 1)
	stopSampling := make(chan struct{})
	go func() { peak <- samplePeak(cmd.Process.Pid, stopSampling) }()
	err := cmd.Wait()
	r := runResult{wall: time.Since(start), stdout: stdout.String()}
	close(stopSampling)
	m := <-peak
	r.maxRSS, r.maxAnon = m.hwm, m.anon
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	if err != nil {
		return r, fmt.Errorf("paperwire %s: %w\n%s", strings.Join(args, " "), err, tail(stderr.String(), 2000))
	}
	return r, nil
}

// samplePeak reads a process's VmHWM and RssAnon until stop is closed
// and returns the highest values read.
func samplePeak(pid int, stop chan struct{}) memory {
	var peak memory
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	for {
		if m, err := readMemory(pid); err == nil {
			peak.hwm, peak.anon = max(peak.hwm, m.hwm), max(peak.anon, m.anon)
		}
		select {
		case <-stop:
			return peak
		case <-t.C:
		}
	}
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// server is a running `paperwire serve`.
type server struct {
	cmd    *exec.Cmd
	base   string
	stderr *bytes.Buffer
	done   chan error
}

// serve starts `paperwire serve` with the config and waits for /healthz.
func (b *binary) serve(cfgPath, addr string) (*server, error) {
	cmd := exec.Command(b.path, "serve", "--config", cfgPath)
	s := &server{cmd: cmd, base: "http://" + addr, stderr: &bytes.Buffer{}, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = s.stderr, s.stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start paperwire serve: %w", err)
	}
	go func() { s.done <- cmd.Wait() }()
	if err := s.waitHealthy(15 * time.Second); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

func (s *server) waitHealthy(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case err := <-s.done:
			return fmt.Errorf("paperwire serve exited: %w\n%s", err, tail(s.stderr.String(), 2000))
		case <-time.After(50 * time.Millisecond):
		}
		if resp, err := http.Get(s.base + "/healthz"); err == nil {
			resp.Body.Close()
			return nil
		}
	}
	return errors.New("paperwire serve: /healthz did not answer in time")
}

// stop stops the server (SIGTERM, then SIGKILL after 15 s).
func (s *server) stop() { stopProcess(s.cmd, s.done, 15*time.Second) }

// stopProcess sends SIGTERM, and SIGKILL when the process has not ended
// (done closed) within grace.
func stopProcess(cmd *exec.Cmd, done <-chan error, grace time.Duration) {
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(grace):
		_ = cmd.Process.Kill()
		<-done
	}
}

// memory is a process's resident set from /proc/PID/status, in bytes.
type memory struct {
	rss, hwm, anon int64
}

func (s *server) memory() (memory, error) { return readMemory(s.cmd.Process.Pid) }

// readMemory reads VmRSS, VmHWM and RssAnon of a process.
func readMemory(pid int) (memory, error) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return memory{}, fmt.Errorf("read process status: %w", err)
	}
	var m memory
	for _, line := range strings.Split(string(raw), "\n") {
		k, v, _ := strings.Cut(line, ":")
		f := strings.Fields(v)
		if len(f) == 0 {
			continue
		}
		n, _ := strconv.ParseInt(f[0], 10, 64)
		switch k {
		case "VmRSS":
			m.rss = n << 10
		case "VmHWM":
			m.hwm = n << 10
		case "RssAnon":
			m.anon = n << 10
		}
	}
	return m, nil
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }
