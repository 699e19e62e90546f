package ingest

import (
	"context"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/merge"
	"github.com/paperwire/paperwire/feed/normalize"
	"github.com/paperwire/paperwire/feed/parse"
)

// observe normalises a document's items, counting the ones that are not
// papers.
func observe(src feed.Source, doc parse.Result, now time.Time, r *Report) []feed.Observation {
	obs := make([]feed.Observation, 0, len(doc.Items))
	for _, it := range doc.Items {
		o, skip := normalize.Item(src, it, now)
		if skip != "" {
			r.Ignored++
		}
		obs = append(obs, o...)
	}
	return obs
}

// merge applies observations in order as one store batch.
func (in *Ingester) merge(ctx context.Context, obs []feed.Observation, r *Report) error {
	if len(obs) == 0 {
		return nil
	}
	keys := uniqueKeys(obs)
	var counts Report
	err := in.Store.Merge(ctx, keys, func(cur map[string]*feed.Paper) ([]*feed.Paper, error) {
		counts = Report{}
		return apply(in.Merger, cur, obs, &counts), nil
	})
	if err != nil {
		return err
	}
	r.New, r.Merged, r.Unchanged = counts.New, counts.Merged, counts.Unchanged
	if r.New+r.Merged > 0 && in.OnChange != nil {
		in.OnChange()
	}
	return nil
}

// apply folds observations into the current papers and returns the ones
// that changed. A paper counts once per batch: new, merged or unchanged.
func apply(m *merge.Merger, cur map[string]*feed.Paper, obs []feed.Observation, counts *Report) []*feed.Paper {
	state := make(map[string]*feed.Paper, len(cur))
	outcome := make(map[string]merge.Outcome, len(cur))
	var order []string
	for _, o := range obs {
		p, known := state[o.Key]
		if !known {
			p = cur[o.Key]
			order = append(order, o.Key)
		}
		next, out := m.Apply(p, o)
		state[o.Key] = next
		outcome[o.Key] = combine(outcome[o.Key], out, known)
	}
	var changed []*feed.Paper
	for _, k := range order {
		switch outcome[k] {
		case merge.Created:
			counts.New++
			changed = append(changed, state[k])
		case merge.Changed:
			counts.Merged++
			changed = append(changed, state[k])
		case merge.Unchanged:
			counts.Unchanged++
		}
	}
	return changed
}

// combine keeps the strongest outcome of a key within one batch.
func combine(prev, next merge.Outcome, seen bool) merge.Outcome {
	if !seen {
		return next
	}
	if prev == merge.Created || prev == merge.Changed {
		return prev
	}
	if next == merge.Created || next == merge.Changed {
		return next
	}
	return prev
}

func uniqueKeys(obs []feed.Observation) []string {
	seen := make(map[string]bool, len(obs))
	keys := make([]string, 0, len(obs))
	for _, o := range obs {
		if !seen[o.Key] {
			seen[o.Key] = true
			keys = append(keys, o.Key)
		}
	}
	return keys
}
