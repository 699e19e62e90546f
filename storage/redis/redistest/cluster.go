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
// cluster, waits until every node reports cluster_state:ok and agrees on
// the slots (a little over 2 s: see redisproc.StartCluster), and stops
// everything when the test ends. A cluster of 3 masters is one that Main
// started ahead when there is one left (SpareClusters). Tests that need no
// cluster of their own share one (SharedCluster).
func Cluster(t testing.TB, masters int) *ClusterInstance {
	t.Helper()
	requireTools(t, "redis-server")
	c, err := spareOrNew(t, masters)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Stop)
	return &ClusterInstance{Cluster: c}
}

// spareOrNew is a spare cluster when masters is 3 and one is left, else a
// cluster started now.
func spareOrNew(t testing.TB, masters int) (*redisproc.Cluster, error) {
	if masters == sharedMasters {
		if sp := takeSpare(); sp != nil {
			<-sp.ready
			return sp.c, sp.err
		}
	}
	return redisproc.StartCluster(t.TempDir(), masters)
}

// KeySlot is the hash slot of key.
func (c *ClusterInstance) KeySlot(t testing.TB, key string) int {
	t.Helper()
	slot, err := c.Cluster.KeySlot(t.Context(), key)
	if err != nil {
		t.Fatal(err)
	}
	return slot
}

// Owner is the index in Nodes of the master that serves slot.
func (c *ClusterInstance) Owner(t testing.TB, slot int) int {
	t.Helper()
	i, err := c.Cluster.Owner(t.Context(), slot)
	if err != nil {
		t.Fatal(err)
	}
	return i
}

// MoveSlot moves slot with its keys to the master Nodes[to], calling
// pause (when not nil) in each of its two steps in between, and returns
// when every node agrees on the new layout (see redisproc.Cluster.MoveSlot).
func (c *ClusterInstance) MoveSlot(t testing.TB, slot, to int, pause func() error) {
	t.Helper()
	if err := c.Cluster.MoveSlot(t.Context(), slot, to, pause); err != nil {
		t.Fatal(err)
	}
}
