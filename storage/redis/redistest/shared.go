package redistest

import (
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/paperwire/paperwire/storage/redis/redisproc"
)

// sharedMasters is the size of the shared cluster.
const sharedMasters = 3

// pool holds the servers the tests of one package share: one standalone
// server and one cluster, each started on first use and stopped by Main.
// It is process-wide, as a test binary is one package.
var pool struct {
	mu      sync.Mutex
	main    bool   // Main is running the tests
	dir     string // the servers' files, removed by Main
	n       int    // namespaces handed out
	server  lazy[*redisproc.Server]
	cluster lazy[*redisproc.Cluster]
}

// lazy is a value started once, by whoever asks first.
type lazy[T any] struct {
	once sync.Once
	v    T
	err  error
	ok   bool // started (so Main stops it)
}

func (l *lazy[T]) get(start func() (T, error)) (T, error) {
	l.once.Do(func() {
		l.v, l.err = start()
		l.ok = l.err == nil
	})
	return l.v, l.err
}

// Option changes what Main does.
type Option func()

// PrestartCluster has Main start the shared cluster as the tests start, in
// the background, instead of at the first test that asks for it: its 2 s
// of starting then overlap with the tests that need no cluster.
func PrestartCluster() Option {
	return func() {
		if redisproc.Missing("redis-server") == "" {
			go func() { _, _ = pool.cluster.get(startCluster) }()
		}
	}
}

// Main runs a package's tests and returns their exit code, having stopped
// the servers they shared (SharedServer, SharedCluster). Call it from
// TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(redistest.Main(m)) }
func Main(m *testing.M, opts ...Option) int {
	pool.mu.Lock()
	pool.main = true
	pool.mu.Unlock()
	for _, o := range opts {
		o()
	}
	code := m.Run()
	stopShared()
	return code
}

// stopShared stops the shared servers (waiting for one still starting)
// and removes their files.
func stopShared() {
	if _, err := pool.cluster.get(noStart[*redisproc.Cluster]); err == nil && pool.cluster.ok {
		pool.cluster.v.Stop()
	}
	if _, err := pool.server.get(noStart[*redisproc.Server]); err == nil && pool.server.ok {
		pool.server.v.Stop()
	}
	pool.mu.Lock()
	defer pool.mu.Unlock()
	if pool.dir != "" {
		_ = os.RemoveAll(pool.dir)
	}
}

func noStart[T any]() (T, error) {
	var zero T
	return zero, fmt.Errorf("redistest: not started")
}

// sharedDir is a folder of the shared servers' files, made once.
func sharedDir(name string) (string, error) {
	pool.mu.Lock()
	defer pool.mu.Unlock()
	if pool.dir == "" {
		d, err := os.MkdirTemp("", "redistest-")
		if err != nil {
			return "", fmt.Errorf("redistest: %w", err)
		}
		pool.dir = d
	}
	d := pool.dir + string(os.PathSeparator) + name
	if err := os.MkdirAll(d, 0o750); err != nil {
		return "", fmt.Errorf("redistest: %w", err)
	}
	return d, nil
}

func startServer() (*redisproc.Server, error) {
	dir, err := sharedDir("server")
	if err != nil {
		return nil, err
	}
	return redisproc.Start(dir, false)
}

func startCluster() (*redisproc.Cluster, error) {
	dir, err := sharedDir("cluster")
	if err != nil {
		return nil, err
	}
	return redisproc.StartCluster(dir, sharedMasters)
}
