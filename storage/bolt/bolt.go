// Package bolt is the embedded store: one bbolt file, owned by one
// process at a time.
//
// Layout (all buckets at the root):
//
//	papers   key → Paper JSON
//	rank     one nested bucket per topic slug: score(8 bytes, descending) + key → ""
//	curation slug → Curation JSON
//	revs     slug → uint64 (big endian)
//	sources  name → SourceState JSON
//	leases   name → holder NUL expiry (RFC 3339)
//	meta     key → value
//	websub   topic NL callback → Subscription JSON
//	updated  Unix nanoseconds of Paper.Updated (8 bytes) + key → "" (see Stale)
//	repos    owner/repo → RepoState JSON
//	budgets  name NUL window start (unix seconds) → units spent (uint64, big endian)
//	digests  one nested bucket per "slug/kind": period ID → Digest JSON
//	changes  seq (8 bytes) → key of a paper written at seq (one entry per paper: its last write)
//	changed  key → its seq in changes
//	gone     seq → key of a paper deleted at seq (the last maxGone deletions)
package bolt

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bbolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

var (
	bucketPapers   = []byte("papers")
	bucketRank     = []byte("rank")
	bucketCuration = []byte("curation")
	bucketRevs     = []byte("revs")
	bucketSources  = []byte("sources")
	bucketLeases   = []byte("leases")
	bucketMeta     = []byte("meta")
	bucketRepos    = []byte("repos")
	bucketBudgets  = []byte("budgets")
	bucketDigests  = []byte("digests")
	bucketChanges  = []byte("changes")
	bucketChanged  = []byte("changed")
	bucketGone     = []byte("gone")
)

// lockWait is how long Open waits for another process's lock: long
// enough to ride out a restart, short enough never to look hung.
const lockWait = 500 * time.Millisecond

// Store is the embedded bbolt store.
type Store struct {
	db     *bbolt.DB
	writes *committer // group commit of merges and source states
}

// ErrLocked means another process (usually `paperwire serve`) holds the file.
var ErrLocked = errors.New("store is in use by another process")

// Open opens (creating when needed) the store file at path.
func Open(path string) (*Store, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("create data folder %s: %w", dir, err)
		}
	}
	db, err := bbolt.Open(path, 0o640, &bbolt.Options{Timeout: lockWait})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("open %s: %w (is `paperwire serve` running? stop it first, or use Redis)", path, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s := &Store{db: db, writes: &committer{db: db}}
	if err := s.init(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) init() error {
	return s.db.Update(func(tx *bbolt.Tx) error {
		for _, b := range [][]byte{bucketPapers, bucketRank, bucketCuration, bucketRevs, bucketSources, bucketLeases, bucketMeta, bucketRepos, bucketBudgets, bucketDigests, bucketChanges, bucketChanged, bucketGone, bucketWebSub} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return fmt.Errorf("create bucket %s: %w", b, err)
			}
		}
		return buildUpdated(tx)
	})
}

// Close releases the file.
func (s *Store) Close() error { return s.db.Close() }

// Ping always succeeds: the file is open.
func (s *Store) Ping(ctx context.Context) error { return ctx.Err() }

func (s *Store) view(ctx context.Context, fn func(tx *bbolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.View(fn)
}

func (s *Store) update(ctx context.Context, fn func(tx *bbolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.Update(fn)
}

// group runs fn in a write transaction shared with concurrent writers
// (see committer); fn may run more than once.
func (s *Store) group(ctx context.Context, fn func(tx *bbolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.writes.do(fn)
}
