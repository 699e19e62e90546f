package redis_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/storage/redis"
	"github.com/paperwire/paperwire/storage/redis/redistest"
)

// Papers stay readable and writable while their slots move to another
// cluster node, and after. The slot of every partition moves while merges
// of every paper run; each move pauses in both of its steps in between
// (slot migrating, keys still on the owner; keys on the target, clients
// redirected with ASK) until one of the store's round trips has been
// answered there, and after it clients get MOVED. No update may be lost
// or applied twice.
func TestClusterReshard(t *testing.T) {
	t.Parallel()
	cl := redistest.Cluster(t, 3)
	s := openStore(t, cl.URL(), "")
	probe := newMidMove()
	hookNodes(t, s, probe)
	ps := newPapers("moving", 128)
	put(t, s, ps...)
	keys := make([]feed.Key, len(ps))
	slots := map[int]bool{} // the slots holding papers: every partition's
	for i, p := range ps {
		keys[i] = p.Key
		slots[cl.KeySlot(t, redis.PaperKey(s, p.Key))] = true
	}
	if len(slots) != redis.Partitions {
		t.Fatalf("the papers are in %d slots, want one per partition (%d)", len(slots), redis.Partitions)
	}
	var merges atomic.Int64
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		for {
			select {
			case <-stop:
				return
			default:
			}
			if err := s.Merge(context.Background(), keys, increment(keys)); err != nil {
				t.Errorf("merge during reshard: %v", err)
				return
			}
			merges.Add(1)
		}
	}()
	for slot := range slots {
		cl.MoveSlot(t, slot, (cl.Owner(t, slot)+1)%len(cl.Nodes), func() error { return probe.wait(stopped) })
	}
	close(stop)
	<-stopped
	n := merges.Load()
	if n == 0 {
		t.Fatal("no merge ran during the reshard")
	}
	got, err := s.Papers(context.Background(), keys)
	if err != nil || len(got) != len(keys) {
		t.Fatalf("papers after reshard = %d, %v", len(got), err)
	}
	for i, p := range got {
		if want := ps[i].Score + float64(n); p.Score != want {
			t.Fatalf("%s: score %v after %d merges during the reshard, want %v", p.Key, p.Score, n, want)
		}
	}
	if e := indexEntries(t, s, "all"); e != int64(len(ps)) {
		t.Errorf("index holds %d entries after reshard, want %d", e, len(ps))
	}
	t.Logf("%d merges of %d papers ran while the %d partitions' slots moved", n, len(keys), redis.Partitions)
}

// midMove is a hook that tells when a round trip sent after wait began
// has been answered.
type midMove struct {
	phase    atomic.Int64
	answered chan int64 // the phase a round trip was sent and answered in
}

func newMidMove() *midMove { return &midMove{answered: make(chan int64, 1)} }

// wait starts a phase and waits until a round trip sent in it is
// answered; it fails when stopped closes first, or after 10 s.
func (h *midMove) wait(stopped <-chan struct{}) error {
	phase := h.phase.Add(1)
	deadline := time.After(10 * time.Second)
	for {
		select {
		case p := <-h.answered:
			if p == phase {
				return nil
			}
		case <-stopped:
			return errors.New("merges stopped while a slot was moving")
		case <-deadline:
			return errors.New("no round trip answered while a slot was moving, after 10s")
		}
	}
}

func (h *midMove) done(sent int64) {
	if sent == h.phase.Load() {
		select {
		case h.answered <- sent:
		default:
		}
	}
}

func (h *midMove) DialHook(next goredis.DialHook) goredis.DialHook { return next }

func (h *midMove) ProcessHook(next goredis.ProcessHook) goredis.ProcessHook {
	return func(ctx context.Context, cmd goredis.Cmder) error {
		sent := h.phase.Load()
		err := next(ctx, cmd)
		if cmd.Name() != "cluster" {
			h.done(sent)
		}
		return err
	}
}

func (h *midMove) ProcessPipelineHook(next goredis.ProcessPipelineHook) goredis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []goredis.Cmder) error {
		sent := h.phase.Load()
		err := next(ctx, cmds)
		h.done(sent)
		return err
	}
}
