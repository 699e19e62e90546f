package main

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/paperwire/paperwire/config"
	"github.com/paperwire/paperwire/feed"
)

// A config paperbench writes loads as the one it built: what it set kept
// (zeros too), every other key at its default.
func TestWriteConfigKeepsWhatIsSet(t *testing.T) {
	dir := t.TempDir()
	c := baseConfig(dir, "127.0.0.1:4567", 8)
	c.Sources = []config.SourceEntry{{Name: "a", URL: "http://127.0.0.1:1/a"}, {Name: "b", URL: "http://127.0.0.1:1/b", Every: config.Duration(time.Minute)}}
	path := filepath.Join(dir, "paperwire.yaml")
	if err := writeConfig(path, c); err != nil {
		t.Fatal(err)
	}
	got, err := config.Load(path, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if got.Fetch.HostInterval.D() != 0 || got.Fetch.Concurrency != 8 || got.Signals.GitHub.On() || got.BaseURL != "http://127.0.0.1:4567" {
		t.Errorf("set keys: host_interval %v, concurrency %d, github %v, base_url %s", got.Fetch.HostInterval.D(), got.Fetch.Concurrency, got.Signals.GitHub.On(), got.BaseURL)
	}
	if got.Fetch.MaxItems == 0 || got.Publish.Digest.Items != config.DefaultDigestItems || got.Topics[0].Limit != config.DefaultTopicLimit {
		t.Errorf("defaults: max_items %d, digest items %d, topic limit %d", got.Fetch.MaxItems, got.Publish.Digest.Items, got.Topics[0].Limit)
	}
	want := []feed.Source{{Name: "a", URL: "http://127.0.0.1:1/a", Kind: feed.KindFeed, Role: feed.RolePapers, Every: config.DefaultEvery},
		{Name: "b", URL: "http://127.0.0.1:1/b", Kind: feed.KindFeed, Role: feed.RolePapers, Every: time.Minute}}
	if len(got.FeedSources) != len(want) {
		t.Fatalf("%d sources, want %d", len(got.FeedSources), len(want))
	}
	for i, s := range got.FeedSources {
		if s != want[i] {
			t.Errorf("source %d: %+v, want %+v", i, s, want[i])
		}
	}
}
