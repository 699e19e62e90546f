package digest_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/digest"
	"github.com/paperwire/paperwire/feed/feedtest"
)

// A first start on an empty store closes no period before it, however
// long the retention, and keeps closing nothing before it later.
func TestEmptyStoreClosesNothing(t *testing.T) {
	t.Parallel()
	store := openBolt(t, dbPath(t))
	defer store.Close()
	clk := feedtest.NewClock(time.Time{})
	c := newCloser(store, clk, "one")
	closeAt(t, c, clk, day(25, 10), 0)
	closeAt(t, c, clk, day(25, 23), 0)
	for _, kind := range feed.DigestKinds {
		if ds, err := store.Digests(context.Background(), "vision", kind, 40); err != nil || len(ds) != 0 {
			t.Fatalf("%s digests of an empty store: %d (%v), want none", kind, len(ds), err)
		}
	}
	// The first period ending after the first start closes, empty, with no
	// link to a period before it.
	closeAt(t, c, clk, day(26, 0), 1)
	ds, _ := store.Digests(context.Background(), "vision", feed.Daily, 40)
	if len(ds) != 1 || ds[0].Period != "2024-03-25" || ds[0].Prev != "" {
		t.Fatalf("after the first midnight: %+v, want the 25th with no prev", ds)
	}
	srv := server(t, store, clk)
	if res, _ := get(t, srv, "/topics/vision/daily/2024-03-24.atom"); res.StatusCode != 404 {
		t.Errorf("archive of a day before the store existed: %s, want 404", res.Status)
	}
}

// A store whose first paper was seen three days ago (filled by `paperwire
// fetch` before any server ran) closes the periods from that day on, and
// a server down since catches up on them; the logs say so in one line per
// kind, the empty periods only at Debug.
func TestFirstPaperThreeDaysAgo(t *testing.T) {
	t.Parallel()
	store := openBolt(t, dbPath(t))
	defer store.Close()
	clk := feedtest.NewClock(time.Time{})
	var logs bytes.Buffer
	c := digest.New(store, closerConfig(clk, "one"), slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo})))
	put(t, store,
		paper("arxiv:2403.00001", "Alpha", event{"arxiv-cs-cv", day(25, 10), 0}),
		paper("arxiv:2403.00002", "Beta", event{"arxiv-cs-cv", day(27, 9), 0}))
	closeAt(t, c, clk, day(28, 5), 3) // the 25th, 26th and 27th; week 12 ended before
	ds, _ := store.Digests(context.Background(), "vision", feed.Daily, 40)
	var got []string
	for _, d := range ds {
		got = append(got, d.Period+"<"+d.Prev)
	}
	if want := "2024-03-27<2024-03-26 2024-03-26<2024-03-25 2024-03-25<"; strings.Join(got, " ") != want {
		t.Fatalf("daily periods (period<prev): %v, want %s", got, want)
	}
	if w, _ := store.Digests(context.Background(), "vision", feed.Weekly, 40); len(w) != 0 {
		t.Fatalf("weekly periods %v, want none (week 12 ended before the first paper)", w)
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], `msg="digests caught up" kind=daily periods=3 empty=1 from=2024-03-25 to=2024-03-27`) {
		t.Fatalf("catch-up logs %d lines, want one summary:\n%s", len(lines), logs.String())
	}

	// On time: one line for a period with papers, none at Info for an empty one.
	logs.Reset()
	put(t, store, paper("arxiv:2403.00003", "Gamma", event{"arxiv-cs-cv", day(28, 9), 0}))
	closeAt(t, c, clk, day(29, 0), 1)
	closeAt(t, c, clk, day(30, 0).Add(30*time.Second), 1)
	lines = strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], `msg="digest closed" topic=vision kind=daily period=2024-03-28 papers=1`) {
		t.Fatalf("on-time closes log %d lines, want one for the 28th (the 29th was empty):\n%s", len(lines), logs.String())
	}
}

// Once retention trims the period before it, the oldest archive links no
// prev-archive: it would never exist again.
func TestOldestArchiveAfterTrim(t *testing.T) {
	t.Parallel()
	store := openBolt(t, dbPath(t))
	defer store.Close()
	clk := feedtest.NewClock(time.Time{})
	c := newCloser(store, clk, "one")
	put(t, store, paper("arxiv:2403.00001", "Alpha", event{"arxiv-cs-cv", day(1, 10), 0}))
	apr := func(d int) time.Time { return time.Date(2024, 4, d, 1, 0, 0, 0, time.UTC) }
	closeAt(t, c, clk, apr(3), 30+5) // March 4th to April 2nd, weeks 9 to 13
	closeAt(t, c, clk, apr(4), 1)    // April 3rd; March 4th is trimmed
	srv := server(t, store, clk)
	base := baseURL + "/topics/vision/daily"
	if res, _ := get(t, srv, "/topics/vision/daily/2024-03-04.atom"); res.StatusCode != 404 {
		t.Fatalf("trimmed archive: %s, want 404", res.Status)
	}
	_, body := get(t, srv, "/topics/vision/daily/2024-03-05.atom")
	if a := parseAtom(t, body); a.link("prev-archive") != "" || a.link("next-archive") != base+"/2024-03-06.atom" {
		t.Errorf("oldest archive: prev-archive %q next-archive %q, want none and the 6th", a.link("prev-archive"), a.link("next-archive"))
	}
	_, body = get(t, srv, "/topics/vision/daily/2024-03-06.atom")
	if got := parseAtom(t, body).link("prev-archive"); got != base+"/2024-03-05.atom" {
		t.Errorf("archive of the 6th: prev-archive %q, want the 5th", got)
	}
}
