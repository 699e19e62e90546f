package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/paperwire/paperwire/feed/feedtest"
)

// The committed fixtures are what gen writes with feedtest's writers,
// byte for byte: a change to a writer that alters a fixture shows here.
func TestFixturesAreCurrent(t *testing.T) {
	seeds, err := feedtest.Seeds()
	if err != nil {
		t.Fatal(err)
	}
	files := fixtures(buildPapers(seeds))
	if len(files) != 21 {
		t.Errorf("%d fixtures, want 21", len(files))
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join("..", name))
		if err != nil {
			t.Error(err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is not what gen writes (regenerate: go run ./feed/testdata/gen)", name)
		}
	}
}
