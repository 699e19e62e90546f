package github

import (
	"context"
	"fmt"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/normalize"
)

// checkOne requests one repository (following a rename when the
// allowance has room for a second request) and records what it said. It
// returns the requests made.
func (p *Poller) checkOne(ctx context.Context, now time.Time, c candidate, allowance int, r *Report) (int, error) {
	fresh, err := p.store.RepoStates(ctx, []string{c.state.Name})
	if err != nil {
		return 0, fmt.Errorf("github: %w", err)
	}
	st := fresh[0]
	if st.CheckedAt.After(c.state.CheckedAt) {
		return 0, nil // another process checked it since the pass began
	}
	target := p.client.repoURL(st.Current())
	if st.Follow != "" {
		target = st.Follow
	}
	resp := p.request(ctx, target, st.ETag, now, r)
	used := 1
	if resp.outcome == Moved {
		loc, ok := p.client.sameAPI(resp.location)
		switch {
		case !ok:
			resp = response{outcome: Failed, status: resp.status, err: fmt.Errorf("github: %s moved off the API to %q", st.Name, resp.location)}
		case allowance < 2:
			st.Follow = loc // next pass, with budget
		default:
			resp = p.request(ctx, loc, "", now, r)
			used++
		}
	}
	return used, p.record(ctx, now, &st, c, resp, r)
}

func (p *Poller) request(ctx context.Context, target, etag string, now time.Time, r *Report) response {
	resp := p.client.get(ctx, target, etag, now)
	r.Checked++
	if p.cfg.OnRequest != nil {
		p.cfg.OnRequest(resp.outcome)
	}
	return resp
}

// record updates the repository's state, and its papers on new stars.
func (p *Poller) record(ctx context.Context, now time.Time, st *feed.RepoState, c candidate, resp response, r *Report) error {
	if !resp.until.IsZero() {
		r.BlockedUntil = resp.until
		if err := p.block(ctx, resp.until); err != nil {
			return fmt.Errorf("github: remember rate limit: %w", err)
		}
	}
	if resp.outcome == RateLimited {
		r.RateLimited++
		return nil // not checked: it keeps its place in line
	}
	st.CheckedAt, st.Status, st.Error = now, resp.status, ""
	switch resp.outcome {
	case OK:
		if err := p.observed(ctx, now, st, c.keys, resp, r); err != nil {
			return err
		}
	case NotModified:
		r.NotModified++
		if c.unstarred && !st.Created.IsZero() { // a paper that joined the repository since its last 200
			if _, err := p.fold(ctx, c.keys, st.Stars, st.Created, now); err != nil {
				return err
			}
		}
	case Moved:
		r.Moved++ // followed on the next pass
	case Gone:
		st.GoneAt = now
		r.Gone++
	case Failed:
		st.Error = resp.err.Error()
		r.Errors++
	}
	if err := p.store.SaveRepoState(ctx, *st); err != nil {
		return fmt.Errorf("github: save %s: %w", st.Name, err)
	}
	return nil
}

// observed takes a 200: the repository's name (a rename is remembered),
// ETag, creation and stars, folded into its papers' star counters.
func (p *Poller) observed(ctx context.Context, now time.Time, st *feed.RepoState, keys []feed.Key, resp response, r *Report) error {
	if name := normalize.Repo(resp.repo.FullName); name != st.Current() {
		st.MovedTo = name
		r.Moved++
	}
	if st.MovedTo == st.Name {
		st.MovedTo = ""
	}
	stars := *resp.repo.Stars
	if !st.Created.IsZero() && stars > st.Stars { // seen before: growth
		r.StarsGained += stars - st.Stars
	}
	st.Follow, st.GoneAt, st.ETag, st.Created = "", time.Time{}, resp.etag, resp.repo.Created.UTC()
	changed, err := p.fold(ctx, keys, stars, st.Created, now)
	if changed {
		r.Changed++
	}
	st.Stars = stars
	return err
}

// fold gives the star count to every paper of the repository.
func (p *Poller) fold(ctx context.Context, keys []feed.Key, stars int64, created, now time.Time) (bool, error) {
	changed := false
	err := p.store.Merge(ctx, keys, func(cur map[feed.Key]*feed.Paper) ([]*feed.Paper, error) {
		var out []*feed.Paper
		for _, k := range keys {
			if np, ok := p.merger.Stars(cur[k], stars, created, now); ok {
				out = append(out, np)
			}
		}
		changed = len(out) > 0
		return out, nil
	})
	if err != nil {
		return false, fmt.Errorf("github: fold stars of %v: %w", keys, err)
	}
	return changed, nil
}
