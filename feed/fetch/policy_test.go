package fetch_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/fetch"
)

var now = time.Date(2024, 3, 25, 8, 0, 0, 0, time.UTC)

func testPolicy() fetch.Policy {
	return fetch.Policy{BackoffBase: time.Minute, BackoffMax: time.Hour, MaxWait: 24 * time.Hour}
}

func fixed(x float64) func() float64 { return func() float64 { return x } }

func TestSucceeded(t *testing.T) {
	old := feed.SourceState{Name: "s", Failures: 4, LastError: "boom", Digest: "d0",
		NotBefore: now.Add(time.Hour), NotBeforeWhy: "backoff"}
	res := &fetch.Response{Status: 200, ETag: `"e"`, LastModified: "lm", MaxAge: 10 * time.Minute}
	st := testPolicy().Succeeded(old, res, "d1", now)
	if st.Failures != 0 || st.LastError != "" || st.LastStatus != "fetched" ||
		!st.LastSuccess.Equal(now) || !st.LastAttempt.Equal(now) {
		t.Errorf("not reset: %+v", st)
	}
	if st.ETag != `"e"` || st.LastModified != "lm" || st.Digest != "d1" {
		t.Errorf("validators/digest not stored: %+v", st)
	}
	if !st.NotBefore.Equal(now.Add(10*time.Minute)) || st.NotBeforeWhy != "cache-control max-age" {
		t.Errorf("NotBefore %s (%s), want now+10m", st.NotBefore, st.NotBeforeWhy)
	}
}

func TestSucceededNotModifiedAndCaps(t *testing.T) {
	p := testPolicy()
	old := feed.SourceState{Digest: "d0", NotBefore: now.Add(time.Hour)}
	st := p.Succeeded(old, &fetch.Response{Status: 304, NotModified: true, ETag: `"e"`}, "", now)
	if st.Digest != "d0" || st.LastStatus != "not modified" || !st.NotBefore.IsZero() {
		t.Errorf("304: %+v", st)
	}
	st = p.Succeeded(old, &fetch.Response{Status: 200, MaxAge: 72 * time.Hour}, "d", now)
	if !st.NotBefore.Equal(now.Add(p.MaxWait)) {
		t.Errorf("max-age 72h: NotBefore %s, want capped at now+%s", st.NotBefore, p.MaxWait)
	}
}

func TestFailedBackoffGrows(t *testing.T) {
	p := testPolicy()
	st := feed.SourceState{ETag: `"e"`, LastModified: "lm"}
	want := []time.Duration{1, 2, 4, 8, 16, 32, 60, 60, 60}
	for i, w := range want {
		st = p.Failed(st, errors.New("http 500"), now, fixed(0.5)) // 0.5: no jitter
		if st.Failures != i+1 || st.LastStatus != "failed" || st.LastError != "http 500" || st.NotBeforeWhy != "backoff" {
			t.Fatalf("failure %d: %+v", i+1, st)
		}
		if got := st.NotBefore.Sub(now); got != w*time.Minute {
			t.Errorf("failure %d: wait %s, want %s", i+1, got, w*time.Minute)
		}
	}
	if st.ETag != `"e"` || st.LastModified != "lm" {
		t.Errorf("validators lost on failure: %+v", st)
	}
	st = p.Succeeded(st, &fetch.Response{Status: 200}, "d", now)
	if st = p.Failed(st, errors.New("x"), now, fixed(0.5)); st.NotBefore.Sub(now) != time.Minute {
		t.Errorf("after a success the backoff restarts: %s", st.NotBefore.Sub(now))
	}
}

func TestFailedJitterBounds(t *testing.T) {
	p := testPolicy()
	rnd := rand.New(rand.NewPCG(1, 2)).Float64
	for n := 1; n <= 40; n++ {
		base := min(p.BackoffBase<<min(n-1, 20), p.BackoffMax) // base·2^(n-1), capped
		lo, hi := base*3/4, min(base*5/4, p.BackoffMax)
		for range 200 {
			st := p.Failed(feed.SourceState{Failures: n - 1}, errors.New("x"), now, rnd)
			if d := st.NotBefore.Sub(now); d < lo || d > hi {
				t.Fatalf("failure %d: wait %s outside [%s, %s]", n, d, lo, hi)
			}
		}
	}
	for _, r := range []float64{0, 0.999999} {
		st := p.Failed(feed.SourceState{}, errors.New("x"), now, fixed(r))
		if d, want := st.NotBefore.Sub(now), time.Duration(float64(time.Minute)*(0.75+0.5*r)); d != want {
			t.Errorf("rnd %v: wait %s, want %s", r, d, want)
		}
	}
	st := p.Failed(feed.SourceState{Failures: 30}, errors.New("x"), now, fixed(0.999999))
	if d := st.NotBefore.Sub(now); d != p.BackoffMax {
		t.Errorf("jitter above the cap: wait %s, want %s", d, p.BackoffMax)
	}
}

func TestFailedRetryAfter(t *testing.T) {
	p := testPolicy()
	for _, tc := range []struct {
		failures int
		ra, want time.Duration
	}{
		{0, 10 * time.Minute, 10 * time.Minute}, // longer than the 1m backoff
		{8, 2 * time.Minute, 2 * time.Minute},   // shorter than the 1h backoff
		{0, 72 * time.Hour, 24 * time.Hour},     // capped at MaxWait
	} {
		err := fmt.Errorf("source: %w", &fetch.StatusError{Code: 429, RetryAfter: tc.ra})
		st := p.Failed(feed.SourceState{Failures: tc.failures}, err, now, fixed(0.9))
		if d := st.NotBefore.Sub(now); d != tc.want || st.NotBeforeWhy != "retry-after" {
			t.Errorf("Retry-After %s: wait %s (%s), want %s", tc.ra, d, st.NotBeforeWhy, tc.want)
		}
		if st.Failures != tc.failures+1 {
			t.Errorf("failures %d, want %d", st.Failures, tc.failures+1)
		}
	}
	st := p.Failed(feed.SourceState{}, &fetch.StatusError{Code: 503}, now, fixed(0.5))
	if st.NotBeforeWhy != "backoff" || st.NotBefore.Sub(now) != time.Minute {
		t.Errorf("503 without Retry-After: %s after %s", st.NotBeforeWhy, st.NotBefore.Sub(now))
	}
}
