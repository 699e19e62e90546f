package github

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/rank"
)

// scanPage is how many papers one Scan call reads.
const scanPage = 500

// candidate is one repository worth checking and the papers it serves.
type candidate struct {
	state     feed.RepoState
	keys      []feed.Key
	priority  bool // a paper of it is in a topic feed or first seen recently
	unstarred bool // a paper of it has no star count yet (a 304 still gives it one)
}

// repoPapers are the scored papers of one repository.
type repoPapers struct {
	keys      []feed.Key
	firstSeen time.Time // the newest paper's first sighting
	unstarred bool      // a paper has no star count yet
}

func (rp *repoPapers) add(p *feed.Paper) {
	if !slices.Contains(rp.keys, p.Key) {
		rp.keys = append(rp.keys, p.Key)
	}
	if p.FirstSeen.After(rp.firstSeen) {
		rp.firstSeen = p.FirstSeen
	}
	rp.unstarred = rp.unstarred || len(p.Stars.History) == 0
}

// scanCache is the last full scan of the papers' repositories.
type scanCache struct {
	mu    sync.Mutex
	at    time.Time
	repos map[string]*repoPapers
}

// candidates are the repositories of scored papers, those that matter
// most (in a topic feed, or first seen in the last 14 days) first, then
// the longest unchecked; repositories gone recently are left out. The
// papers of the feeds are read afresh each pass, the others come from a
// scan of every paper made at most every Options.Rescan.
func (p *Poller) candidates(ctx context.Context, now time.Time) ([]candidate, error) {
	repos, err := p.scanned(ctx, now)
	if err != nil {
		return nil, err
	}
	shown, err := p.shown(ctx, repos)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(repos))
	for name := range repos {
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
		rp := repos[st.Name]
		prio := now.Sub(rp.firstSeen) <= Recent || slices.ContainsFunc(rp.keys, func(k feed.Key) bool { return shown[k] })
		out = append(out, candidate{state: st, keys: rp.keys, priority: prio, unstarred: rp.unstarred})
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

// scanned returns a copy of the repositories of the last full scan,
// scanning again when it is older than Options.Rescan.
func (p *Poller) scanned(ctx context.Context, now time.Time) (map[string]*repoPapers, error) {
	c := &p.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.repos == nil || now.Sub(c.at) >= p.cfg.Rescan || now.Before(c.at) {
		repos, err := p.scanRepos(ctx)
		if err != nil {
			return nil, err
		}
		c.repos, c.at = repos, now
	}
	out := make(map[string]*repoPapers, len(c.repos))
	for name, rp := range c.repos {
		cp := *rp
		cp.keys = slices.Clone(rp.keys)
		out[name] = &cp
	}
	return out, nil
}

// shown is the set of papers in any topic's feed; their repositories
// join repos (so that a paper entering a feed is checked at once).
func (p *Poller) shown(ctx context.Context, repos map[string]*repoPapers) (map[feed.Key]bool, error) {
	shown := map[feed.Key]bool{}
	var keys []feed.Key
	for _, t := range p.cfg.Topics {
		top, err := p.store.Top(ctx, t.Slug, max(t.Limit, 1))
		if err != nil {
			return nil, fmt.Errorf("github: topic %s: %w", t.Slug, err)
		}
		for _, r := range top {
			if !shown[r.Key] {
				shown[r.Key] = true
				keys = append(keys, r.Key)
			}
		}
	}
	papers, err := p.store.Papers(ctx, keys)
	if err != nil {
		return nil, fmt.Errorf("github: papers of the feeds: %w", err)
	}
	for _, pp := range papers {
		addPaper(repos, pp)
	}
	return shown, nil
}

// scanRepos groups every scored paper that has a repository by it.
func (p *Poller) scanRepos(ctx context.Context) (map[string]*repoPapers, error) {
	repos := map[string]*repoPapers{}
	for cursor := ""; ; {
		papers, next, err := p.store.Scan(ctx, cursor, scanPage)
		if err != nil {
			return nil, fmt.Errorf("github: scan papers: %w", err)
		}
		for _, pp := range papers {
			addPaper(repos, pp)
		}
		if next == "" {
			return repos, nil
		}
		cursor = next
	}
}

func addPaper(repos map[string]*repoPapers, p *feed.Paper) {
	if p == nil || p.Repo == "" || p.Score == rank.Empty {
		return
	}
	rp := repos[p.Repo]
	if rp == nil {
		rp = &repoPapers{}
		repos[p.Repo] = rp
	}
	rp.add(p)
}
