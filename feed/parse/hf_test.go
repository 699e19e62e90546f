package parse_test

import (
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/parse"
)

func hfItems(t *testing.T, body []byte) map[string]*gofeed.Item {
	t.Helper()
	res, err := parse.Parser{}.Parse(feed.KindHFDaily, body)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	byID := map[string]*gofeed.Item{}
	for _, it := range res.Items {
		byID[strings.TrimPrefix(it.GUID, "https://huggingface.co/papers/")] = it
	}
	return byID
}

// Expected signals, read from ../testdata/hf-daily.json; a missing key
// is absent from Custom, never "0" (2403.01323 really has 0 comments).
func TestHFDailySignals(t *testing.T) {
	items := hfItems(t, readFixture(t, "hf-daily.json"))
	for id, want := range map[string]map[string]string{
		"2403.15157": {"hf.upvotes": "57", "hf.githubRepo": "https://github.com/chenxi52/FrozenSeg", "hf.githubStars": "120", "hf.comments": "3"},
		"2403.15485": {"hf.upvotes": "23", "hf.comments": "2"},
		"2403.10671": {"hf.upvotes": "9", "hf.githubRepo": "https://github.com/modelscope/facechain", "hf.comments": "1"},
		"2403.15344": {"hf.githubRepo": "https://github.com/wwsource/SplatFlow", "hf.githubStars": "45", "hf.comments": "4"},
		"2403.01323": {"hf.upvotes": "18", "hf.githubRepo": "https://github.com/Haiyang-W/DSVT", "hf.githubStars": "310", "hf.comments": "0"},
	} {
		it := items[id]
		if it == nil {
			t.Errorf("%s: missing", id)
			continue
		}
		if len(it.Custom) != len(want) {
			t.Errorf("%s: Custom = %v, want %v", id, it.Custom, want)
		}
		for k, v := range want {
			if got, ok := it.Custom[k]; !ok || got != v {
				t.Errorf("%s: Custom[%s] = %q (present %v), want %q", id, k, got, ok, v)
			}
		}
	}
}

// The trending list (daily_papers?sort=trending, a built-in source) has
// the daily list's schema: the adapter reads it, in its order.
func TestHFTrending(t *testing.T) {
	res, err := parse.Parser{}.Parse(feed.KindHFDaily, readFixture(t, "hf-trending.json"))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	var got []string
	for _, it := range res.Items {
		got = append(got, strings.TrimPrefix(it.GUID, "https://huggingface.co/papers/")+" "+it.Custom["hf.githubStars"])
	}
	want := []string{"2402.19021 2980", "2403.17010 1475", "2403.15157 412", "2403.15485 "}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("trending items = %q, want %q", got, want)
	}
	if it := res.Items[0]; it.Custom["hf.githubRepo"] != "https://github.com/hustvl/Vim" || it.Custom["hf.upvotes"] != "61" || it.Title == "" {
		t.Errorf("first trending item: %+v", it)
	}
}

func TestHFDailyFields(t *testing.T) {
	it := hfItems(t, readFixture(t, "hf-daily.json"))["2403.15157"]
	if it == nil {
		t.Fatal("2403.15157 missing")
	}
	const page = "https://huggingface.co/papers/2403.15157"
	if it.Link != page || it.GUID != page {
		t.Errorf("Link %q GUID %q, want %q", it.Link, it.GUID, page)
	}
	if !strings.HasPrefix(it.Title, "FrozenSeg: Harmonizing") || !strings.HasPrefix(it.Description, "Open-vocabulary segmentation") {
		t.Errorf("title %q, description %.40q", it.Title, it.Description)
	}
	var names []string
	for _, a := range it.Authors {
		names = append(names, a.Name)
	}
	if got := strings.Join(names, "; "); got != "Xinyu Chen; Anna Müller; Luis García; Wei Zhang" {
		t.Errorf("authors %q", got)
	}
	// The paper's own publishedAt, not the day it was featured.
	want := time.Date(2024, 3, 22, 4, 31, 36, 0, time.UTC)
	if it.PublishedParsed == nil || !it.PublishedParsed.Equal(want) || it.Published != "2024-03-22T04:31:36Z" {
		t.Errorf("published %v %q, want %v", it.PublishedParsed, it.Published, want)
	}
}

func TestHFDailyFallbacksAndSkips(t *testing.T) {
	body := `[
	  {"paper":{"id":""},"title":"no id: skipped"},
	  {"title":"no paper: skipped"},
	  {"paper":{"id":" 2403.99999 "},"title":"Entry title","publishedAt":"2024-03-25T15:02:53Z"}
	]`
	items := hfItems(t, []byte(body))
	if len(items) != 1 {
		t.Fatalf("got %d items, want 1", len(items))
	}
	it := items["2403.99999"]
	if it == nil || it.Title != "Entry title" || len(it.Custom) != 0 {
		t.Fatalf("got %+v", it)
	}
	if it.PublishedParsed == nil || it.PublishedParsed.Format(time.RFC3339) != "2024-03-25T15:02:53Z" {
		t.Errorf("published %v, want the entry's date", it.PublishedParsed)
	}
}

func TestHFDailyNotAList(t *testing.T) {
	for _, body := range []string{`{"error":"Invalid credentials"}`, `null`, `"x"`} {
		_, err := parse.Parser{}.Parse(feed.KindHFDaily, []byte(body))
		if err == nil || !strings.Contains(err.Error(), "expected a JSON array") {
			t.Errorf("%s: got %v", body, err)
		}
	}
	_, err := parse.Parser{}.Parse(feed.KindHFDaily, []byte(`[{"paper":{"id":"1","upvotes":"many"}}]`))
	if err == nil || !strings.Contains(err.Error(), "hugging face") {
		t.Errorf("wrong type: got %v", err)
	}
}
