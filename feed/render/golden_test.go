package render

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/paperwire/paperwire/feed"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatalf("update golden: %v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run go test -update): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./feed/render -update to accept):\n--- got\n%s", name, got)
	}
}

func TestGoldenFeeds(t *testing.T) {
	site := testSite()
	for _, tc := range []struct {
		name string
		page Page
	}{{"populated", populated()}, {"empty", empty()}} {
		for _, format := range []string{RSS, Atom, JSON} {
			t.Run(tc.name+"."+format, func(t *testing.T) {
				body, err := site.Feed(format, tc.page)
				if err != nil {
					t.Fatal(err)
				}
				golden(t, tc.name+"."+format, body)
			})
		}
	}
}

func TestGoldenHub(t *testing.T) {
	site := testSite()
	site.Hub = "https://hub.example.org/"
	for _, format := range []string{RSS, Atom, JSON} {
		body, err := site.Feed(format, empty())
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "hub."+format, body)
	}
}

func TestGoldenPages(t *testing.T) {
	pages, err := NewPages(testSite())
	if err != nil {
		t.Fatal(err)
	}
	topics := []feed.Topic{testTopic(), empty().Topic}
	index, err := pages.Index(topics, Health{})
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "index.html", index)
	for name, page := range map[string]Page{"topic.html": populated(), "topic-empty.html": empty()} {
		body, err := pages.Topic(page, Health{})
		if err != nil {
			t.Fatal(err)
		}
		golden(t, name, body)
	}
	opml, err := testSite().OPML(topics)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "topics.opml", opml)
}
