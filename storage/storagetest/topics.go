package storagetest

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/storage"
)

func testTopRanksByScore(t *testing.T, s storage.Store) {
	put(t, s,
		paper("arxiv:2403.00001", 2.5, "vision"),
		paper("arxiv:2403.00002", -1.25, "vision"),
		paper("arxiv:2403.00003", 40, "vision"),
		paper("arxiv:2403.00004", 7, "vision", "nlp"),
		paper("arxiv:2403.00005", 1e-9, "vision"),
	)
	want := []feed.Key{"arxiv:2403.00003", "arxiv:2403.00004", "arxiv:2403.00001", "arxiv:2403.00005", "arxiv:2403.00002"}
	if got := top(t, s, "vision", 10); !slices.Equal(got, want) {
		t.Errorf("top(vision) = %v, want %v", got, want)
	}
	if got := top(t, s, "vision", 2); !slices.Equal(got, want[:2]) {
		t.Errorf("top(vision, 2) = %v, want %v", got, want[:2])
	}
	r, err := s.Top(context.Background(), "vision", 1)
	if err != nil || len(r) != 1 || r[0].Score != 40 {
		t.Errorf("top entry = %+v, %v; want score 40", r, err)
	}
	if got := top(t, s, "nlp", 10); !slices.Equal(got, []feed.Key{"arxiv:2403.00004"}) {
		t.Errorf("top(nlp) = %v", got)
	}
	if got := top(t, s, "no-such-topic", 10); len(got) != 0 {
		t.Errorf("top(no-such-topic) = %v, want empty", got)
	}
}

func testTopicMembershipMoves(t *testing.T, s storage.Store) {
	put(t, s, paper("arxiv:2403.00001", 1, "a", "b"), paper("arxiv:2403.00002", 2, "a"))
	moved := paper("arxiv:2403.00001", 5, "b", "c")
	put(t, s, moved)
	checks := map[string][]feed.Key{
		"a": {"arxiv:2403.00002"},
		"b": {"arxiv:2403.00001"},
		"c": {"arxiv:2403.00001"},
	}
	for slug, want := range checks {
		if got := top(t, s, slug, 10); !slices.Equal(got, want) {
			t.Errorf("top(%s) = %v, want %v", slug, got, want)
		}
	}
	r, _ := s.Top(context.Background(), "b", 10)
	if len(r) != 1 || r[0].Score != 5 {
		t.Errorf("top(b) = %+v, want one entry with the new score 5", r)
	}
}

func testRevisions(t *testing.T, s storage.Store) {
	ctx := context.Background()
	rev := func() map[string]uint64 {
		r, err := s.Revisions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	put(t, s, paper("arxiv:2403.00001", 1, "a"), paper("arxiv:2403.00002", 1, "b"))
	before := rev()
	put(t, s, paper("arxiv:2403.00001", 2, "a"))
	after := rev()
	if after["a"] <= before["a"] {
		t.Errorf("revision of a did not grow: %d -> %d", before["a"], after["a"])
	}
	if after["b"] != before["b"] {
		t.Errorf("revision of untouched b changed: %d -> %d", before["b"], after["b"])
	}
	put(t, s, paper("arxiv:2403.00001", 2, "b"))
	if r := rev(); r["a"] <= after["a"] || r["b"] <= after["b"] {
		t.Errorf("moving a paper from a to b must bump both: %v -> %v", after, r)
	}
	now := rev()
	if _, err := s.Curate(ctx, "c", "arxiv:2403.00001", feed.Pin, t0); err != nil {
		t.Fatal(err)
	}
	if r := rev(); r["c"] <= now["c"] {
		t.Errorf("pin did not bump the topic's revision: %v -> %v", now, r)
	}
}

func testCuration(t *testing.T, s storage.Store) {
	ctx := context.Background()
	steps := []struct {
		action     feed.CurateAction
		key        feed.Key
		pins, bans []feed.Key
	}{
		{feed.Pin, "arxiv:2403.00002", []feed.Key{"arxiv:2403.00002"}, nil},
		{feed.Pin, "arxiv:2403.00001", []feed.Key{"arxiv:2403.00002", "arxiv:2403.00001"}, nil},
		{feed.Pin, "arxiv:2403.00002", []feed.Key{"arxiv:2403.00002", "arxiv:2403.00001"}, nil},
		{feed.Ban, "arxiv:2403.00009", []feed.Key{"arxiv:2403.00002", "arxiv:2403.00001"}, []feed.Key{"arxiv:2403.00009"}},
		{feed.Ban, "arxiv:2403.00002", []feed.Key{"arxiv:2403.00001"}, []feed.Key{"arxiv:2403.00002", "arxiv:2403.00009"}},
		{feed.Unban, "arxiv:2403.00009", []feed.Key{"arxiv:2403.00001"}, []feed.Key{"arxiv:2403.00002"}},
		{feed.Unpin, "arxiv:2403.00001", nil, []feed.Key{"arxiv:2403.00002"}},
	}
	for i, st := range steps {
		at := t0.Add(time.Duration(i) * time.Minute)
		c, err := s.Curate(ctx, "vision", st.key, st.action, at)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		stored, err := s.Curation(ctx, "vision")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(c, stored) {
			t.Errorf("step %d: returned %+v, stored %+v", i, c, stored)
		}
		if !slices.Equal(c.Pins, st.pins) || !slices.Equal(c.Bans, st.bans) {
			t.Errorf("step %d (%s %s): pins %v bans %v, want %v %v", i, st.action, st.key, c.Pins, c.Bans, st.pins, st.bans)
		}
	}
	if c, _ := s.Curation(ctx, "other"); len(c.Pins)+len(c.Bans) != 0 {
		t.Errorf("curation leaked into another topic: %+v", c)
	}
}
