package parse_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/parse"
)

// FuzzParse feeds arbitrary bytes to both kinds of parser. Whatever the
// input, Parse returns items or a printable error, never both, and never
// by way of a recovered panic.
func FuzzParse(f *testing.F) {
	seeds, err := filepath.Glob(filepath.Join("..", "testdata", "*.*"))
	if err != nil {
		f.Fatal(err)
	}
	bad, _ := filepath.Glob(filepath.Join("..", "testdata", "bad", "*"))
	for _, name := range append(seeds, bad...) {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, false)
		f.Add(b, true)
	}
	f.Fuzz(func(t *testing.T, body []byte, hf bool) {
		kind := feed.KindFeed
		if hf {
			kind = feed.KindHFDaily
		}
		p := parse.Parser{MaxItems: 50}
		res, err := p.Parse(kind, body)
		if err != nil {
			checkFuzzError(t, err, res)
			return
		}
		if len(res.Items) > p.MaxItems {
			t.Errorf("%d items beyond MaxItems %d", len(res.Items), p.MaxItems)
		}
		for i, it := range res.Items {
			if it == nil {
				t.Fatalf("item %d is nil", i)
			}
		}
	})
}

func checkFuzzError(t *testing.T, err error, res parse.Result) {
	t.Helper()
	if strings.Contains(err.Error(), "parser failed on malformed input") {
		t.Fatalf("parser panicked: %v", err)
	}
	if len(res.Items) != 0 || res.Truncated != 0 {
		t.Errorf("error %q came with %d items", err, len(res.Items))
	}
	checkMessage(t, err.Error())
}
