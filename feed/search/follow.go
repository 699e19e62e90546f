package search

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/paperwire/paperwire/feed/topic"

	"github.com/paperwire/paperwire/feed"
)

// Store is what the index follows: the papers and the log of their
// changes.
type Store interface {
	Scan(ctx context.Context, cursor string, n int) ([]*feed.Paper, string, error)
	Papers(ctx context.Context, keys []feed.Key) ([]*feed.Paper, error)
	ChangeCursor(ctx context.Context) (string, error)
	Changes(ctx context.Context, cursor string, n int) ([]feed.Key, string, error)
}

// batch is how many papers one read asks for.
const batch = 1000

// Follower keeps an index in step with a store: the first Sync reads
// every paper, later ones only the papers the store's change log names,
// whichever process changed them.
type Follower struct {
	Index  *Index
	Store  Store
	Logger *slog.Logger

	mu     sync.Mutex
	cursor string // "" until the first full read
}

// NewFollower returns a follower of store with an empty index.
func NewFollower(store Store, logger *slog.Logger) *Follower {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Follower{Index: NewIndex(), Store: store, Logger: logger}
}

// Ready reports whether the index has read the store once.
func (f *Follower) Ready() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cursor != ""
}

// Sync brings the index up to date with the store.
func (f *Follower) Sync(ctx context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cursor == "" {
		return f.rebuild(ctx)
	}
	err := f.follow(ctx)
	if errors.Is(err, feed.ErrChangesLost) {
		f.Logger.Info("search index fell behind the change log; reading every paper again")
		return f.rebuild(ctx)
	}
	return err
}

// rebuild reads every paper into a new index, then takes the changes
// made meanwhile.
func (f *Follower) rebuild(ctx context.Context) error {
	cursor, err := f.Store.ChangeCursor(ctx)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	fresh := NewIndex()
	for scan := ""; ; {
		papers, next, err := f.Store.Scan(ctx, scan, batch)
		if err != nil {
			return fmt.Errorf("search index: read papers: %w", err)
		}
		m := make(map[feed.Key]*feed.Paper, len(papers))
		for _, p := range papers {
			m[p.Key] = p
		}
		fresh.Put(m)
		if scan = next; scan == "" {
			break
		}
	}
	fresh.trim()
	f.Index.replace(fresh)
	f.cursor = cursor
	return f.follow(ctx)
}

// follow applies the logged changes after the cursor.
func (f *Follower) follow(ctx context.Context) error {
	for {
		keys, next, err := f.Store.Changes(ctx, f.cursor, batch)
		if err != nil {
			return fmt.Errorf("search index: read changes: %w", err)
		}
		if len(keys) == 0 {
			return nil
		}
		papers, err := f.Store.Papers(ctx, keys)
		if err != nil {
			return fmt.Errorf("search index: read changed papers: %w", err)
		}
		m := make(map[feed.Key]*feed.Paper, len(keys))
		for _, k := range keys {
			m[k] = nil // deleted unless read
		}
		for _, p := range papers {
			m[p.Key] = p
		}
		f.Index.Put(m)
		f.cursor = next
	}
}

// maxVerify bounds the papers read to confirm a phrase query's best
// candidates: past it, a query whose phrase is rare among the papers
// holding its words answers with fewer papers than asked.
const maxVerify = 4096

// Search returns the best n papers matching q, read from the store,
// and the index version the answer reflects (reading every paper first
// if the index never has). Every paper returned is one Query.Match
// takes; when the index can only narrow q down (phrases), candidates are
// read best first until n match.
func (f *Follower) Search(ctx context.Context, q *topic.Query, n int) ([]*feed.Paper, uint64, error) {
	if !f.Ready() {
		// the first read of every paper may outlast this request: it is
		// not thrown away when the request gives up
		if err := f.Sync(context.WithoutCancel(ctx)); err != nil {
			return nil, 0, err
		}
	}
	var kept []*feed.Paper
	read, seen := 0, uint64(0) // candidates read, at index version seen
	for want := n; ; want = min(want*4, maxVerify) {
		hits, version, exact := f.Index.Search(q, want)
		if version != seen { // the index changed: the candidates may have too
			kept, read, seen = nil, 0, version
		}
		papers, err := f.papers(ctx, hits[read:])
		if err != nil {
			return nil, 0, fmt.Errorf("read papers of query %q: %w", q, err)
		}
		kept = append(kept, slices.DeleteFunc(papers, func(p *feed.Paper) bool { return !q.Match(p) })...)
		read = len(hits)
		if exact || len(kept) >= n || len(hits) < want || want == maxVerify {
			return kept[:min(n, len(kept))], version, nil
		}
	}
}

func (f *Follower) papers(ctx context.Context, hits []Hit) ([]*feed.Paper, error) {
	keys := make([]feed.Key, len(hits))
	for i, h := range hits {
		keys[i] = h.Key
	}
	return f.Store.Papers(ctx, keys)
}

// Version grows whenever some query's answer may change.
func (f *Follower) Version() uint64 { return f.Index.Version() }

// Watch syncs every interval until ctx ends, once the index is built:
// other processes sharing the store change papers this one is not told
// about. It does not build the index itself: the first Search does, so a
// process nobody asks a query keeps no index (ARCHITECTURE.md §10).
func (f *Follower) Watch(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	failing := false // logged once when syncing starts failing, once when it works again
	for {
		var err error
		if f.Ready() {
			err = f.Sync(ctx)
		}
		switch {
		case err != nil && !failing && ctx.Err() == nil:
			f.Logger.Warn("search index cannot follow the store", "err", err)
			failing = true
		case err == nil && failing:
			f.Logger.Info("search index follows the store again", "papers", f.Index.Len())
			failing = false
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
