package redis_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire/storage/redis"
)

// A standalone URL takes go-redis's dial retry parameters as a cluster
// URL does: with one dial and no command retry, a request to a stopped
// Redis fails at once; by default it dials five times, 100 ms apart.
func TestDialerRetriesOnStandaloneURL(t *testing.T) {
	t.Parallel()
	addr := closedPort(t)
	for _, tc := range []struct {
		query    string
		min, max time.Duration
	}{
		{"?max_retries=-1", 400 * time.Millisecond, time.Minute},
		{"?max_retries=-1&dialer_retries=1", 0, 300 * time.Millisecond},
		{"?max_retries=-1&dialer_retries=2&dialer_retry_timeout=10ms", 0, 300 * time.Millisecond},
	} {
		s, err := redis.Open(context.Background(), "redis://"+addr+tc.query, redis.Options{Lazy: true})
		if err != nil {
			t.Fatalf("%s: %v", tc.query, err)
		}
		start := time.Now()
		err = s.Ping(context.Background())
		took := time.Since(start)
		s.Close()
		if err == nil || !strings.Contains(err.Error(), addr) {
			t.Errorf("%s: ping of a closed port: %v", tc.query, err)
		}
		if took < tc.min || took > tc.max {
			t.Errorf("%s: a failed ping took %v, want %v to %v", tc.query, took, tc.min, tc.max)
		}
	}
	for _, q := range []string{"?dialer_retries=x", "?dialer_retry_timeout=soon"} {
		if _, err := redis.Open(context.Background(), "redis://"+addr+q, redis.Options{Lazy: true}); err == nil || !strings.Contains(err.Error(), "dialer_retr") {
			t.Errorf("open %s: %v, want an error naming the parameter", q, err)
		}
	}
}
