package main

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	goredis "github.com/redis/go-redis/v9"
)

// redisSection measures issue 3's ingestion figures: a large corpus
// through every backend, against parsing alone, and what one batch
// costs Redis in commands and round trips.
func (b *bench) redisSection() *section {
	n := b.sizes.corpusObservations / 50
	s := &section{title: "Issue 3: ingesting a large corpus through bolt, Redis and Redis Cluster",
		intro: fmt.Sprintf("`paperwire fetch` (fetch.concurrency %d) over %d sources × 50 new items = %d observations, on a fresh store every round; "+
			"baseline: gofeed parsing the same bytes on all cores with nothing else, in the same round. Redis runs on the same 2 cores.",
			b.concurrency, n, n*50)}
	if b.redis == nil {
		s.skipped = "redis-server not found or not starting; install with: " + install
	}
	c := makeCorpus(b.gen, n, 50, 40_000_000, benchDate())
	c.publish(b.farm, benchDate())
	defer b.farm.reset()
	base := s.fig(&figure{name: "parse only, gofeed (baseline)", unit: "items/s"})
	var runs []*figure
	for _, be := range b.backends(true) {
		runs = append(runs, s.fig(&figure{name: "fetch, " + be.name, unit: "items/s", base: base}))
	}
	for round := range b.rounds {
		b.progress("corpus round %d/%d", round+1, b.rounds)
		if err := b.corpusRound(c, base, runs); err != nil {
			s.notef("round %d: %v", round+1, err)
		}
	}
	if b.redis != nil {
		b.commandStats(s, c)
		b.roundTrips(s, c)
	}
	return s
}

func (b *bench) corpusRound(c corpus, base *figure, runs []*figure) error {
	v, err := parseOnly(c, false)
	if err != nil {
		return err
	}
	base.add(v)
	for i, be := range b.backends(true) {
		r, t, err := b.fetchRound(c, be, false)
		if err != nil {
			return err
		}
		if t.new != c.totalItems() {
			return fmt.Errorf("%s: %d new, want %d", be.name, t.new, c.totalItems())
		}
		runs[i].add(rate(c.totalItems(), r.wall))
	}
	return nil
}

// commandStats runs one fetch round on the standalone server and reports
// the commands per batch from INFO commandstats deltas.
func (b *bench) commandStats(s *section, c corpus) {
	be := b.backends(false)[1]
	be.flush = nil // flushed here, before counting
	if err := flushRedis(b.redis.Addr())(b.ctx); err != nil {
		s.notef("commandstats: %v", err)
		return
	}
	before, err := commandCalls(b.ctx, b.redis.Addr())
	if err != nil {
		s.notef("commandstats: %v", err)
		return
	}
	if _, _, err := b.fetchRound(c, be, false); err != nil {
		s.notef("commandstats: %v", err)
		return
	}
	after, err := commandCalls(b.ctx, b.redis.Addr())
	if err != nil {
		s.notef("commandstats: %v", err)
		return
	}
	s.notef("Commands per batch (one batch = one source's 50 papers; INFO commandstats deltas over a round of %d batches, standalone Redis): %s.",
		len(c.sources), perBatch(before, after, len(c.sources)))
}

// commandCalls reads INFO commandstats: calls per command.
func commandCalls(ctx context.Context, addr string) (map[string]int64, error) {
	cl := goredis.NewClient(&goredis.Options{Addr: addr})
	defer cl.Close()
	info, err := cl.Info(ctx, "commandstats").Result()
	if err != nil {
		return nil, fmt.Errorf("info commandstats: %w", err)
	}
	calls := map[string]int64{}
	for _, line := range strings.Split(info, "\n") {
		name, rest, ok := strings.Cut(strings.TrimSpace(line), ":calls=")
		if !ok {
			continue
		}
		n, _ := strconv.ParseInt(strings.SplitN(rest, ",", 2)[0], 10, 64)
		calls[strings.TrimPrefix(name, "cmdstat_")] = n
	}
	return calls, nil
}

func perBatch(before, after map[string]int64, batches int) string {
	var parts []string
	for name, n := range after {
		if d := n - before[name]; d > 0 && name != "info" && name != "flushall" {
			parts = append(parts, fmt.Sprintf("%s %.2f", strings.ToUpper(name), float64(d)/float64(batches)))
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}
