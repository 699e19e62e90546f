package redistest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/paperwire/paperwire/storage/redis/redisproc"
)

// Shared is one test's part of a server (or cluster) that the tests of a
// package share: a key prefix of its own, whose keys are deleted when the
// test ends. Tests that stop, restart or flush a server, or read its
// server-wide counters, take a server of their own (Server, Cluster).
type Shared struct {
	url    string
	prefix string
}

// URL is the redis:// URL of the shared server or cluster.
func (s *Shared) URL() string { return s.url }

// Prefix starts the keys of this test: unique within the package, made of
// letters, digits and "_-./" (so it needs no escaping in a MATCH pattern),
// and ending in ":".
func (s *Shared) Prefix() string { return s.prefix }

// SharedServer is the test's part of the standalone redis-server the
// package's tests share. TestMain must run the tests through Main.
func SharedServer(t testing.TB) *Shared {
	t.Helper()
	requireTools(t, "redis-server")
	srv, err := pool.server.get(startServer)
	if err != nil {
		t.Fatal(err)
	}
	return newShared(t, srv.URL(), []*redisproc.Server{srv})
}

// SharedCluster is the test's part of the 3-master Redis Cluster the
// package's tests share. TestMain must run the tests through Main
// (PrestartCluster starts it before the first test).
func SharedCluster(t testing.TB) *Shared {
	t.Helper()
	requireTools(t, "redis-server")
	c, err := pool.cluster.get(startCluster)
	if err != nil {
		t.Fatal(err)
	}
	return newShared(t, c.URL(), c.Nodes)
}

func newShared(t testing.TB, url string, nodes []*redisproc.Server) *Shared {
	t.Helper()
	pool.mu.Lock()
	inMain := pool.main
	pool.n++
	n := pool.n
	pool.mu.Unlock()
	if !inMain {
		t.Fatal("redistest: shared servers need TestMain to run the tests through redistest.Main")
	}
	s := &Shared{url: url, prefix: fmt.Sprintf("%s-%d:", safeName(t.Name()), n)}
	t.Cleanup(func() {
		for _, node := range nodes {
			if err := deletePrefix(node.Addr(), s.prefix); err != nil {
				t.Errorf("redistest: delete the keys of %s: %v", s.prefix, err)
			}
		}
	})
	return s
}

// safeName keeps letters, digits and "_-./" of a test name.
func safeName(name string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9', strings.ContainsRune("_-./", r):
			return r
		}
		return '_'
	}, name)
}

// deletePrefix deletes every key of one node that starts with prefix.
func deletePrefix(addr, prefix string) error {
	c := goredis.NewClient(&goredis.Options{Addr: addr, MaxRetries: -1, DialerRetries: 1})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	iter := c.Scan(ctx, 0, prefix+"*", 1000).Iterator()
	pipe := c.Pipeline()
	for iter.Next(ctx) {
		pipe.Unlink(ctx, iter.Val()) // one key a command: a cluster node refuses keys of several slots
	}
	if err := iter.Err(); err != nil {
		return fmt.Errorf("scan %s: %w", addr, err)
	}
	if pipe.Len() == 0 {
		return nil
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("unlink on %s: %w", addr, err)
	}
	return nil
}
