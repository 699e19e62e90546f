// Command gen (re)writes every generated fixture under feed/testdata from
// the seed papers (package feed/feedtest/fixtures builds them, with
// feed/feedtest's writers):
//
//	go run ./feed/testdata/gen   (from the repository root)
//
// Two runs produce byte-identical output.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/paperwire/paperwire/feed/feedtest"
	"github.com/paperwire/paperwire/feed/feedtest/fixtures"
)

func main() {
	seedsPath := flag.String("seeds", "", "seed papers (JSON array of {title, abstract, code}); default: feed/feedtest's")
	out := flag.String("out", "feed/testdata", "output directory")
	flag.Parse()
	log.SetFlags(0)
	if err := run(*seedsPath, *out); err != nil {
		log.Fatal(err)
	}
}

func run(seedsPath, out string) error {
	seeds, err := loadSeeds(seedsPath)
	if err != nil {
		return err
	}
	files, err := fixtures.Files(seeds)
	if err != nil {
		return err
	}
	return writeAll(out, files)
}

// loadSeeds reads the seeds at path, or the embedded ones when path is "".
func loadSeeds(path string) ([]feedtest.Seed, error) {
	if path == "" {
		return feedtest.Seeds()
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var seeds []feedtest.Seed
	if err := json.Unmarshal(raw, &seeds); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return seeds, nil
}

func writeAll(out string, files map[string][]byte) error {
	for _, name := range slices.Sorted(maps.Keys(files)) {
		path := filepath.Join(out, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return err
		}
		fmt.Printf("%7d  %s\n", len(files[name]), path)
	}
	return nil
}
