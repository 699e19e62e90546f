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
// and runs the tests with a shared server and cluster (redistest.Main),
// and a spare cluster started with them for the reshard test.
func TestMain(m *testing.M) {
	goredis.SetLogger(discard{})
	os.Exit(redistest.Main(m, redistest.PrestartCluster(), redistest.SpareClusters(1)))
}
