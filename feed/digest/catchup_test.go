package digest_test

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/digest"
	"github.com/paperwire/paperwire/feed/feedtest"
	"github.com/paperwire/paperwire/feed/rank"
)

// A server down over three closes closes them all on its next start, each
// with the papers as they stood at its own close: a paper first seen
// later is in no earlier digest, and later events do not lift a paper.
func TestCatchUpAfterDowntime(t *testing.T) {
	t.Parallel()
	store := openBolt(t, dbPath(t))
	defer store.Close()
	clk := feedtest.NewClock(time.Time{})
	reg := prometheus.NewRegistry()
	cfg := closerConfig(clk, "one")
	cfg.Metrics = digest.NewMetrics(reg)
	c := digest.New(store, cfg, nil)
	closeAt(t, c, clk, day(25, 10), 0) // a first start: the epoch
	put(t, store,
		// Alpha: two sources on the 25th. Beta: one on the 25th, then a
		// mention on the 27th, while no server ran: counted at the close
		// (worth 2 three days later), it would lift Beta over Alpha.
		paper("arxiv:2403.00001", "Alpha", event{"arxiv-cs-cv", day(25, 11), 0}, event{"hf-daily", day(25, 12), 0}),
		paper("arxiv:2403.00002", "Beta", event{"arxiv-cs-cv", day(25, 13), 0}, event{"hn", day(27, 10), 0}, event{"hn", day(27, 11), 30}),
		paper("arxiv:2403.00003", "Gamma", event{"arxiv-cs-cv", day(27, 8), 0}))

	closeAt(t, c, clk, day(28, 5), 3) // the 25th, 26th and 27th at once
	if got := counter(t, reg, "paperwire_digest_periods_closed_total", "daily", "late"); got != 3 {
		t.Errorf("daily periods closed late: %v, want 3", got)
	}
	if got, want := entryKeys(t, store, feed.Daily, "2024-03-25"), []string{"arxiv:2403.00001", "arxiv:2403.00002"}; !slices.Equal(got, want) {
		t.Fatalf("the 25th, closed late: %v, want %v (Beta's later mention must not lift it over Alpha)", got, want)
	}
	if got := entryKeys(t, store, feed.Daily, "2024-03-26"); len(got) != 0 {
		t.Fatalf("the 26th had no event, got %v", got)
	}
	if got, want := entryKeys(t, store, feed.Daily, "2024-03-27"), []string{"arxiv:2403.00002", "arxiv:2403.00003"}; !slices.Equal(got, want) {
		t.Fatalf("the 27th: %v, want %v", got, want)
	}
	ds, _ := store.Digests(context.Background(), "vision", feed.Daily, 3)
	if ds[0].Prev != "2024-03-26" || ds[1].Prev != "2024-03-25" || ds[2].Prev != "" {
		t.Errorf("prev links of the caught-up periods: %q %q %q", ds[0].Prev, ds[1].Prev, ds[2].Prev)
	}
	if beta := ds[2].Entries[1]; strings.Contains(beta.Why, "hn") {
		t.Errorf("Beta on the 25th is shown as seen on hn, a source that first saw it on the 27th: %s", beta.Why)
	}
	closeAt(t, c, clk, day(29, 0), 1)
	if got := counter(t, reg, "paperwire_digest_periods_closed_total", "daily", "on_time"); got != 1 {
		t.Errorf("daily periods closed on time: %v, want 1", got)
	}
}

// The score at a close is exact when nothing changed since; when
// something did, the engagement is prorated over the time it had to
// accrue, and sources first seen later are left out.
func TestScoreAt(t *testing.T) {
	t.Parallel()
	end := day(26, 0)
	onTime := paper("arxiv:2403.00001", "A", event{"arxiv-cs-cv", day(25, 11), 0}, event{"hf-daily", day(25, 12), 40})
	if s, ok := digest.ScoreAt(params, onTime, end); !ok || s != onTime.Score {
		t.Errorf("unchanged paper: %v %v, want its stored score %v", s, ok, onTime.Score)
	}
	// 100 upvotes (weight 20) seen 44 h after the first sighting, 11 h of
	// which before the close: a quarter (5) at 18:30, the midpoint.
	late := paper("arxiv:2403.00002", "B", event{"arxiv-cs-cv", day(25, 13), 0}, event{"arxiv-cs-cv", day(27, 9), 100}, event{"hn", day(27, 9), 0})
	s, ok := digest.ScoreAt(params, late, end)
	want := rank.Add(params.Event(1, day(25, 13)), params.Event(5, day(25, 13).Add(330*time.Minute)))
	if !ok || math.Abs(s-want) > 1e-9 {
		t.Errorf("changed paper: %v (value %.3f), want %v (value %.3f)", s, params.Value(s, end), want, params.Value(want, end))
	}
	unseen := paper("arxiv:2403.00003", "C", event{"arxiv-cs-cv", day(27, 8), 0})
	if s, ok := digest.ScoreAt(params, unseen, end); ok || s != rank.Empty {
		t.Errorf("paper first seen after the close: %v %v, want none", s, ok)
	}
}

// Run closes each period at its end with no fetch happening, on the
// timer it is given, and catches up first.
func TestRunClosesOnTime(t *testing.T) {
	t.Parallel()
	store := openBolt(t, dbPath(t))
	defer store.Close()
	clk := feedtest.NewClock(day(25, 23))
	closed := make(chan int, 10)
	cfg := closerConfig(clk, "one")
	cfg.OnClose = func() { closed <- 1 }
	c := digest.New(store, cfg, nil)
	waits := make(chan time.Duration)
	fire := make(chan time.Time)
	ctx, cancel := context.WithCancel(context.Background())
	after := func(d time.Duration) <-chan time.Time {
		select {
		case waits <- d:
		case <-ctx.Done():
		}
		return fire
	}
	done := make(chan error)
	go func() { done <- c.Run(ctx, after) }()

	// The catch-up on start: an empty store closes nothing.
	if d := <-waits; d != time.Hour {
		t.Fatalf("first wait %s, want 1h (to midnight)", d)
	}
	clk.Set(day(26, 0))
	fire <- day(26, 0)
	<-closed
	if got := entryKeys(t, store, feed.Daily, "2024-03-25"); got != nil {
		t.Fatalf("the 25th: %v, want an empty period", got)
	}
	if d := <-waits; d != 24*time.Hour {
		t.Fatalf("next wait %s, want 24h", d)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// counter reads one series of a counter vector with labels kind and when.
func counter(t *testing.T, reg *prometheus.Registry, name, kind, when string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["kind"] == kind && labels["when"] == when {
				return m.GetCounter().GetValue()
			}
		}
	}
	t.Fatalf("no series %s{kind=%q,when=%q}", name, kind, when)
	return 0
}
