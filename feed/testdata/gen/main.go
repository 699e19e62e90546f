// Command gen (re)writes every fixture under feed/testdata from the seed papers.
//
//	go run ./feed/testdata/gen   (from the repository root)
//
// It reads the 94 seed papers (real titles and abstracts, embedded in
// feed/feedtest), invents one consistent identity per paper (arXiv id,
// version, categories, authors, announcement date; written to papers.tsv)
// and derives every fixture from that table. The documents are written by
// feed/feedtest's writers, one per source format, which cmd/paperbench
// uses too. It uses a fixed-seed PRNG, so two runs produce byte-identical
// output.
//
//	papers.go, dates.go   the identity table
//	arxiv.go, hf.go       the papers sources: arXiv listings and API, Hugging Face
//	discussions.go        Hacker News, Reddit, a blog, bioRxiv
//	hostile.go            hostile HTML and broken bodies (bad/)
//	notes.go              papers.tsv, five-sightings.md, README.md
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
)

func main() {
	seedsPath := flag.String("seeds", "", "seed papers (JSON array of {title, abstract, code}); default: feed/feedtest's")
	out := flag.String("out", "feed/testdata", "output directory")
	flag.Parse()
	log.SetFlags(0)
	papers := buildPapers(loadSeeds(*seedsPath))
	writeAll(*out, fixtures(papers))
}

// fixtures are every generated file, by path under the output directory.
func fixtures(papers []*Paper) map[string][]byte {
	files := arxivFixtures(papers)
	maps.Copy(files, hfFixtures(papers))
	maps.Copy(files, discussionFixtures(papers))
	maps.Copy(files, hostileFixtures(papers, files["arxiv-listing-cs.CV.rss"]))
	maps.Copy(files, noteFixtures(papers))
	return files
}

// loadSeeds reads the seeds at path, or the embedded ones when path is "".
func loadSeeds(path string) []feedtest.Seed {
	if path == "" {
		return must(feedtest.Seeds())
	}
	raw := must(os.ReadFile(path))
	var seeds []feedtest.Seed
	if err := json.Unmarshal(raw, &seeds); err != nil {
		log.Fatalf("%s: %v", path, err)
	}
	if len(seeds) < 94 {
		log.Fatalf("%s: want 94 seeds, got %d", path, len(seeds))
	}
	return seeds
}

func writeAll(out string, files map[string][]byte) {
	for _, name := range slices.Sorted(maps.Keys(files)) {
		path := filepath.Join(out, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%7d  %s\n", len(files[name]), path)
	}
}

// must stops gen on an error: a generator has nothing to recover.
func must[T any](v T, err error) T {
	if err != nil {
		log.Fatal(err)
	}
	return v
}
