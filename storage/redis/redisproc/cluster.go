package redisproc

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	goredis "github.com/redis/go-redis/v9"
	"golang.org/x/sync/errgroup"
)

const (
	// clusterTimeout bounds creating a cluster and settling it after a move.
	clusterTimeout = 30 * time.Second
	// settlePoll is how often a settling cluster is looked at.
	settlePoll = 10 * time.Millisecond
	// slots is the number of hash slots of every Redis Cluster.
	slots = 16384
)

// Cluster is a Redis Cluster of masters only, on 127.0.0.1.
type Cluster struct {
	Nodes   []*Server
	ids     []string          // node ids, as Nodes
	clients []*goredis.Client // a client of each node, as Nodes
}

// StartCluster starts masters cluster-enabled servers (node i in
// dir/node-i), gives each an equal range of slots, introduces them to one
// another and waits until every node reports cluster_state:ok and agrees
// on the slots. A new master refuses commands for its first 2 seconds (a
// constant of redis-server), so this takes a little over 2 s. On an error
// every node started is stopped; else the caller stops them.
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
	c.Nodes = make([]*Server, masters)
	c.ids = make([]string, masters)
	c.clients = make([]*goredis.Client, masters)
	var g errgroup.Group
	for i := range masters {
		g.Go(func() error { return c.startNode(dir, i) })
	}
	err := g.Wait()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), clusterTimeout)
	defer cancel()
	if err := c.join(ctx); err != nil {
		return err
	}
	return c.waitSettled(ctx)
}

// startNode starts node i, gives it its share of the slots and a config
// epoch of its own (as redis-cli --cluster create does, so that no epoch
// collision has to be resolved).
func (c *Cluster) startNode(dir string, i int) error {
	nodeDir := filepath.Join(dir, fmt.Sprintf("node-%d", i))
	if err := os.MkdirAll(nodeDir, 0o750); err != nil {
		return fmt.Errorf("redisproc: %w", err)
	}
	n, err := Start(nodeDir, true, "--cluster-enabled", "yes",
		"--cluster-config-file", filepath.Join(nodeDir, "nodes.conf"), "--cluster-node-timeout", "2000")
	if err != nil {
		return err
	}
	c.Nodes[i] = n
	cl := newClient(n.Addr())
	c.clients[i] = cl
	ctx, cancel := context.WithTimeout(context.Background(), clusterTimeout)
	defer cancel()
	var share []int // ADDSLOTSRANGE would need Redis 7
	for s := i * slots / len(c.Nodes); s < (i+1)*slots/len(c.Nodes); s++ {
		share = append(share, s)
	}
	if err := cl.ClusterAddSlots(ctx, share...).Err(); err != nil {
		return fmt.Errorf("redisproc: %s: cluster addslots: %w", n.Addr(), err)
	}
	if err := cl.Do(ctx, "cluster", "set-config-epoch", i+1).Err(); err != nil {
		return fmt.Errorf("redisproc: %s: cluster set-config-epoch: %w", n.Addr(), err)
	}
	if c.ids[i], err = cl.Do(ctx, "cluster", "myid").Text(); err != nil {
		return fmt.Errorf("redisproc: %s: cluster myid: %w", n.Addr(), err)
	}
	return nil
}

// join has every node meet every other directly, so no node waits for
// gossip to learn of another.
func (c *Cluster) join(ctx context.Context) error {
	for i, n := range c.Nodes {
		for _, m := range c.Nodes[i+1:] {
			if err := c.clients[i].ClusterMeet(ctx, "127.0.0.1", strconv.Itoa(m.port)).Err(); err != nil {
				return fmt.Errorf("redisproc: %s: cluster meet %s: %w", n.Addr(), m.Addr(), err)
			}
		}
	}
	return nil
}

// Stop stops every node.
func (c *Cluster) Stop() {
	var wg sync.WaitGroup
	for i, n := range c.Nodes {
		if c.clients[i] != nil {
			c.clients[i].Close()
		}
		if n != nil {
			wg.Go(n.Stop)
		}
	}
	wg.Wait()
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

// waitSettled waits until every node is ok and all report the same slots.
func (c *Cluster) waitSettled(ctx context.Context) error {
	tick := time.NewTicker(settlePoll)
	defer tick.Stop()
	for {
		err := c.settled(ctx)
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("redisproc: cluster not settled: %w (%w)", err, ctx.Err())
		case <-tick.C:
		}
	}
}

func (c *Cluster) settled(ctx context.Context) error {
	var first string
	for i, n := range c.Nodes {
		layout, err := nodeView(ctx, n.Addr(), c.clients[i])
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
func nodeView(ctx context.Context, addr string, cl *goredis.Client) (string, error) {
	info, err := cl.ClusterInfo(ctx).Result()
	if err != nil {
		return "", fmt.Errorf("%s: cluster info: %w", addr, err)
	}
	if !strings.Contains(info, "cluster_state:ok") {
		return "", errors.New(addr + ": cluster_state not ok")
	}
	//lint:ignore SA1019 CLUSTER SHARDS needs Redis 7; CLUSTER SLOTS works on every server a developer may have.
	ranges, err := cl.ClusterSlots(ctx).Result()
	if err != nil {
		return "", fmt.Errorf("%s: cluster slots: %w", addr, err)
	}
	var lines []string
	covered := 0
	for _, s := range ranges {
		covered += s.End - s.Start + 1
		lines = append(lines, fmt.Sprintf("%d-%d@%s", s.Start, s.End, s.Nodes[0].Addr))
	}
	if covered != slots {
		return "", fmt.Errorf("%s: %d of %d slots assigned", addr, covered, slots)
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n"), nil
}
