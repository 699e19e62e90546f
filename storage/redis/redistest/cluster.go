package redistest

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// clusterTimeout bounds creating, resharding and settling a cluster.
const clusterTimeout = 30 * time.Second

// ClusterInstance is a Redis Cluster of masters only, on 127.0.0.1.
type ClusterInstance struct {
	t     testing.TB
	nodes []*Instance
}

// Cluster starts masters cluster-enabled servers, joins them into one
// cluster with redis-cli, waits until every node reports cluster_state:ok
// and agrees on the slots, and stops everything when the test ends.
func Cluster(t testing.TB, masters int) *ClusterInstance {
	t.Helper()
	requireTools(t, "redis-server", "redis-cli")
	c := &ClusterInstance{t: t}
	for range masters {
		c.nodes = append(c.nodes, startInstance(t, true, func(dir string) []string {
			return []string{"--cluster-enabled", "yes", "--cluster-config-file", filepath.Join(dir, "nodes.conf"),
				"--cluster-node-timeout", "2000"}
		}))
	}
	args := append([]string{"--cluster", "create"}, c.Addrs()...)
	c.redisCLI(append(args, "--cluster-replicas", "0", "--cluster-yes")...)
	c.waitSettled()
	return c
}

// Addrs are the nodes' host:port.
func (c *ClusterInstance) Addrs() []string {
	addrs := make([]string, len(c.nodes))
	for i, n := range c.nodes {
		addrs[i] = n.Addr()
	}
	return addrs
}

// URL is the go-redis cluster URL: the first node, then addr= the others.
func (c *ClusterInstance) URL() string {
	addrs := c.Addrs()
	u := "redis://" + addrs[0]
	for i, a := range addrs[1:] {
		sep := "&"
		if i == 0 {
			sep = "?"
		}
		u += sep + "addr=" + a
	}
	return u
}

// Reshard moves slots hash slots from the first master to the second and
// waits until every node agrees on the new layout.
func (c *ClusterInstance) Reshard(t testing.TB, slots int) {
	t.Helper()
	from, to := c.nodeID(t, 0), c.nodeID(t, 1)
	c.redisCLI("--cluster", "reshard", c.nodes[0].Addr(), "--cluster-from", from, "--cluster-to", to,
		"--cluster-slots", strconv.Itoa(slots), "--cluster-yes")
	c.waitSettled()
}

func (c *ClusterInstance) nodeID(t testing.TB, i int) string {
	t.Helper()
	cl := goredis.NewClient(&goredis.Options{Addr: c.nodes[i].Addr()})
	defer cl.Close()
	id, err := cl.Do(context.Background(), "cluster", "myid").Text()
	if err != nil {
		t.Fatalf("redistest: cluster myid of %s: %v", c.nodes[i].Addr(), err)
	}
	return id
}

func (c *ClusterInstance) redisCLI(args ...string) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), clusterTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, "redis-cli", args...).CombinedOutput()
	if err != nil {
		c.t.Fatalf("redistest: redis-cli %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// waitSettled waits until every node is ok and all report the same slots.
func (c *ClusterInstance) waitSettled() {
	c.t.Helper()
	deadline := time.Now().Add(clusterTimeout)
	for {
		err := c.settled()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("redistest: cluster not settled after %s: %v", clusterTimeout, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (c *ClusterInstance) settled() error {
	var first string
	for _, n := range c.nodes {
		layout, err := nodeView(n.Addr())
		if err != nil {
			return err
		}
		if first == "" {
			first = layout
		} else if layout != first {
			return fmt.Errorf("nodes disagree on slots:\n%s\n%s", first, layout)
		}
	}
	return nil
}

// nodeView checks one node's cluster_state and returns its view of the
// slot layout ("start-end@port" lines, sorted), which must cover every slot.
func nodeView(addr string) (string, error) {
	cl := goredis.NewClient(&goredis.Options{Addr: addr, MaxRetries: -1})
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	info, err := cl.ClusterInfo(ctx).Result()
	if err != nil {
		return "", fmt.Errorf("%s: cluster info: %w", addr, err)
	}
	if !strings.Contains(info, "cluster_state:ok") {
		return "", fmt.Errorf("%s: cluster_state not ok", addr)
	}
	//lint:ignore SA1019 CLUSTER SHARDS needs Redis 7; CLUSTER SLOTS works on every server a developer may have.
	slots, err := cl.ClusterSlots(ctx).Result()
	if err != nil {
		return "", fmt.Errorf("%s: cluster slots: %w", addr, err)
	}
	var lines []string
	covered := 0
	for _, s := range slots {
		covered += s.End - s.Start + 1
		lines = append(lines, fmt.Sprintf("%d-%d@%s", s.Start, s.End, s.Nodes[0].Addr))
	}
	if covered != 16384 {
		return "", fmt.Errorf("%s: %d of 16384 slots assigned", addr, covered)
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n"), nil
}
