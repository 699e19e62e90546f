package parse_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/parse"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// kindOf is the source kind a fixture is served as.
func kindOf(name string) feed.Kind {
	if strings.HasPrefix(filepath.Base(name), "hf-") {
		return feed.KindHFDaily
	}
	return feed.KindFeed
}

// Counts are from ../testdata/README.md where it gives them (cs.CV RSS:
// 8 new + 3 cross + 2 replace + 1 replace-cross; weekend: zero; no-ids:
// 3) and otherwise counted once in the fixture (<item>, <entry>, or
// elements of the hf-daily array) and pinned here.
var fixtureCounts = map[string]int{
	"arxiv-listing-cs.CV.rss":   14,
	"arxiv-listing-cs.LG.rss":   8,
	"arxiv-listing-cs.CV.atom":  6,
	"arxiv-listing-weekend.rss": 0,
	"arxiv-api.atom":            6,
	"hf-daily.json":             8,
	"hf-trending.json":          4,
	"hnrss.rss":                 7,
	"reddit.atom":               5,
	"blog.rss":                  4,
	"biorxiv.rss":               3,
	"xss.rss":                   4,
	"bad/no-ids.rss":            3,
}

func TestParseFixtures(t *testing.T) {
	for name, want := range fixtureCounts {
		t.Run(name, func(t *testing.T) {
			res, err := parse.Parser{}.Parse(kindOf(name), readFixture(t, name))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if len(res.Items) != want || res.Truncated != 0 {
				t.Errorf("got %d items (%d truncated), want %d", len(res.Items), res.Truncated, want)
			}
			for i, it := range res.Items {
				if it == nil {
					t.Errorf("item %d is nil", i)
				}
			}
		})
	}
}

func TestParseBadInputs(t *testing.T) {
	for _, tc := range []struct {
		name string
		kind feed.Kind
		want []string
	}{
		{"bad/empty.xml", feed.KindFeed, []string{"empty body"}},
		{"bad/empty.xml", feed.KindHFDaily, []string{"empty body"}},
		{"bad/html-page.html", feed.KindFeed, []string{"not an RSS, Atom or JSON feed", `starts with "<!DOCTYPE html>`}},
		{"bad/html-page.html", feed.KindHFDaily, []string{"expected a JSON array", `starts with "<!DOCTYPE html>`}},
		{"bad/garbage.bin", feed.KindFeed, []string{"not an RSS, Atom or JSON feed", "4096 bytes of binary data"}},
		{"bad/garbage.bin", feed.KindHFDaily, []string{"4096 bytes of binary data"}},
		{"bad/truncated.rss", feed.KindFeed, []string{"parse rss", "XML syntax error", "unexpected EOF"}},
		{"bad/entity-bomb.xml", feed.KindFeed, []string{"refused", "entities"}},
	} {
		t.Run(tc.name+"/"+string(tc.kind), func(t *testing.T) {
			res, err := parse.Parser{}.Parse(tc.kind, readFixture(t, tc.name))
			if err == nil {
				t.Fatalf("no error, %d items", len(res.Items))
			}
			if len(res.Items) != 0 {
				t.Errorf("error %q came with %d items", err, len(res.Items))
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			checkMessage(t, err.Error())
		})
	}
}

// checkMessage fails when an error message could not be shown to a
// user as is: raw binary or control characters.
func checkMessage(t testing.TB, msg string) {
	t.Helper()
	if msg == "" || !utf8.ValidString(msg) || strings.ContainsFunc(msg, unicode.IsControl) {
		t.Errorf("error message is empty or not printable: %q", msg)
	}
}

// The bomb must be refused before anything expands it: parsing it stays
// far below the gigabytes that expansion would take.
func TestEntityBombMemoryBounded(t *testing.T) {
	bomb := readFixture(t, "bad/entity-bomb.xml")
	// Behind 64 KiB of comment the DTD escapes the refusal: gofeed must
	// then parse without expanding (the entity stays literal or fails).
	padded := append([]byte("<!--"+strings.Repeat("x", 64<<10)+"-->\n"), bomb...)
	for name, body := range map[string][]byte{"bomb": bomb, "padded": padded} {
		t.Run(name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			res, err := parse.Parser{}.Parse(feed.KindFeed, body)
			runtime.ReadMemStats(&after)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
				t.Errorf("parsing allocated %d MiB: entities were expanded", alloc>>20)
			}
			for _, it := range res.Items {
				if strings.Contains(it.Title+it.Description, "lollol") {
					t.Errorf("entity expanded in item %q", it.Title)
				}
			}
			if err != nil {
				checkMessage(t, err.Error())
			}
		})
	}
}

func TestParseMessageShowsTextStart(t *testing.T) {
	// The 40-byte boundary falls inside a two-byte "é": still text.
	page := "<html><title>" + strings.Repeat("é", 30) + "</title></html>"
	_, err := parse.Parser{}.Parse(feed.KindFeed, []byte(page))
	if err == nil || !strings.Contains(err.Error(), `starts with "<html><title>ééé`) {
		t.Errorf("got %v, want the start of the page", err)
	}
	_, err = parse.Parser{}.Parse(feed.KindFeed, []byte("\x00\x01\x02hello world"))
	if err == nil || !strings.Contains(err.Error(), "binary data") {
		t.Errorf("got %v, want binary data", err)
	}
}

func TestParseJSONFeed(t *testing.T) {
	good := `{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[
		{"id":"1","url":"https://arxiv.org/abs/2403.15157","title":"a"},
		{"id":"2","url":"https://arxiv.org/abs/2402.19021","title":"b"}]}`
	res, err := parse.Parser{}.Parse(feed.KindFeed, []byte(good))
	if err != nil || len(res.Items) != 2 || res.Items[1].Link != "https://arxiv.org/abs/2402.19021" {
		t.Fatalf("got %d items, %v", len(res.Items), err)
	}
	// An API error object is JSON but not a feed.
	_, err = parse.Parser{}.Parse(feed.KindFeed, []byte(`{"error":"rate limited"}`))
	if err == nil || !strings.Contains(err.Error(), "not an RSS, Atom or JSON feed") {
		t.Errorf("JSON object without version: got %v", err)
	}
}

func TestParseMaxItems(t *testing.T) {
	for _, tc := range []struct {
		name  string
		limit int
	}{{"arxiv-listing-cs.CV.rss", 5}, {"hf-daily.json", 3}} {
		body := readFixture(t, tc.name)
		all, err := parse.Parser{}.Parse(kindOf(tc.name), body)
		if err != nil {
			t.Fatal(err)
		}
		res, err := parse.Parser{MaxItems: tc.limit}.Parse(kindOf(tc.name), body)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Items) != tc.limit || res.Truncated != len(all.Items)-tc.limit {
			t.Errorf("%s: got %d items, %d truncated; want %d, %d", tc.name,
				len(res.Items), res.Truncated, tc.limit, len(all.Items)-tc.limit)
		}
		if res.Items[0].GUID != all.Items[0].GUID {
			t.Errorf("%s: truncation did not keep the first items", tc.name)
		}
	}
}

func TestParseWithinLimitNotTruncated(t *testing.T) {
	res, err := parse.Parser{MaxItems: 14}.Parse(feed.KindFeed, readFixture(t, "arxiv-listing-cs.CV.rss"))
	if err != nil || len(res.Items) != 14 || res.Truncated != 0 {
		t.Errorf("got %d items, %d truncated, %v", len(res.Items), res.Truncated, err)
	}
}
