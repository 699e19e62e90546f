package redis

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/paperwire/paperwire/feed"
)

const (
	// maxMergeAttempts bounds the optimistic retries of one Merge.
	maxMergeAttempts = 20
	// retryBase and retryCap shape the jittered exponential backoff
	// between attempts.
	retryBase = 2 * time.Millisecond
	retryCap  = 100 * time.Millisecond
	// bumpTimeout bounds bumping revisions after the papers are written.
	bumpTimeout = 2 * time.Second
	// tokenKeep and maxTokens bound a partition's :tokens zset: the last
	// 64 write tokens, gone after a minute without writes. A replay of a
	// script comes within go-redis's retries of one pipeline (milliseconds
	// to seconds), so its token is still there unless 64 other writes of
	// the partition came in between.
	tokenKeep = time.Minute
	maxTokens = 64
)

// write is one paper to write by a partition's merge script.
type write struct {
	key      feed.Key
	expected string // stored JSON as read, "" when absent
	value    []byte
	score    float64
	leave    []string // topics the paper leaves
	join     []string // topics it is indexed in after the write
	updated  int64    // Paper.Updated, Unix milliseconds
}

// mergeRun is the state of one Merge across its attempts.
type mergeRun struct {
	asked   map[feed.Key]bool
	fn      feed.MergeFunc
	touched map[string]bool // topics whose revision to bump
	// tokens are the partitions' write tokens, the same in every attempt:
	// a partition's script that ran although its answer was lost (a
	// TRYAGAIN or a timeout of a later send) is known as written by the
	// next attempt, which then writes nothing.
	tokens [partitions]string
}

// Merge loads the papers, calls fn and writes what it returns with one
// compare-and-set script per partition. Partitions that lost a race with
// another writer are reloaded and merged again (fn runs again, on those
// keys only), so no update is lost and none is applied twice.
func (s *Store) Merge(ctx context.Context, keys []feed.Key, fn feed.MergeFunc) error {
	run := &mergeRun{asked: make(map[feed.Key]bool, len(keys)), fn: fn, touched: map[string]bool{}}
	pending := make([]feed.Key, 0, len(keys))
	for _, k := range keys {
		if !run.asked[k] {
			run.asked[k] = true
			pending = append(pending, k)
		}
	}
	err := s.mergeLoop(ctx, pending, run)
	// Partitions written before a failure (or a cancel) stay written: bump
	// their topics even then, briefly.
	bctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), bumpTimeout)
	defer cancel()
	if berr := s.bumpRevisions(bctx, run.touched); berr != nil {
		err = errors.Join(err, berr)
	}
	return err
}

func (s *Store) mergeLoop(ctx context.Context, pending []feed.Key, run *mergeRun) error {
	for attempt := 1; attempt == 1 || len(pending) > 0; attempt++ {
		if attempt > maxMergeAttempts {
			return fmt.Errorf("redis merge: %d papers still contended after %d attempts", len(pending), maxMergeAttempts)
		}
		if attempt > 1 {
			s.log.Debug("redis merge: concurrent write, retrying", "attempt", attempt, "papers", len(pending))
			if err := sleep(ctx, backoff(attempt)); err != nil {
				return fmt.Errorf("redis merge: %w", err)
			}
		}
		var err error
		if pending, err = s.mergeOnce(ctx, pending, run); err != nil {
			return err
		}
	}
	return nil
}

// mergeOnce runs one optimistic attempt and returns the keys to retry.
// The topics of every write it sends are bumped, those of partitions that
// lost too: a lost answer may hide a write that happened (see mergeRun).
func (s *Store) mergeOnce(ctx context.Context, keys []feed.Key, run *mergeRun) ([]feed.Key, error) {
	raw, cur, err := s.load(ctx, keys)
	if err != nil {
		return nil, fmt.Errorf("redis merge: %w", err)
	}
	changed, err := run.fn(cur)
	if err != nil {
		return nil, fmt.Errorf("redis merge: %w", err)
	}
	plan, err := planWrites(raw, cur, changed, run.asked)
	if err != nil {
		return nil, fmt.Errorf("redis merge: %w", err)
	}
	for _, ws := range plan {
		for _, w := range ws {
			markTopics(run.touched, w.leave, w.join)
		}
	}
	lost, err := s.commit(ctx, plan, &run.tokens)
	if err != nil {
		return nil, fmt.Errorf("redis merge: %w", err)
	}
	return slices.DeleteFunc(keys, func(k feed.Key) bool { return !lost[partition(k)] }), nil
}

// load reads the papers of keys in one pipeline: their stored JSON ("" when
// absent) and their decoded value (nil when absent).
func (s *Store) load(ctx context.Context, keys []feed.Key) (map[feed.Key]string, map[feed.Key]*feed.Paper, error) {
	pipe := s.client.Pipeline()
	cmds := make([]*goredis.StringCmd, len(keys))
	for i, k := range keys {
		cmds[i] = pipe.Get(ctx, s.keys.paper(k))
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, goredis.Nil) {
		return nil, nil, fmt.Errorf("load papers: %w", err)
	}
	raw := make(map[feed.Key]string, len(keys))
	cur := make(map[feed.Key]*feed.Paper, len(keys))
	for i, k := range keys {
		v, p, err := decodeCmd(cmds[i])
		if err != nil {
			return nil, nil, fmt.Errorf("load paper %s: %w", k, err)
		}
		raw[k], cur[k] = v, p
	}
	return raw, cur, nil
}

