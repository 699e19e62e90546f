package bolt

import (
	"fmt"
	"sync"

	bbolt "go.etcd.io/bbolt"
)

// committer coalesces concurrent writes into one transaction (group
// commit) without waiting for company: the first writer commits at once;
// writers that arrive meanwhile are committed together right after it,
// one sync for all. bbolt's own Batch waits MaxBatchDelay (10 ms) before
// every commit, which caps a few concurrent polls at ~100 batches a second.
type committer struct {
	db      *bbolt.DB
	mu      sync.Mutex
	pending []*write
	running bool
}

// write is one caller's part of a group commit.
type write struct {
	fn   func(*bbolt.Tx) error
	done chan error
}

// do runs fn in a write transaction shared with concurrent callers. Like
// bbolt's Batch, fn may run more than once (when another part of the
// group fails, the rest is retried), so it must be idempotent.
func (c *committer) do(fn func(*bbolt.Tx) error) error {
	w := &write{fn: fn, done: make(chan error, 1)}
	c.mu.Lock()
	c.pending = append(c.pending, w)
	lead := !c.running
	c.running = true
	c.mu.Unlock()
	if lead {
		c.lead()
	}
	return <-w.done
}

// lead commits groups until none is waiting.
func (c *committer) lead() {
	for {
		c.mu.Lock()
		group := c.pending
		c.pending = nil
		if len(group) == 0 {
			c.running = false
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()
		c.commit(group)
	}
}

// commit writes a group in one transaction. When a part fails, it runs
// alone (its error is its caller's) and the others are tried again.
func (c *committer) commit(group []*write) {
	for len(group) > 0 {
		failed := -1
		err := c.db.Update(func(tx *bbolt.Tx) error {
			for i, w := range group {
				if err := safely(w.fn, tx); err != nil {
					failed = i
					return err
				}
			}
			return nil
		})
		if failed < 0 {
			for _, w := range group {
				w.done <- err
			}
			return
		}
		alone := group[failed]
		group = append(group[:failed:failed], group[failed+1:]...)
		alone.done <- c.db.Update(func(tx *bbolt.Tx) error { return safely(alone.fn, tx) })
	}
}

// safely turns a panic of fn into an error, so that one caller's bug
// does not take the other writers of its group down.
func safely(fn func(*bbolt.Tx) error, tx *bbolt.Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic in write transaction: %v", p)
		}
	}()
	return fn(tx)
}
