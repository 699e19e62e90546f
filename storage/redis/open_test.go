package redis_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire/storage/redis"
)

// closedPort returns a 127.0.0.1 port nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// Open on an unreachable Redis fails promptly, names the address and never
// shows the password.
func TestOpenUnreachable(t *testing.T) {
	t.Parallel()
	a, b := closedPort(t), closedPort(t)
	cases := map[string]struct {
		url   string
		names []string
	}{
		"standalone": {"redis://paperwire:s3cret@" + a + "/0", []string{a}},
		"cluster":    {"redis://paperwire:s3cret@" + a + "?addr=" + b, []string{a, b}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			s, err := redis.Open(context.Background(), tc.url, redis.Options{})
			took := time.Since(start)
			if err == nil {
				s.Close()
				t.Fatal("open succeeded on a closed port")
			}
			t.Logf("after %s: %v", took.Round(time.Millisecond), err)
			if took > 6*time.Second {
				t.Errorf("open took %s", took)
			}
			msg := err.Error()
			for _, addr := range tc.names {
				if !strings.Contains(msg, addr) || !strings.Contains(msg, "unreachable") {
					t.Errorf("error does not say %s is unreachable: %v", addr, err)
				}
			}
			if strings.Contains(msg, "s3cret") {
				t.Errorf("error shows the password: %v", err)
			}
		})
	}
}

// Open honours its context: a server that accepts connections but never
// answers fails Open when the context ends.
func TestOpenHonoursContext(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close() // held open, silent, until the test ends
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = redis.Open(ctx, "redis://"+l.Addr().String()+"/0", redis.Options{})
	if took := time.Since(start); err == nil || took > 2*time.Second {
		t.Errorf("open = %v after %s, want an error once the 300ms context ends", err, took)
	}
	t.Log(err)
}

func TestOpenRejectsBadInput(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ url, prefix string }{
		{"redis://u:s3cret@127.0.0.1:6379/x", ""},
		{"redis://u:s3cret@127.0.0.1:6379?addr=nope", ""},
		{"redis://u:s3cret@127.0.0.1:bad/0", ""},
		{"ftp://u:s3cret@127.0.0.1:6379/0", ""},
		{"redis://127.0.0.1:6379/0", "{tag}:"},
	} {
		_, err := redis.Open(context.Background(), tc.url, redis.Options{Prefix: tc.prefix})
		if err == nil {
			t.Errorf("open %q (prefix %q) succeeded", tc.url, tc.prefix)
			continue
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("error shows the password: %v", err)
		}
		t.Log(err)
	}
}
