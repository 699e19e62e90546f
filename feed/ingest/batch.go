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
// papers and the ones cut to or refused by the field caps.
func observe(src feed.Source, doc parse.Result, now time.Time, r *Report) []feed.Observation {
	obs := make([]feed.Observation, 0, len(doc.Items))
	for _, it := range doc.Items {
		o, skip := normalize.Item(src, it, now)
		if skip != "" {
			r.Ignored++
		}
		obs = append(obs, capped(o, r)...)
	}
	return obs
}

// capped applies the field caps to one item's observations: an item is
// trimmed when any of them was, rejected when all of them were.
func capped(obs []feed.Observation, r *Report) []feed.Observation {
	kept, trimmed := obs[:0], false
	for _, o := range obs {
		switch normalize.Cap(&o) {
		case normalize.Rejected:
			continue
		case normalize.Trimmed:
			trimmed = true
		}
		kept = append(kept, o)
	}
	switch {
	case len(obs) > 0 && len(kept) == 0:
		r.Rejected++
	case trimmed:
		r.Trimmed++
	}
	return kept
}

// merge applies observations in order as one store batch.
func (in *Ingester) merge(ctx context.Context, obs []feed.Observation, r *Report) error {
	if len(obs) == 0 {
		return nil
	}
	keys := uniqueKeys(obs)
	outcomes := make(map[feed.Key]merge.Outcome, len(keys))
	err := in.store.Merge(ctx, keys, func(cur map[feed.Key]*feed.Paper) ([]*feed.Paper, error) {
		return apply(in.merger, cur, obs, outcomes), nil
	})
	if err != nil {
		return err
	}
	for _, o := range outcomes {
		switch o {
		case merge.Created:
			r.New++
		case merge.Changed:
			r.Merged++
		default:
			r.Unchanged++
		}
	}
	if r.New+r.Merged > 0 && in.cfg.OnChange != nil {
		in.cfg.OnChange()
	}
	return nil
}

// apply folds observations into the current papers and returns the ones
// that changed, recording each key's outcome for this batch (new, merged
// or unchanged). A store may call it again with only the keys that lost a
// race: keys absent from cur are left alone.
func apply(m *merge.Merger, cur map[feed.Key]*feed.Paper, obs []feed.Observation, outcomes map[feed.Key]merge.Outcome) []*feed.Paper {
	state := make(map[feed.Key]*feed.Paper, len(cur))
	var order []feed.Key
	for _, o := range obs {
		p, seen := state[o.Key]
		if !seen {
			var loaded bool
			if p, loaded = cur[o.Key]; !loaded {
				continue
			}
			order = append(order, o.Key)
		}
		next, out := m.Apply(p, o)
		state[o.Key] = next
		outcomes[o.Key] = combine(outcomes[o.Key], out, seen)
	}
	var changed []*feed.Paper
	for _, k := range order {
		if o := outcomes[k]; o == merge.Created || o == merge.Changed {
			changed = append(changed, state[k])
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

func uniqueKeys(obs []feed.Observation) []feed.Key {
	seen := make(map[feed.Key]bool, len(obs))
	keys := make([]feed.Key, 0, len(obs))
	for _, o := range obs {
		if !seen[o.Key] {
			seen[o.Key] = true
			keys = append(keys, o.Key)
		}
	}
	return keys
}
