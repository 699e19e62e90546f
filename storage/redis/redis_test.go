package redis_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/storage"
	"github.com/paperwire/paperwire/storage/redis"
	"github.com/paperwire/paperwire/storage/redis/redistest"
	"github.com/paperwire/paperwire/storage/storagetest"
)

var _ storage.Store = (*redis.Store)(nil)

// openStore opens a store whose keys start with base then the test's
// name, so that every test, and every subtest of the conformance suite,
// starts on an empty store of its own on a shared server. base is a
// shared server's prefix for the test (its keys are deleted when the test
// ends), or "" on a server of the test's own.
func openStore(t *testing.T, url, base string) *redis.Store {
	t.Helper()
	prefix := storePrefix(t, base)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	log := slog.New(slog.NewTextHandler(t.Output(), nil))
	s, err := redis.Open(ctx, url, redis.Options{Prefix: prefix, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// storePrefix is the prefix openStore gives the test's store.
func storePrefix(t *testing.T, base string) string {
	return base + strings.NewReplacer("{", "(", "}", ")").Replace(t.Name()) + ":"
}

// backends runs fn, in parallel, against the package's shared standalone
// server and its shared 3-master cluster.
func backends(t *testing.T, fn func(t *testing.T, db *redistest.Shared)) {
	t.Run("Standalone", func(t *testing.T) {
		t.Parallel()
		fn(t, redistest.SharedServer(t))
	})
	t.Run("Cluster", func(t *testing.T) {
		t.Parallel()
		fn(t, redistest.SharedCluster(t))
	})
}

func TestConformance(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, db *redistest.Shared) {
		storagetest.Run(t, func(t *testing.T) storage.Store { return openStore(t, db.URL(), db.Prefix()) })
	})
}

var t0 = time.Date(2024, 3, 25, 4, 0, 0, 0, time.UTC)

func paper(key feed.Key, score float64, topics ...string) *feed.Paper {
	return &feed.Paper{
		Key:       key,
		Fields:    feed.Fields{Title: "Title of " + key.String()},
		Sightings: []feed.Sighting{{Source: "arxiv-cs-cv", Role: feed.RolePapers, At: t0, Weight: 1, Score: score}},
		Score:     score,
		FirstSeen: t0,
		Updated:   t0,
		Topics:    topics,
	}
}

func put(t *testing.T, s *redis.Store, ps ...*feed.Paper) {
	t.Helper()
	keys := make([]feed.Key, len(ps))
	for i, p := range ps {
		keys[i] = p.Key
	}
	err := s.Merge(context.Background(), keys, func(map[feed.Key]*feed.Paper) ([]*feed.Paper, error) {
		return ps, nil
	})
	if err != nil {
		t.Fatalf("merge: %v", err)
	}
}
