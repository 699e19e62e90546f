package redis

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/paperwire/paperwire/feed"
)

// budgetKeep is how long a budget window's counter outlives its start.
const budgetKeep = 25 * time.Hour

// RepoStates returns what is remembered about the named repositories,
// from one hash in one round trip.
func (s *Store) RepoStates(ctx context.Context, names []string) ([]feed.RepoState, error) {
	out := make([]feed.RepoState, len(names))
	if len(names) == 0 {
		return out, nil
	}
	vals, err := s.client.HMGet(ctx, s.keys.repos(), names...).Result()
	if err != nil {
		return nil, fmt.Errorf("redis repo states: %w", err)
	}
	for i, v := range vals {
		out[i] = feed.RepoState{Name: names[i]}
		raw, ok := v.(string)
		if !ok {
			continue
		}
		if err := json.Unmarshal([]byte(raw), &out[i]); err != nil {
			return nil, fmt.Errorf("redis repo state %s: %w", names[i], err)
		}
	}
	return out, nil
}

// SaveRepoState replaces what is remembered about a repository.
func (s *Store) SaveRepoState(ctx context.Context, st feed.RepoState) error {
	v, err := json.Marshal(st)
	if err == nil {
		err = s.client.HSet(ctx, s.keys.repos(), st.Name, v).Err()
	}
	return wrapIf("redis save repo state "+st.Name, err)
}

// Spend takes up to n units of the named budget's window atomically, so
// every process sharing the Redis spends one budget.
func (s *Store) Spend(ctx context.Context, name string, window time.Time, limit, n int) (granted, left int, err error) {
	res, err := s.scripts.spend.Run(ctx, s.client, []string{s.keys.budget(name, window.Unix())},
		limit, n, budgetKeep.Milliseconds()).Int64Slice()
	if err != nil {
		return 0, 0, fmt.Errorf("redis spend %s: %w", name, err)
	}
	if len(res) != 2 {
		return 0, 0, fmt.Errorf("redis spend %s: %d values, want 2", name, len(res))
	}
	return int(res[0]), int(res[1]), nil
}
