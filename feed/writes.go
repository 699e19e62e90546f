package feed

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// Write is one paper a store writes for a merge: the state it replaces
// (nil for a new paper), the new state, and the topic indexes the paper
// leaves and joins (each sorted, without repeats).
type Write struct {
	Old, New    *Paper
	Leave, Join []string
}

// Writes checks what a MergeFunc returned against the papers it was given
// (cur holds every key asked for, nil when unknown) and says what to
// store, in key order. A paper returned twice is written once, as last
// returned; nil entries are ignored. A paper not asked for, or whose score
// is NaN or infinite, fails the whole merge. Every store calls it, so all
// of them accept and refuse the same results (ARCHITECTURE.md §4).
func Writes(cur map[Key]*Paper, changed []*Paper) ([]Write, error) {
	last := make(map[Key]*Paper, len(changed))
	for _, p := range changed {
		if p == nil {
			continue
		}
		if _, asked := cur[p.Key]; !asked {
			return nil, fmt.Errorf("paper %s was returned but not asked for", p.Key)
		}
		if math.IsNaN(p.Score) || math.IsInf(p.Score, 0) {
			return nil, fmt.Errorf("paper %s: score is %v", p.Key, p.Score)
		}
		last[p.Key] = p
	}
	out := make([]Write, 0, len(last))
	for _, p := range last {
		out = append(out, newWrite(cur[p.Key], p))
	}
	slices.SortFunc(out, func(a, b Write) int { return cmp.Compare(a.New.Key, b.New.Key) })
	return out, nil
}

func newWrite(old, p *Paper) Write {
	w := Write{Old: old, New: p, Join: distinct(p.Topics)}
	if old != nil {
		for _, slug := range distinct(old.Topics) {
			if !slices.Contains(w.Join, slug) {
				w.Leave = append(w.Leave, slug)
			}
		}
	}
	return w
}

// distinct returns the values of list sorted, without repeats.
func distinct(list []string) []string {
	return slices.Compact(slices.Sorted(slices.Values(list)))
}
