package redis_test

import (
	"context"
	"testing"

	"github.com/paperwire/paperwire/storage/redis"
	"github.com/paperwire/paperwire/storage/redis/redistest"
	"github.com/paperwire/paperwire/storage/storagetest"
)

func BenchmarkMerge(b *testing.B) {
	srv := redistest.Server(b)
	s, err := redis.Open(context.Background(), srv.URL(), redis.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	storagetest.BenchMerge(b, s)
}
