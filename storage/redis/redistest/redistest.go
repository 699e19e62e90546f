// Package redistest starts throwaway redis-server processes for tests: a
// standalone server (Server) or a Redis Cluster (Cluster). Every process is
// stopped when the test ends, pass or fail. The processes themselves are
// run by storage/redis/redisproc.
//
// When redis-server is not on PATH the tests using them are skipped with a
// loud message, unless PAPERWIRE_REQUIRE_REDIS=1, which makes that a
// failure (use it in CI so the Redis backend cannot go untested silently).
package redistest

import (
	"fmt"
	"os"
	"testing"

	"github.com/paperwire/paperwire/storage/redis/redisproc"
)

// Instance is one redis-server process on 127.0.0.1.
type Instance struct {
	t testing.TB
	*redisproc.Server
}

// requireTools skips (or, with PAPERWIRE_REQUIRE_REDIS=1, fails) the test
// when one of the named programs is missing.
func requireTools(t testing.TB, names ...string) {
	t.Helper()
	name := redisproc.Missing(names...)
	if name == "" {
		return
	}
	msg := fmt.Sprintf("%s not found on PATH: Redis backend NOT tested (install Redis; set PAPERWIRE_REQUIRE_REDIS=1 to make this a failure)", name)
	if os.Getenv("PAPERWIRE_REQUIRE_REDIS") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// Server starts a standalone redis-server on a free port, without
// persistence, and stops it when the test ends.
func Server(t testing.TB) *Instance {
	t.Helper()
	requireTools(t, "redis-server")
	s, err := redisproc.Start(t.TempDir(), false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	return &Instance{t: t, Server: s}
}

// Start restarts a stopped server on the same port and folder.
func (i *Instance) Start() {
	i.t.Helper()
	if err := i.Restart(); err != nil {
		i.t.Fatalf("redistest: restart redis-server on %s: %v", i.Addr(), err)
	}
}
