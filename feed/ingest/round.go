package ingest

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/topic"
)

// Round polls every source once, Concurrency at a time, and returns one
// report per source in the order given. A failing source never stops the
// others.
func (in *Ingester) Round(ctx context.Context, sources []feed.Source, force bool) []Report {
	reports := make([]Report, len(sources))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range max(in.cfg.Concurrency, 1) {
		wg.Go(func() {
			for i := range jobs {
				reports[i] = in.Poll(ctx, sources[i], force)
			}
		})
	}
	for _, i := range interleaveHosts(sources) {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return reports
}

// interleaveHosts orders sources so that consecutive jobs go to different
// hosts where possible: per-host spacing then delays one worker, not all.
func interleaveHosts(sources []feed.Source) []int {
	byHost := map[string][]int{}
	var hosts []string
	for i, s := range sources {
		h := hostOf(s.URL)
		if _, ok := byHost[h]; !ok {
			hosts = append(hosts, h)
		}
		byHost[h] = append(byHost[h], i)
	}
	order := make([]int, 0, len(sources))
	for len(order) < len(sources) {
		for _, h := range hosts {
			if q := byHost[h]; len(q) > 0 {
				order = append(order, q[0])
				byHost[h] = q[1:]
			}
		}
	}
	return order
}

// Totals sums a round's reports.
func Totals(reports []Report) Report {
	t := Report{Source: "total"}
	for _, r := range reports {
		t.Items += r.Items
		t.New += r.New
		t.Merged += r.Merged
		t.Unchanged += r.Unchanged
		t.Ignored += r.Ignored
		t.Truncated += r.Truncated
		t.Trimmed += r.Trimmed
		t.Rejected += r.Rejected
		t.Duration = max(t.Duration, r.Duration)
	}
	return t
}

// Reindex recomputes every paper's topics when the topic rules changed
// since the last run (their fingerprint is kept in the store), and
// returns how many papers it refiled.
func (in *Ingester) Reindex(ctx context.Context) (int, error) {
	n, err := in.reindex(ctx)
	if n > 0 {
		in.logger.Info("topic rules changed: papers refiled", "papers", n)
	}
	return n, err
}

func (in *Ingester) reindex(ctx context.Context) (int, error) {
	fingerprint := topic.Fingerprint(in.cfg.Topics)
	old, err := in.store.Meta(ctx, "topics")
	if err != nil || old == fingerprint {
		return 0, err
	}
	moved := 0
	cursor := ""
	for {
		page, next, err := in.store.Scan(ctx, cursor, 500)
		if err != nil {
			return moved, fmt.Errorf("reindex: %w", err)
		}
		n, err := in.retopic(ctx, page)
		if moved += n; err != nil {
			return moved, fmt.Errorf("reindex: %w", err)
		}
		if cursor = next; cursor == "" {
			break
		}
	}
	return moved, in.store.SetMeta(ctx, "topics", fingerprint)
}

// retopic rewrites the papers whose topic membership changed.
func (in *Ingester) retopic(ctx context.Context, page []*feed.Paper) (int, error) {
	keys := make([]feed.Key, len(page))
	for i, p := range page {
		keys[i] = p.Key
	}
	n := 0
	err := in.store.Merge(ctx, keys, func(cur map[feed.Key]*feed.Paper) ([]*feed.Paper, error) {
		var changed []*feed.Paper
		for _, k := range keys {
			p := cur[k]
			if p == nil {
				continue
			}
			if topics := in.merger.Topics.Match(p); !slices.Equal(topics, p.Topics) {
				c := p.Clone()
				c.Topics = topics
				changed = append(changed, c)
			}
		}
		n = len(changed)
		return changed, nil
	})
	if n > 0 && err == nil && in.cfg.OnChange != nil {
		in.cfg.OnChange()
	}
	return n, err
}
