package github_test

import (
	"os"
	"testing"

	"github.com/paperwire/paperwire/storage/redis/redistest"
)

// TestMain runs the tests with the Redis cluster they share.
func TestMain(m *testing.M) {
	os.Exit(redistest.Main(m, redistest.PrestartCluster()))
}