// decodeCmd returns a GET's value and the paper it holds (nil when absent).
func decodeCmd(cmd *goredis.StringCmd) (string, *feed.Paper, error) {
	v, err := cmd.Result()
	if errors.Is(err, goredis.Nil) {
		return "", nil, nil
	}
	if err != nil {
		return "", nil, err
	}
	p := new(feed.Paper)
	if err := json.Unmarshal([]byte(v), p); err != nil {
		return "", nil, err
	}
	return v, p, nil
}

// planWrites groups by partition the papers fn changed (checked by
// feed.Writes), skipping those whose JSON equals what is stored. Papers of
// keys asked for but not loaded in this attempt were written by an
// earlier attempt: they are dropped.
func planWrites(raw map[feed.Key]string, cur map[feed.Key]*feed.Paper, changed []*feed.Paper, asked map[feed.Key]bool) (map[int][]write, error) {
	changed = slices.DeleteFunc(slices.Clone(changed), func(p *feed.Paper) bool {
		_, loaded := raw[p.Key]
		return p != nil && !loaded && asked[p.Key]
	})
	writes, err := feed.Writes(cur, changed)
	if err != nil {
		return nil, err
	}
	plan := map[int][]write{}
	for _, fw := range writes {
		k := fw.New.Key
		w, err := newWrite(raw[k], fw)
		if err != nil {
			return nil, err
		}
		if w != nil {
			plan[partition(k)] = append(plan[partition(k)], *w)
		}
	}
	return plan, nil
}

// newWrite describes a write for the merge script, or returns nil when
// the new paper is what is stored already.
func newWrite(expected string, fw feed.Write) (*write, error) {
	p := fw.New
	v, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("encode paper %s: %w", p.Key, err)
	}
	if string(v) == expected {
		return nil, nil
	}
	return &write{
		key: p.Key, expected: expected, value: v, score: p.Score, leave: fw.Leave, join: fw.Join, updated: p.Updated.UnixMilli(),
	}, nil
}

// commit runs every partition's merge script, with the partition's write
// token, in one pipeline and returns the partitions that lost a race.
func (s *Store) commit(ctx context.Context, plan map[int][]write, tokens *[partitions]string) (map[int]bool, error) {
	parts := slices.Sorted(maps.Keys(plan))
	calls := make([]scriptCall, len(parts))
	for i, p := range parts {
		if tokens[p] == "" { // drawn at the partition's first write, kept for the retries
			tokens[p] = rand.Text()
		}
		calls[i] = s.mergeCall(p, tokens[p], plan[p])
	}
	if len(calls) == 0 {
		return nil, nil
	}
	res, err := runPipelined(ctx, s.client, s.scripts.merge, calls)
	if err != nil {
		return nil, fmt.Errorf("write papers: %w", err)
	}
	lost := map[int]bool{}
	for i, r := range res {
		if r != 1 {
			lost[parts[i]] = true
		}
	}
	return lost, nil
}

// mergeCall lays out one partition's writes as mergeSrc expects them,
// with token, the partition's for this Merge, to recognise a second run.
func (s *Store) mergeCall(p int, token string, ws []write) scriptCall {
	keys := []string{s.keys.all(p), s.keys.updated(p), s.keys.changed(p), s.keys.seq(p), s.keys.tokens(p)}
	args := []any{len(ws), token, tokenKeep.Milliseconds(), maxTokens}
	for _, w := range ws {
		keys = append(keys, s.keys.paper(w.key))
		for _, slug := range w.leave {
			keys = append(keys, s.keys.rank(p, slug))
		}
		for _, slug := range w.join {
			keys = append(keys, s.keys.rank(p, slug))
		}
		score := strconv.FormatFloat(w.score, 'g', -1, 64)
		args = append(args, w.expected, w.value, score, w.key.String(), len(w.leave), len(w.join), w.updated)
	}
	return scriptCall{keys: keys, args: args}
}

// bumpRevisions increments the revision of every touched topic in one pipeline.
func (s *Store) bumpRevisions(ctx context.Context, touched map[string]bool) error {
	if len(touched) == 0 {
		return nil
	}
	pipe := s.client.Pipeline()
	for _, slug := range slices.Sorted(maps.Keys(touched)) {
		pipe.HIncrBy(ctx, s.keys.rev(), slug, 1)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("redis merge: bump revisions: %w", err)
	}
	return nil
}

// uniqueSorted returns the distinct values of list, sorted.
func uniqueSorted(list []string) []string {
	return slices.Compact(slices.Sorted(slices.Values(list)))
}

func markTopics(touched map[string]bool, lists ...[]string) {
	for _, list := range lists {
		for _, slug := range list {
			touched[slug] = true
		}
	}
}
