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

// openStore opens a store with a prefix of its own, derived from the test
// name, so tests share one server without seeing each other's keys.
func openStore(t *testing.T, url string) *redis.Store {
	t.Helper()
	prefix := strings.NewReplacer("{", "(", "}", ")").Replace(t.Name()) + ":"
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

// backends runs fn against a standalone server and a 3-master cluster,
// each started once, in parallel.
func backends(t *testing.T, fn func(t *testing.T, url string)) {
	t.Run("Standalone", func(t *testing.T) {
		t.Parallel()
		fn(t, redistest.Server(t).URL())
	})
	t.Run("Cluster", func(t *testing.T) {
		t.Parallel()
		fn(t, redistest.Cluster(t, 3).URL())
	})
}

func TestConformance(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, url string) {
		storagetest.Run(t, func(t *testing.T) storage.Store { return openStore(t, url) })
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
