package github

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/rank"
)

// scanPage is how many papers one Scan call reads.
const scanPage = 500

// candidate is one repository worth checking and the papers it serves.
type candidate struct {
	state    feed.RepoState
	keys     []feed.Key
	priority bool // a paper of it is in a topic feed or first seen recently
}

// candidates are the repositories of scored papers, those that matter
// most (in a topic feed, or first seen in the last 14 days) first, then
// the longest unchecked; repositories gone recently are left out.
func (p *Poller) candidates(ctx context.Context, now time.Time) ([]candidate, error) {
	shown, err := p.shown(ctx)
	if err != nil {
		return nil, err
	}
	byRepo, err := p.scanRepos(ctx, now, shown)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(byRepo))
	for name := range byRepo {
		names = append(names, name)
	}
	slices.Sort(names)
	states, err := p.store.RepoStates(ctx, names)
	if err != nil {
		return nil, fmt.Errorf("github: %w", err)
	}
	out := make([]candidate, 0, len(names))
	for _, st := range states {
		if !st.GoneAt.IsZero() && now.Before(st.GoneAt.Add(GoneFor)) {
			continue
		}
		c := byRepo[st.Name]
		c.state = st
		out = append(out, *c)
	}
	slices.SortStableFunc(out, func(a, b candidate) int {
		switch {
		case a.priority && !b.priority:
			return -1
		case b.priority && !a.priority:
			return 1
		}
		return cmp.Compare(a.state.CheckedAt.UnixNano(), b.state.CheckedAt.UnixNano())
	})
	return out, nil
}

// shown is the set of papers in any topic's feed.
func (p *Poller) shown(ctx context.Context) (map[feed.Key]bool, error) {
	shown := map[feed.Key]bool{}
	for _, t := range p.opts.Topics {
		top, err := p.store.Top(ctx, t.Slug, max(t.Limit, 1))
		if err != nil {
			return nil, fmt.Errorf("github: topic %s: %w", t.Slug, err)
		}
		for _, r := range top {
			shown[r.Key] = true
		}
	}
	return shown, nil
}

// scanRepos groups the scored papers that have a repository by it.
func (p *Poller) scanRepos(ctx context.Context, now time.Time, shown map[feed.Key]bool) (map[string]*candidate, error) {
	byRepo := map[string]*candidate{}
	for cursor := ""; ; {
		papers, next, err := p.store.Scan(ctx, cursor, scanPage)
		if err != nil {
			return nil, fmt.Errorf("github: scan papers: %w", err)
		}
		for _, pp := range papers {
			if pp.Repo == "" || pp.Score == rank.Empty {
				continue
			}
			c := byRepo[pp.Repo]
			if c == nil {
				c = &candidate{}
				byRepo[pp.Repo] = c
			}
			c.keys = append(c.keys, pp.Key)
			c.priority = c.priority || shown[pp.Key] || now.Sub(pp.FirstSeen) <= Recent
		}
		if next == "" {
			return byRepo, nil
		}
		cursor = next
	}
}
