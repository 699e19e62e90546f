package storagetest

import (
	"context"
	"fmt"
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

// SourceStates reads the states of many sources at once, in the order
// asked, the unknown ones with their name only: what SourceState reads.
func testSourceStates(t *testing.T, s storage.Store) {
	ctx := context.Background()
	if got, err := s.SourceStates(ctx, nil); err != nil || len(got) != 0 {
		t.Fatalf("no names: %v, %v", got, err)
	}
	var names []string
	for i := range 40 { // more than one node's share on a cluster
		name := fmt.Sprintf("source/%02d", i)
		names = append(names, name)
		if i%3 == 0 {
			continue // never saved
		}
		st := feed.SourceState{Name: name, ETag: fmt.Sprintf(`"e%d"`, i), LastAttempt: t0, LastStatus: "not modified", Items: i}
		if err := s.SaveSourceState(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	names = append(names, names[1]) // asked twice
	got, err := s.SourceStates(ctx, names)
	if err != nil || len(got) != len(names) {
		t.Fatalf("%d states, %v; want %d", len(got), err, len(names))
	}
	for i, name := range names {
		want, err := s.SourceState(ctx, name)
		if err != nil || !reflect.DeepEqual(got[i], want) {
			t.Errorf("state %d (%s) = %+v; SourceState says %+v, %v", i, name, got[i], want, err)
		}
	}
	if got[0].Name != names[0] || got[0].ETag != "" || got[1].Items != 1 {
		t.Errorf("unknown source %+v, known %+v", got[0], got[1])
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
