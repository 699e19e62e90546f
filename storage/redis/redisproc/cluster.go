package redisproc

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// clusterTimeout bounds creating, resharding and settling a cluster.
const clusterTimeout = 30 * time.Second

// Cluster is a Redis Cluster of masters only, on 127.0.0.1.
type Cluster struct {
	Nodes []*Server
}

// StartCluster starts masters cluster-enabled servers (node i in
// dir/node-i), joins them into one cluster with redis-cli and waits until
// every node reports cluster_state:ok and agrees on the slots. On an
// error every node started is stopped; else the caller stops them.
func StartCluster(dir string, masters int) (*Cluster, error) {
	c := &Cluster{}
	err := c.start(dir, masters)
	if err != nil {
		c.Stop()
		return nil, err
	}
	return c, nil
}

func (c *Cluster) start(dir string, masters int) error {
	for i := range masters {
		nodeDir := filepath.Join(dir, fmt.Sprintf("node-%d", i))
		if err := os.MkdirAll(nodeDir, 0o750); err != nil {
			return fmt.Errorf("redisproc: %w", err)
		}
		n, err := Start(nodeDir, true, "--cluster-enabled", "yes",
			"--cluster-config-file", filepath.Join(nodeDir, "nodes.conf"), "--cluster-node-timeout", "2000")
		if err != nil {
			return err
		}
		c.Nodes = append(c.Nodes, n)
	}
	args := append([]string{"--cluster", "create"}, c.Addrs()...)
	if err := redisCLI(append(args, "--cluster-replicas", "0", "--cluster-yes")...); err != nil {
		return err
	}
	return c.waitSettled()
}

// Stop stops every node.
func (c *Cluster) Stop() {
	for _, n := range c.Nodes {
		n.Stop()
	}
}

// Addrs are the nodes' host:port.
func (c *Cluster) Addrs() []string {
	addrs := make([]string, len(c.Nodes))
	for i, n := range c.Nodes {
		addrs[i] = n.Addr()
	}
	return addrs
}

// URL is the go-redis cluster URL: the first node, then addr= the others.
func (c *Cluster) URL() string {
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
func (c *Cluster) Reshard(slots int) error {
	from, err := c.nodeID(0)
	if err != nil {
		return err
	}
	to, err := c.nodeID(1)
	if err != nil {
		return err
	}
	err = redisCLI("--cluster", "reshard", c.Nodes[0].Addr(), "--cluster-from", from, "--cluster-to", to,
		"--cluster-slots", strconv.Itoa(slots), "--cluster-yes")
	if err != nil {
		return err
	}
	return c.waitSettled()
}

func (c *Cluster) nodeID(i int) (string, error) {
	cl := goredis.NewClient(&goredis.Options{Addr: c.Nodes[i].Addr()})
	defer cl.Close()
	id, err := cl.Do(context.Background(), "cluster", "myid").Text()
	if err != nil {
		return "", fmt.Errorf("redisproc: cluster myid of %s: %w", c.Nodes[i].Addr(), err)
	}
	return id, nil
}

func redisCLI(args ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), clusterTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, "redis-cli", args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("redisproc: redis-cli %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// waitSettled waits until every node is ok and all report the same slots.
func (c *Cluster) waitSettled() error {
	deadline := time.Now().Add(clusterTimeout)
	for {
		err := c.settled()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("redisproc: cluster not settled after %s: %w", clusterTimeout, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (c *Cluster) settled() error {
	var first string
	for _, n := range c.Nodes {
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
		return "", errors.New(addr + ": cluster_state not ok")
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
