package storagetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/storage"
)

func testMergeCreatesAndReads(t *testing.T, s storage.Store) {
	want := paper("arxiv:2403.15929", 3.5, "vision")
	put(t, s, want)
	if got := get(t, s, want.Key); !reflect.DeepEqual(got, want) {
		t.Errorf("read back differs:\n got %+v\nwant %+v", got, want)
	}
}

func testMergeSeesCurrentState(t *testing.T, s storage.Store) {
	ctx := context.Background()
	put(t, s, paper("arxiv:2403.00001", 1))
	var seen map[feed.Key]*feed.Paper
	err := s.Merge(ctx, []feed.Key{"arxiv:2403.00001", "arxiv:2403.00002"}, func(cur map[feed.Key]*feed.Paper) ([]*feed.Paper, error) {
		seen = cur
		return nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || seen["arxiv:2403.00001"] == nil || seen["arxiv:2403.00002"] != nil {
		t.Errorf("merge saw %v, want the known paper and nil for the unknown one", seen)
	}
}

func testMergeErrorWritesNothing(t *testing.T, s storage.Store) {
	ctx := context.Background()
	put(t, s, paper("arxiv:2403.00001", 1, "vision"))
	boom := errors.New("boom")
	err := s.Merge(ctx, []feed.Key{"arxiv:2403.00001"}, func(cur map[feed.Key]*feed.Paper) ([]*feed.Paper, error) {
		return []*feed.Paper{paper("arxiv:2403.00001", 9, "other")}, boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("merge error = %v, want boom", err)
	}
	if p := get(t, s, "arxiv:2403.00001"); p.Score != 1 || !slices.Equal(p.Topics, []string{"vision"}) {
		t.Errorf("failed merge changed the paper: %+v", p)
	}
	if got := top(t, s, "other", 10); len(got) != 0 {
		t.Errorf("failed merge indexed into other: %v", got)
	}
}

// A merge function may only return papers it was given keys for: the
// store cannot keep the index right for a paper it did not read.
func testMergeRejectsStrangers(t *testing.T, s storage.Store) {
	err := s.Merge(context.Background(), []feed.Key{"arxiv:2403.00001"}, func(map[feed.Key]*feed.Paper) ([]*feed.Paper, error) {
		return []*feed.Paper{paper("arxiv:2403.00001", 1, "a"), paper("arxiv:2403.00002", 1, "a")}, nil
	})
	if err == nil {
		t.Fatal("a paper not asked for was accepted")
	}
	if got := top(t, s, "a", 10); len(got) != 0 {
		t.Errorf("a rejected merge wrote %v", got)
	}
}

func testUnknownPaper(t *testing.T, s storage.Store) {
	_, err := s.Paper(context.Background(), "arxiv:9999.99999")
	if !errors.Is(err, feed.ErrNotFound) {
		t.Errorf("unknown paper error = %v, want feed.ErrNotFound", err)
	}
}

func testOddKeys(t *testing.T, s storage.Store) {
	keys := []feed.Key{"arxiv:hep-th/9901001", "doi:10.1101/2024.03.20.585000", "title:0a1b2c3d4e5f60718293"}
	for i, k := range keys {
		put(t, s, paper(k, float64(i), "all"))
	}
	for _, k := range keys {
		if got := get(t, s, k); got.Key != k {
			t.Errorf("paper %s read back as %s", k, got.Key)
		}
	}
	if got, want := top(t, s, "all", 10), []feed.Key{keys[2], keys[1], keys[0]}; !slices.Equal(got, want) {
		t.Errorf("top = %v, want %v", got, want)
	}
}

func testPapersInOrder(t *testing.T, s storage.Store) {
	put(t, s, paper("arxiv:2403.00001", 1), paper("arxiv:2403.00002", 2), paper("arxiv:2403.00003", 3))
	ps, err := s.Papers(context.Background(), []feed.Key{"arxiv:2403.00003", "arxiv:9999.00000", "arxiv:2403.00001"})
	if err != nil {
		t.Fatal(err)
	}
	var got []feed.Key
	for _, p := range ps {
		got = append(got, p.Key)
	}
	if want := []feed.Key{"arxiv:2403.00003", "arxiv:2403.00001"}; !slices.Equal(got, want) {
		t.Errorf("papers = %v, want %v", got, want)
	}
}

func testScan(t *testing.T, s storage.Store) {
	const n = 157
	var ps []*feed.Paper
	for i := range n {
		ps = append(ps, paper(feed.Key(fmt.Sprintf("arxiv:2403.%05d", i)), float64(i)))
	}
	put(t, s, ps...)
	seen := map[feed.Key]int{}
	cursor := ""
	for range 1000 {
		page, next, err := s.Scan(context.Background(), cursor, 20)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range page {
			seen[p.Key]++
		}
		if cursor = next; cursor == "" {
			break
		}
	}
	if len(seen) != n {
		t.Errorf("scan saw %d papers, want %d", len(seen), n)
	}
	for k, c := range seen {
		if c != 1 {
			t.Errorf("scan saw %s %d times", k, c)
		}
	}
}

// testConcurrentMerges increments one paper's score from many goroutines:
// a backend that loses an update ends below the count.
func testConcurrentMerges(t *testing.T, s storage.Store) {
	const workers, rounds = 8, 10
	key := feed.ArxivKey("2403.00042")
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for range workers {
		wg.Go(func() {
			for range rounds {
				err := s.Merge(context.Background(), []feed.Key{key}, func(cur map[feed.Key]*feed.Paper) ([]*feed.Paper, error) {
					p := paper(key, 1, "all")
					if c := cur[key]; c != nil {
						p.Score = c.Score + 1
					}
					return []*feed.Paper{p}, nil
				})
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if p := get(t, s, key); p.Score != workers*rounds {
		t.Errorf("score after %d increments = %v", workers*rounds, p.Score)
	}
	if got := top(t, s, "all", 10); len(got) != 1 {
		t.Errorf("index holds %d entries for one paper: %v", len(got), got)
	}
}

func testLargeBatch(t *testing.T, s storage.Store) {
	const n = 2000
	ps := make([]*feed.Paper, n)
	for i := range ps {
		ps[i] = paper(feed.Key(fmt.Sprintf("arxiv:2404.%05d", i)), float64(i%97), "all")
	}
	put(t, s, ps...)
	got := top(t, s, "all", n+10)
	if len(got) != n {
		t.Fatalf("index holds %d entries, want %d", len(got), n)
	}
	r, _ := s.Top(context.Background(), "all", n)
	for i := 1; i < len(r); i++ {
		if r[i].Score > r[i-1].Score {
			t.Fatalf("index out of order at %d: %v > %v", i, r[i].Score, r[i-1].Score)
		}
	}
}
