package storagetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/storage"
)

func testSourceState(t *testing.T, s storage.Store) {
	ctx := context.Background()
	st, err := s.SourceState(ctx, "arxiv-cs-cv")
	if err != nil || st.Name != "arxiv-cs-cv" || st.ETag != "" {
		t.Fatalf("unknown source state = %+v, %v", st, err)
	}
	want := feed.SourceState{
		Name: "arxiv-cs-cv", ETag: `"abc"`, LastModified: "Mon, 25 Mar 2024 04:00:00 GMT", Digest: "d1",
		LastAttempt: t0, LastSuccess: t0, LastStatus: "fetched", Failures: 2,
		NotBefore: t0.Add(time.Hour), NotBeforeWhy: "retry-after",
		LastError: "status 503", LastFailure: t0.Add(-time.Hour), Items: 42,
	}
	if err := s.SaveSourceState(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := s.SourceState(ctx, "arxiv-cs-cv")
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("source state = %+v, %v; want %+v", got, err, want)
	}
}

func testLease(t *testing.T, s storage.Store) {
	ctx := context.Background()
	lease := func(holder string, ttl time.Duration) bool {
		ok, err := s.Lease(ctx, "src", holder, ttl)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !lease("a", 300*time.Millisecond) {
		t.Fatal("first lease refused")
	}
	if lease("b", time.Minute) {
		t.Error("second holder got a running lease")
	}
	if !lease("a", 300*time.Millisecond) {
		t.Error("holder could not renew its own lease")
	}
	deadline := time.After(5 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !lease("b", time.Minute) {
		select {
		case <-deadline:
			t.Fatal("expired lease never passed to another holder")
		case <-tick.C:
		}
	}
	if lease("a", time.Minute) {
		t.Error("old holder took back a lease another holder has")
	}
}

func testMeta(t *testing.T, s storage.Store) {
	ctx := context.Background()
	if v, err := s.Meta(ctx, "topics"); err != nil || v != "" {
		t.Fatalf("unset meta = %q, %v", v, err)
	}
	if err := s.SetMeta(ctx, "topics", "abc123"); err != nil {
		t.Fatal(err)
	}
	if v, err := s.Meta(ctx, "topics"); err != nil || v != "abc123" {
		t.Errorf("meta = %q, %v; want abc123", v, err)
	}
}
