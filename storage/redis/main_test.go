package redis_test

import (
	"context"
	"os"
	"testing"

	goredis "github.com/redis/go-redis/v9"

	"github.com/paperwire/paperwire/storage/redis/redistest"
)

type discard struct{}

func (discard) Printf(context.Context, string, ...any) {}

// TestMain silences go-redis's process-wide logger (dial retries against
// the servers these tests stop on purpose), as cmd/paperwire's main does,
// and runs the tests with a shared server and cluster (redistest.Main), a
// spare cluster started with them for the reshard test, and up to 8
// parallel tests at once: they mostly wait (for a cluster to start, for
// dials to a stopped server to fail, for leases to expire).
func TestMain(m *testing.M) {
	goredis.SetLogger(discard{})
	os.Exit(redistest.Main(m, redistest.PrestartCluster(), redistest.SpareClusters(1), redistest.Parallel(8)))
}
