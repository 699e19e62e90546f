package search_test

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/search"
	"github.com/paperwire/paperwire/feed/topic"
	"github.com/paperwire/paperwire/storage/bolt"
)

// lossyStore is the real embedded store whose change log can say, once,
// that it no longer reaches the reader's cursor.
type lossyStore struct {
	*bolt.Store
	lose atomic.Bool
}

func (s *lossyStore) Changes(ctx context.Context, cursor string, n int) ([]feed.Key, string, error) {
	if s.lose.CompareAndSwap(true, false) {
		return nil, "", fmt.Errorf("test: %w", feed.ErrChangesLost)
	}
	return s.Store.Changes(ctx, cursor, n)
}

func openBolt(t *testing.T) *bolt.Store {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "paperwire.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func put(t *testing.T, s *bolt.Store, ps ...*feed.Paper) {
	t.Helper()
	keys := make([]feed.Key, len(ps))
	for i, p := range ps {
		keys[i] = p.Key
	}
	if err := s.Merge(context.Background(), keys, func(map[feed.Key]*feed.Paper) ([]*feed.Paper, error) { return ps, nil }); err != nil {
		t.Fatal(err)
	}
}

// The follower reads every paper once, then only the changes; a change
// log that no longer reaches its cursor makes it read everything again.
func TestFollowerFollowsStore(t *testing.T) {
	t.Parallel()
	st := openBolt(t)
	ps := synthPapers(t, 50)
	put(t, st, ps[:40]...)
	store := &lossyStore{Store: st}
	f := search.NewFollower(store, nil)
	ctx := context.Background()
	all, _ := topic.ParseQuery("-zyzzyva")
	count := func() int {
		t.Helper()
		if err := f.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		hits, _, err := f.Search(ctx, all, 1000)
		if err != nil {
			t.Fatal(err)
		}
		return len(hits)
	}
	if n := count(); n != 40 {
		t.Fatalf("after the first sync: %d papers", n)
	}
	put(t, st, ps[40:]...)
	if err := st.Delete(ctx, []feed.Key{ps[0].Key, ps[1].Key}); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 48 {
		t.Fatalf("after 10 merges and 2 deletions: %d papers", n)
	}
	store.lose.Store(true)
	if err := st.Delete(ctx, []feed.Key{ps[2].Key}); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 47 || store.lose.Load() {
		t.Fatalf("after the log lost the cursor: %d papers", n)
	}
}

// A query the index can only narrow down (an excluded phrase most
// candidates hold) still answers with the best papers the matcher takes:
// the follower reads candidates until it has enough.
func TestFollowerConfirmsPhrases(t *testing.T) {
	t.Parallel()
	st := openBolt(t)
	var ps []*feed.Paper
	for i := range 60 {
		title := "A diffusion model for images"
		if i%20 == 0 {
			title = "Diffusion of heat"
		}
		ps = append(ps, &feed.Paper{Key: feed.ArxivKey(fmt.Sprintf("2401.%05d", i)), Fields: feed.Fields{Title: title}, Score: float64(100 - i)})
	}
	put(t, st, ps...)
	f := search.NewFollower(st, nil)
	q, _ := topic.ParseQuery(`diffusion -"diffusion model"`)
	papers, _, err := f.Search(context.Background(), q, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(papers) != 2 || papers[0].Key != ps[0].Key || papers[1].Key != ps[20].Key {
		t.Errorf("got %d papers %v, want %s and %s", len(papers), papers, ps[0].Key, ps[20].Key)
	}
}

// memStore is a store in memory whose change log is every key written,
// in order; it counts the reads of every paper.
type memStore struct {
	mu     sync.Mutex
	papers map[feed.Key]*feed.Paper
	log    []feed.Key
	scans  int // Scan calls from the start of the papers
}

func (s *memStore) put(ps ...*feed.Paper) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range ps {
		s.papers[p.Key] = p
		s.log = append(s.log, p.Key)
	}
}

func (s *memStore) Scan(_ context.Context, cursor string, _ int) ([]*feed.Paper, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cursor == "" {
		s.scans++
	}
	return slices.Collect(maps.Values(s.papers)), "", nil
}

func (s *memStore) Papers(_ context.Context, keys []feed.Key) ([]*feed.Paper, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*feed.Paper
	for _, k := range keys {
		if p := s.papers[k]; p != nil {
			out = append(out, p)
		}
	}
	return out, nil
}

func (s *memStore) ChangeCursor(context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strconv.Itoa(len(s.log)), nil
}

func (s *memStore) Changes(_ context.Context, cursor string, _ int) ([]feed.Key, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	from, err := strconv.Atoi(cursor)
	if err != nil {
		return nil, "", err
	}
	return slices.Clone(s.log[from:]), strconv.Itoa(len(s.log)), nil
}

// A follower reads no paper until the first query: Watch does not build
// the index (a process nobody queries holds none); once a query has
// built it, Watch keeps it in step with the store. The clock is
// synctest's: its ticks cost no real time.
func TestFollowerBuildsAtFirstQuery(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		ps := synthPapers(t, 4)
		store := &memStore{papers: map[feed.Key]*feed.Paper{}}
		store.put(ps[:3]...)
		f := search.NewFollower(store, nil)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go f.Watch(ctx, time.Second)
		time.Sleep(10 * time.Second)
		synctest.Wait()
		if store.scans != 0 || f.Ready() || f.Index.Len() != 0 {
			t.Fatalf("before any query: %d full reads, ready %v, %d papers indexed", store.scans, f.Ready(), f.Index.Len())
		}
		all, _ := topic.ParseQuery("-zyzzyva")
		if got, _, err := f.Search(ctx, all, 10); err != nil || len(got) != 3 {
			t.Fatalf("first query: %d papers, %v", len(got), err)
		}
		store.put(ps[3])
		time.Sleep(time.Second)
		synctest.Wait()
		if store.scans != 1 || f.Index.Len() != 4 {
			t.Errorf("a tick after a change: %d full reads, %d papers indexed; want 1 and 4", store.scans, f.Index.Len())
		}
	})
}
