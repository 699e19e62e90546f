package github_test

import (
	"os"
	"testing"

	"github.com/paperwire/paperwire/storage/redis/redistest"
)

// TestMain runs the tests with the Redis cluster they share, and up to 16
// parallel tests at once: they mostly wait for the disk (every repository
// check syncs its lease, state and merge to the bolt file).
func TestMain(m *testing.M) {
	os.Exit(redistest.Main(m, redistest.PrestartCluster(), redistest.Parallel(16)))
}
