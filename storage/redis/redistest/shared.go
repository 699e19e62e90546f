package redistest

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/paperwire/paperwire/storage/redis/redisproc"
)

// sharedMasters is the size of the shared cluster.
const sharedMasters = 3

// pool holds the servers the tests of one package share: one standalone
// server and one cluster, each started on first use and stopped by Main;
// and the spare clusters Main starts for tests that need their own. It is
// process-wide, as a test binary is one package.
var pool struct {
	mu      sync.Mutex
	main    bool   // Main is running the tests
	dir     string // the servers' files, removed by Main
	n       int    // namespaces handed out
	server  lazy[*redisproc.Server]
	cluster lazy[*redisproc.Cluster]
	spares  []*spare
}

// spare is a cluster started ahead, for Cluster to hand to one test.
type spare struct {
	ready chan struct{} // closed once started, or failed to
	c     *redisproc.Cluster
	err   error
	taken bool // handed to a test, which stops it
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

// SpareClusters has Main start n clusters of 3 masters in the background
// as the tests start; Cluster(t, 3) hands them out, one to a test, instead
// of starting one then (2 s), until there are none left.
func SpareClusters(n int) Option {
	return func() {
		if redisproc.Missing("redis-server") != "" {
			return
		}
		for i := range n {
			sp := &spare{ready: make(chan struct{})}
			pool.spares = append(pool.spares, sp)
			go func() {
				defer close(sp.ready)
				dir, err := sharedDir(fmt.Sprintf("spare-%d", i))
				if err != nil {
					sp.err = err
					return
				}
				sp.c, sp.err = redisproc.StartCluster(dir, sharedMasters)
			}()
		}
	}
}

// takeSpare returns a spare cluster not handed out yet, or nil.
func takeSpare() *spare {
	pool.mu.Lock()
	defer pool.mu.Unlock()
	for _, sp := range pool.spares {
		if !sp.taken {
			sp.taken = true
			return sp
		}
	}
	return nil
}

// Parallel has Main run up to n parallel tests at once (at least
// GOMAXPROCS) unless the command line sets -test.parallel: for tests that
// mostly wait (for servers, for disk syncs) rather than compute, which the
// default, GOMAXPROCS, runs two at a time on a 2-core machine.
func Parallel(n int) Option {
	return func() {
		flag.Parse()
		given := false
		flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
		if !given {
			_ = flag.Set("test.parallel", strconv.Itoa(max(n, runtime.GOMAXPROCS(0))))
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

// stopShared stops the shared servers and the spare clusters no test
// took (waiting for those still starting) and removes their files.
func stopShared() {
	for _, sp := range pool.spares {
		<-sp.ready
		pool.mu.Lock()
		taken := sp.taken
		pool.mu.Unlock()
		if !taken && sp.c != nil {
			sp.c.Stop()
		}
	}
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
