package redistest

import (
	"testing"

	"github.com/paperwire/paperwire/storage/redis/redisproc"
)

// ClusterInstance is a Redis Cluster of masters only, on 127.0.0.1.
type ClusterInstance struct {
	*redisproc.Cluster
}

// Cluster starts masters cluster-enabled servers, joins them into one
// cluster with redis-cli, waits until every node reports cluster_state:ok
// and agrees on the slots, and stops everything when the test ends.
func Cluster(t testing.TB, masters int) *ClusterInstance {
	t.Helper()
	requireTools(t, "redis-server", "redis-cli")
	c, err := redisproc.StartCluster(t.TempDir(), masters)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Stop)
	return &ClusterInstance{Cluster: c}
}

// Reshard moves slots hash slots from the first master to the second and
// waits until every node agrees on the new layout.
func (c *ClusterInstance) Reshard(t testing.TB, slots int) {
	t.Helper()
	if err := c.Cluster.Reshard(slots); err != nil {
		t.Fatal(err)
	}
}
