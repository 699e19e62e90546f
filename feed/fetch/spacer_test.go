package fetch_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/paperwire/paperwire/feed/fetch"
)

func TestSpacerSpacesOneHost(t *testing.T) {
	s := fetch.NewSpacer(100 * time.Millisecond)
	ctx := context.Background()
	start := time.Now()
	for range 2 {
		if err := s.Wait(ctx, "example.org"); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("second wait returned after %s, want at least 100ms", d)
	}
}

// With a 1 s interval, a wait cut short at 200 ms tells a host that has
// to wait from one that does not, without measuring speed.
func TestSpacerHostsAreIndependent(t *testing.T) {
	s := fetch.NewSpacer(time.Second)
	if err := s.Wait(context.Background(), "a.example.org"); err != nil {
		t.Fatal(err)
	}
	short := func(host string) error {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		return s.Wait(ctx, host)
	}
	if err := short("b.example.org"); err != nil {
		t.Errorf("another host had to wait: %v", err)
	}
	if err := short("A.EXAMPLE.ORG"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("same host (other case) did not wait: %v", err)
	}
}

// A wait blocked on its host's turn ends when its context is cancelled
// (synctest: the clock is the bubble's, cancel comes once Wait blocks).
func TestSpacerCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := fetch.NewSpacer(time.Hour)
		s.Wait(context.Background(), "example.org")
		ctx, cancel := context.WithCancel(context.Background())
		got := make(chan error, 1)
		go func() { got <- s.Wait(ctx, "example.org") }()
		synctest.Wait()
		select {
		case err := <-got:
			t.Fatalf("second wait returned before its turn: %v", err)
		default:
		}
		cancel()
		if err := <-got; !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want context.Canceled", err)
		}
		if err := s.Wait(ctx, "other.example.org"); !errors.Is(err, context.Canceled) {
			t.Errorf("done context: got %v, want context.Canceled", err)
		}
	})
}

func TestSpacerArxivInterval(t *testing.T) {
	for _, tc := range []struct {
		interval time.Duration
		host     string
		want     time.Duration
	}{
		{time.Second, "rss.arxiv.org", 3 * time.Second},
		{time.Second, "export.arxiv.org", 3 * time.Second},
		{time.Second, "arxiv.org", 3 * time.Second},
		{time.Second, "ArXiv.ORG", 3 * time.Second},
		{0, "rss.arxiv.org", 3 * time.Second},
		{5 * time.Second, "export.arxiv.org", 5 * time.Second},
		{time.Second, "huggingface.co", time.Second},
		{time.Second, "notarxiv.org", time.Second},
		{time.Second, "arxiv.org.example.com", time.Second},
		{0, "hnrss.org", 0},
	} {
		if got := fetch.NewSpacer(tc.interval).Interval(tc.host); got != tc.want {
			t.Errorf("NewSpacer(%s).Interval(%q) = %s, want %s", tc.interval, tc.host, got, tc.want)
		}
	}
}
