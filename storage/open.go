package storage

import (
	"context"
	"log/slog"

	"github.com/paperwire/paperwire/storage/bolt"
	"github.com/paperwire/paperwire/storage/redis"
)

// Options select and tune a backend.
type Options struct {
	Path     string // embedded file, used when RedisURL is empty
	RedisURL string // redis://, rediss://, or a cluster as redis://h1?addr=h2&addr=h3
	Prefix   string // Redis key prefix
	Logger   *slog.Logger
	Lazy     bool // Redis: return the store even if it does not answer yet
}

// Open opens the backend the options name: Redis when a Redis URL is
// given, else the embedded bbolt file.
func Open(ctx context.Context, o Options) (Store, error) {
	if o.RedisURL != "" {
		return redis.Open(ctx, o.RedisURL, redis.Options{Prefix: o.Prefix, Logger: o.Logger, Lazy: o.Lazy})
	}
	return bolt.Open(o.Path)
}

// Describe says which backend the options name, without secrets.
func Describe(o Options, redact func(string) string) string {
	if o.RedisURL != "" {
		return "redis " + redact(o.RedisURL)
	}
	return "embedded " + o.Path
}
