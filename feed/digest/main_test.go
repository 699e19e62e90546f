package digest_test

import (
	"os"
	"testing"

	"github.com/paperwire/paperwire/storage/redis/redistest"
)

// TestMain runs the tests with the Redis cluster they share, started as
// they start.
func TestMain(m *testing.M) {
	os.Exit(redistest.Main(m, redistest.PrestartCluster()))
}
