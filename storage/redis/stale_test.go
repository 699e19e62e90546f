package redis_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/storage/redis/redistest"
)

// A store written before the :updated indexes existed gets them built by
// its first Stale, and keeps them in step afterwards.
func TestUpdateIndexBuiltLazily(t *testing.T) {
	t.Parallel()
	db := redistest.SharedServer(t)
	s := openStore(t, db.URL(), db.Prefix())
	ctx := context.Background()
	for i := range 3 {
		p := paper(feed.Key(fmt.Sprintf("arxiv:2403.%05d", i)), 1, "a")
		p.Updated = t0.Add(time.Duration(2-i) * time.Hour)
		put(t, s, p)
	}
	forgetIndex(t, db.URL(), storePrefix(t, db.Prefix()))
	got, err := s.Stale(ctx, t0.Add(2*time.Hour), 10)
	if want := []feed.Key{"arxiv:2403.00002", "arxiv:2403.00001"}; err != nil || !slices.Equal(got, want) {
		t.Fatalf("Stale = %v, %v; want %v", got, err, want)
	}
	if err := s.Delete(ctx, []feed.Key{"arxiv:2403.00002"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Stale(ctx, t0.Add(2*time.Hour), 10); !slices.Equal(got, []feed.Key{"arxiv:2403.00001"}) {
		t.Errorf("Stale after a delete = %v", got)
	}
}

// forgetIndex removes the update indexes and their marker, as a store
// written by an earlier version has neither.
func forgetIndex(t *testing.T, url, prefix string) {
	t.Helper()
	opts, err := goredis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	c := goredis.NewClient(opts)
	defer c.Close()
	ctx := context.Background()
	for p := range 16 {
		c.Del(ctx, fmt.Sprintf("%s{p%d}:updated", prefix, p))
	}
	if err := c.HDel(ctx, prefix+"meta", "updated_index").Err(); err != nil {
		t.Fatal(err)
	}
}
