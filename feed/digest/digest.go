// Package digest closes the daily and weekly digest periods of every
// topic (ARCHITECTURE.md §D11): at each period's end it takes a snapshot of the
// topic's best papers among those with an event in the period, ranked by
// their score at the close, and stores it once and for all. A closed
// period never changes; a server that was down at a close catches up on
// its next start, for every missed period still within retention.
package digest

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/rank"
)

// Store is what closing needs from storage.
type Store interface {
	Scan(ctx context.Context, cursor string, n int) ([]*feed.Paper, string, error)
	Curation(ctx context.Context, slug string) (feed.Curation, error)
	Digests(ctx context.Context, slug string, kind feed.DigestKind, n int) ([]feed.Digest, error)
	PutDigest(ctx context.Context, d feed.Digest, keep int) (bool, error)
	Lease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	Meta(ctx context.Context, key string) (string, error)
	SetMeta(ctx context.Context, key, value string) error
}

// Defaults of ARCHITECTURE.md §D11.
const (
	DefaultItems = 10 // papers per digest item
	Keep         = 30 // periods a digest feed holds, and archives kept
)

// scanPage is how many papers one Scan call reads.
const scanPage = 500

// leaseName is the lease that makes one process of those sharing a store
// do the closing; leaseTTL bounds how long a crashed closer blocks others.
const (
	leaseName = "digest-close"
	leaseTTL  = 5 * time.Minute
)

// Config configures a Closer.
type Config struct {
	Topics []feed.Topic
	Items  int         // papers per digest (DefaultItems when 0)
	Params rank.Params // to bound the scores of a late close (ScoreAt); rank.Defaults() when zero
	// Entry turns a paper into a digest entry, given its log-form score at
	// the close and the close's time (render.Site.DigestEntry). Required.
	Entry   func(p *feed.Paper, score float64, at time.Time) feed.DigestEntry
	Holder  string           // this process's name in the closing lease
	Metrics *Metrics         // nil: none
	Now     func() time.Time // time.Now when nil
	// OnClose is called after periods were stored (to refresh caches).
	OnClose func()
}

// Closer closes digest periods. Build it with New; it does not change
// after that.
type Closer struct {
	store  Store
	cfg    Config
	logger *slog.Logger
}

// New returns the closer of the digests of store.
func New(store Store, cfg Config, logger *slog.Logger) *Closer {
	if cfg.Items <= 0 {
		cfg.Items = DefaultItems
	}
	if cfg.Params == (rank.Params{}) {
		cfg.Params = rank.Defaults()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.OnClose == nil {
		cfg.OnClose = func() {}
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Closer{store: store, cfg: cfg, logger: logger}
}

// job is one period of one topic to close.
type job struct {
	topic  feed.Topic
	period feed.Period
	prev   string // the previous period's ID when it is (or is being) closed
	bans   []feed.Key
	best   []candidate // best first, at most Config.Items
	seen   int         // papers with an event in the period
}

// Close closes every period that has ended after the store's epoch and
// is not stored yet, within retention, unless another process holds the
// closing lease. It returns how many periods it stored.
func (c *Closer) Close(ctx context.Context) (int, error) {
	now := c.cfg.Now().UTC()
	epoch, err := c.epoch(ctx, now)
	if err != nil || epoch.IsZero() {
		return 0, err
	}
	jobs, err := c.due(ctx, now, epoch)
	if err != nil || len(jobs) == 0 {
		return 0, err
	}
	ok, err := c.store.Lease(ctx, leaseName, c.cfg.Holder, leaseTTL)
	if err != nil {
		return 0, fmt.Errorf("digest lease: %w", err)
	}
	if !ok {
		return 0, nil // another process is closing them
	}
	if err := c.pick(ctx, jobs); err != nil {
		return 0, err
	}
	return c.save(ctx, jobs, now)
}

// due lists the periods ended after epoch and not stored yet, oldest
// first per topic and kind, each knowing whether the period before it
// exists.
func (c *Closer) due(ctx context.Context, now, epoch time.Time) ([]*job, error) {
	var jobs []*job
	for _, t := range c.cfg.Topics {
		for _, kind := range feed.DigestKinds {
			stored, err := c.store.Digests(ctx, t.Slug, kind, Keep+1)
			if err != nil {
				return nil, fmt.Errorf("read digests of %s: %w", t.Slug, err)
			}
			jobs = append(jobs, missing(t, kind, stored, now, epoch)...)
		}
	}
	return jobs, c.loadBans(ctx, jobs)
}

// missing lists the last Keep ended periods of a kind that are not stored
// and ended after epoch (the store knew nothing of those before).
func missing(t feed.Topic, kind feed.DigestKind, stored []feed.Digest, now, epoch time.Time) []*job {
	have := map[string]bool{}
	for _, d := range stored {
		have[d.Period] = true
	}
	p := feed.PeriodAt(kind, now)
	for range Keep {
		p = p.Prev()
	}
	var jobs []*job
	for ; !p.End().After(now); p = p.Next() {
		if have[p.ID()] || !p.End().After(epoch) {
			continue
		}
		j := &job{topic: t, period: p}
		if prev := p.Prev(); have[prev.ID()] || len(jobs) > 0 && jobs[len(jobs)-1].period == prev {
			j.prev = prev.ID()
		}
		jobs = append(jobs, j)
	}
	return jobs
}

// loadBans reads the curation of every topic with a job: a banned paper
// is in no digest either.
func (c *Closer) loadBans(ctx context.Context, jobs []*job) error {
	bans := map[string][]feed.Key{}
	for _, j := range jobs {
		if _, ok := bans[j.topic.Slug]; !ok {
			cur, err := c.store.Curation(ctx, j.topic.Slug)
			if err != nil {
				return fmt.Errorf("read curation of %s: %w", j.topic.Slug, err)
			}
			bans[j.topic.Slug] = cur.Bans
		}
		j.bans = bans[j.topic.Slug]
	}
	return nil
}

// save writes each job's snapshot; a period another process stored
// first is left as it is.
func (c *Closer) save(ctx context.Context, jobs []*job, now time.Time) (int, error) {
	n := 0
	log := closeLog{logger: c.logger}
	defer log.summarize()
	for _, j := range jobs {
		d := c.snapshot(j, now)
		stored, err := c.store.PutDigest(ctx, d, Keep)
		if err != nil {
			return n, fmt.Errorf("store digest: %w", err)
		}
		if stored {
			n++
			c.cfg.Metrics.closedOne(d)
			log.closed(d)
		}
	}
	if n > 0 {
		c.cfg.OnClose()
	}
	return n, nil
}

func (c *Closer) snapshot(j *job, now time.Time) feed.Digest {
	end := j.period.End()
	d := feed.Digest{
		Topic: j.topic.Slug, TopicTitle: j.topic.Title, Kind: j.period.Kind, Period: j.period.ID(),
		Start: j.period.Start, End: end, Prev: j.prev, ClosedAt: now, Candidates: j.seen,
		Entries: make([]feed.DigestEntry, 0, len(j.best)),
	}
	for _, cand := range j.best {
		d.Entries = append(d.Entries, c.cfg.Entry(cand.paper, cand.score, end))
	}
	return d
}

// slugJobs groups jobs by topic, for the scan.
func slugJobs(jobs []*job) map[string][]*job {
	m := map[string][]*job{}
	for _, j := range jobs {
		m[j.topic.Slug] = append(m[j.topic.Slug], j)
	}
	return m
}

// isBanned reports whether key is banned in the job's topic.
func (j *job) isBanned(key feed.Key) bool { return slices.Contains(j.bans, key) }
