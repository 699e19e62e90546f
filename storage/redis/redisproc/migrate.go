package redisproc

import (
	"context"
	"fmt"
)

// maxSlotKeys bounds the keys of a slot that one MIGRATE moves.
const maxSlotKeys = 1 << 20

// KeySlot is the hash slot of key.
func (c *Cluster) KeySlot(ctx context.Context, key string) (int, error) {
	slot, err := c.clients[0].ClusterKeySlot(ctx, key).Result()
	if err != nil {
		return 0, fmt.Errorf("redisproc: cluster keyslot %q: %w", key, err)
	}
	return int(slot), nil
}

// Owner is the index in Nodes of the master that serves slot, as the
// first node sees it.
func (c *Cluster) Owner(ctx context.Context, slot int) (int, error) {
	//lint:ignore SA1019 CLUSTER SHARDS needs Redis 7; CLUSTER SLOTS works on every server a developer may have.
	ranges, err := c.clients[0].ClusterSlots(ctx).Result()
	if err != nil {
		return 0, fmt.Errorf("redisproc: cluster slots: %w", err)
	}
	for _, r := range ranges {
		if r.Start <= slot && slot <= r.End {
			for i, id := range c.ids {
				if id == r.Nodes[0].ID {
					return i, nil
				}
			}
		}
	}
	return 0, fmt.Errorf("redisproc: no master of ours serves slot %d", slot)
}

// MoveSlot moves a hash slot with its keys to the master Nodes[to], as
// redis-cli --cluster reshard does: the target imports the slot, its
// owner migrates it, its keys move, then every master is told the new
// owner. The keys move in one MIGRATE (redis-cli moves 10 per MIGRATE),
// so clients never see some of them on each node. There a multi-key
// command gets TRYAGAIN, and go-redis (v9.23) then sends again the whole
// pipeline of that node, commands that succeeded included — a script run
// twice, which the store's merge script recognises by its write token
// (storage/redis replay_test.go sends its scripts twice) — and those of
// them redirected by ASK to two nodes at once: a data race inside go-redis
// that fails a -race run. When pause is
// not nil it is called twice, and an error from it aborts the move: once
// the slot is migrating with every key still on its owner, and once every
// key is on the target while the owner still serves the slot (clients get
// ASK). MoveSlot returns once every node agrees on the layout again.
func (c *Cluster) MoveSlot(ctx context.Context, slot, to int, pause func() error) error {
	from, err := c.Owner(ctx, slot)
	if err != nil {
		return err
	}
	if from == to {
		return fmt.Errorf("redisproc: slot %d is already on %s", slot, c.Nodes[to].Addr())
	}
	if pause == nil {
		pause = func() error { return nil }
	}
	if err := c.setSlot(ctx, to, slot, "importing", from); err != nil {
		return err
	}
	if err := c.setSlot(ctx, from, slot, "migrating", to); err != nil {
		return err
	}
	if err := pause(); err != nil {
		return err
	}
	if err := c.migrateKeys(ctx, from, to, slot); err != nil {
		return err
	}
	if err := pause(); err != nil {
		return err
	}
	return c.assign(ctx, slot, to, from)
}

// setSlot runs CLUSTER SETSLOT slot state <id of Nodes[other]> on Nodes[i].
func (c *Cluster) setSlot(ctx context.Context, i, slot int, state string, other int) error {
	if err := c.clients[i].Do(ctx, "cluster", "setslot", slot, state, c.ids[other]).Err(); err != nil {
		return fmt.Errorf("redisproc: %s: setslot %d %s: %w", c.Nodes[i].Addr(), slot, state, err)
	}
	return nil
}

// migrateKeys moves every key of slot from Nodes[from] to Nodes[to], all
// in one MIGRATE (keys written meanwhile, by a client that was not yet
// redirected, in another).
func (c *Cluster) migrateKeys(ctx context.Context, from, to, slot int) error {
	src := c.clients[from]
	for {
		keys, err := src.ClusterGetKeysInSlot(ctx, slot, maxSlotKeys).Result()
		if err != nil {
			return fmt.Errorf("redisproc: %s: getkeysinslot %d: %w", c.Nodes[from].Addr(), slot, err)
		}
		if len(keys) == 0 {
			return nil
		}
		args := []any{"migrate", "127.0.0.1", c.Nodes[to].port, "", 0, 10000, "keys"}
		for _, k := range keys {
			args = append(args, k)
		}
		if err := src.Do(ctx, args...).Err(); err != nil {
			return fmt.Errorf("redisproc: %s: migrate %d keys of slot %d: %w", c.Nodes[from].Addr(), len(keys), slot, err)
		}
	}
}

// assign tells every master that Nodes[to] serves slot: the target
// first, then the source, as the Redis Cluster specification asks.
func (c *Cluster) assign(ctx context.Context, slot, to, from int) error {
	order := []int{to, from}
	for i := range c.Nodes {
		if i != to && i != from {
			order = append(order, i)
		}
	}
	for _, i := range order {
		if err := c.clients[i].Do(ctx, "cluster", "setslot", slot, "node", c.ids[to]).Err(); err != nil {
			return fmt.Errorf("redisproc: %s: setslot %d node: %w", c.Nodes[i].Addr(), slot, err)
		}
	}
	return c.waitSettled(ctx)
}
