// Package ingest is the poll loop: fetch → parse → normalize → store, one
// batch per source, with the politeness state kept in the store so every
// process and every later run honours it.
package ingest

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/fetch"
	"github.com/paperwire/paperwire/feed/merge"
	"github.com/paperwire/paperwire/feed/parse"
	"github.com/paperwire/paperwire/feed/rank"
	"github.com/paperwire/paperwire/feed/topic"
)

// Store is what ingestion needs from storage.
type Store interface {
	Merge(ctx context.Context, keys []feed.Key, fn feed.MergeFunc) error
	Scan(ctx context.Context, cursor string, n int) ([]*feed.Paper, string, error)
	SourceState(ctx context.Context, name string) (feed.SourceState, error)
	SaveSourceState(ctx context.Context, st feed.SourceState) error
	Lease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	Meta(ctx context.Context, key string) (string, error)
	SetMeta(ctx context.Context, key, value string) error
}

// Fetcher performs conditional GETs.
type Fetcher interface {
	Get(ctx context.Context, r fetch.Request) (*fetch.Response, error)
}

// Config is what an Ingester is built with. Zero values take the
// defaults noted on each field.
type Config struct {
	Topics      []feed.Topic  // topic rules papers are filed by
	Params      rank.Params   // scoring (rank.Defaults() when zero)
	MaxItems    int           // items read per document (parse's default when 0)
	Policy      fetch.Policy  // politeness (fetch.DefaultPolicy() when zero)
	Concurrency int           // sources polled at once (1 when 0)
	Holder      string        // lease holder id; "" polls without leases
	LeaseTTL    time.Duration // how long a poll may hold its source (1m when 0)
	Tick        time.Duration // how often Run looks for due sources (DefaultTick when 0)
	RetryEvery  time.Duration // ReindexWhenReady's wait while the store is away (DefaultRetryEvery when 0)
	Now         func() time.Time
	Rand        func() float64 // in [0,1), for backoff jitter (rand.Float64 when nil)
	OnChange    func()         // called after a batch changed papers
	OnReport    func(Report)   // called after every poll
}

// Defaults of Config.
const (
	DefaultTick       = time.Second
	DefaultLeaseTTL   = time.Minute
	DefaultRetryEvery = 5 * time.Second
)

// Ingester polls sources into a store. Build it with New; it does not
// change after that.
type Ingester struct {
	store   Store
	fetcher Fetcher
	parser  parse.Parser
	merger  *merge.Merger
	cfg     Config
	logger  *slog.Logger
}

// New returns an ingester polling through fetcher into store.
func New(store Store, fetcher Fetcher, cfg Config, logger *slog.Logger) *Ingester {
	if cfg.Params == (rank.Params{}) {
		cfg.Params = rank.Defaults()
	}
	if cfg.Policy == (fetch.Policy{}) {
		cfg.Policy = fetch.DefaultPolicy()
	}
	cfg.Concurrency = max(cfg.Concurrency, 1)
	cfg.LeaseTTL = cmp.Or(cfg.LeaseTTL, DefaultLeaseTTL)
	cfg.Tick = cmp.Or(cfg.Tick, DefaultTick)
	cfg.RetryEvery = cmp.Or(cfg.RetryEvery, DefaultRetryEvery)
	if cfg.Now == nil {
		cfg.Now = func() time.Time { return time.Now().UTC().Truncate(time.Second) }
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Float64
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Ingester{
		store: store, fetcher: fetcher, parser: parse.Parser{MaxItems: cfg.MaxItems},
		merger: &merge.Merger{Params: cfg.Params, Topics: topic.NewMatcher(cfg.Topics)},
		cfg:    cfg, logger: logger,
	}
}

// Status of one poll.
const (
	StatusFetched     = "fetched"
	StatusNotModified = "not modified"
	StatusUnchanged   = "unchanged" // 200 with the same bytes as last time
	StatusSkipped     = "skipped"
	StatusFailed      = "failed"
)

// Report is the outcome of polling one source.
type Report struct {
	Source    string
	Status    string
	Reason    string // why it failed or was skipped
	Items     int    // items in the document
	New       int    // papers seen for the first time
	Merged    int    // known papers that learnt something
	Unchanged int    // re-sightings that changed nothing
	Ignored   int    // items that are not papers
	Truncated int    // items beyond fetch.max_items, dropped unread
	Trimmed   int    // items stored with fields cut to their caps
	Rejected  int    // items refused: identity beyond normalize.MaxKey
	Duration  time.Duration
}

// Cut says what the poll left out of the document or cut to the field
// caps, as "195000 truncated, 2 trimmed, 1 rejected"; "-" for nothing.
func (r Report) Cut() string {
	var parts []string
	for _, c := range []struct {
		n    int
		what string
	}{{r.Truncated, "truncated"}, {r.Trimmed, "trimmed"}, {r.Rejected, "rejected"}} {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.n, c.what))
		}
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ", ")
}

// Poll polls one source once. Unless force is set, a source still in
// backoff, Retry-After or max-age is skipped.
func (in *Ingester) Poll(ctx context.Context, src feed.Source, force bool) Report {
	start := time.Now()
	r := in.poll(ctx, src, force)
	r.Source, r.Duration = src.Name, time.Since(start)
	in.log(r)
	if in.cfg.OnReport != nil {
		in.cfg.OnReport(r)
	}
	return r
}

func (in *Ingester) poll(ctx context.Context, src feed.Source, force bool) Report {
	st, err := in.store.SourceState(ctx, src.Name)
	if err != nil {
		return Report{Status: StatusFailed, Reason: fmt.Sprintf("read source state: %v", err)}
	}
	now := in.cfg.Now()
	if !force && now.Before(st.NotBefore) {
		return Report{Status: StatusSkipped, Reason: fmt.Sprintf("%s until %s", st.NotBeforeWhy, st.NotBefore.UTC().Format(time.RFC3339))}
	}
	res, err := in.fetcher.Get(ctx, fetch.Request{URL: src.URL, ETag: st.ETag, LastModified: st.LastModified})
	if ctx.Err() != nil {
		return Report{Status: StatusSkipped, Reason: "interrupted"} // shutting down: not the source's fault
	}
	if err != nil {
		return in.fail(ctx, st, err, now)
	}
	if res.NotModified {
		return in.succeed(ctx, st, res, "", now, Report{Status: StatusNotModified})
	}
	digest := digestOf(res.Body)
	if digest == st.Digest {
		return in.succeed(ctx, st, res, digest, now, Report{Status: StatusUnchanged})
	}
	r, err := in.ingest(ctx, src, res.Body, now)
	if err != nil {
		return in.fail(ctx, st, err, now)
	}
	return in.succeed(ctx, st, res, digest, now, r)
}

// ingest parses a body and merges its observations in one batch.
func (in *Ingester) ingest(ctx context.Context, src feed.Source, body []byte, now time.Time) (Report, error) {
	doc, err := in.parser.Parse(src.Kind, body)
	if err != nil {
		return Report{}, err
	}
	r := Report{Status: StatusFetched, Items: len(doc.Items), Truncated: doc.Truncated}
	obs := observe(src, doc, now, &r)
	if err := in.merge(ctx, obs, &r); err != nil {
		return Report{}, fmt.Errorf("store: %w", err)
	}
	return r, nil
}

func (in *Ingester) succeed(ctx context.Context, st feed.SourceState, res *fetch.Response, digest string, now time.Time, r Report) Report {
	st = in.cfg.Policy.Succeeded(st, res, digest, now)
	if r.Status == StatusFetched {
		st.Items, st.Truncated, st.Trimmed, st.Rejected = r.Items, r.Truncated, r.Trimmed, r.Rejected
	}
	if err := in.store.SaveSourceState(ctx, st); err != nil {
		r.Reason = fmt.Sprintf("save source state: %v", err)
	}
	return r
}

func (in *Ingester) fail(ctx context.Context, st feed.SourceState, err error, now time.Time) Report {
	st = in.cfg.Policy.Failed(st, err, now, in.cfg.Rand)
	r := Report{Status: StatusFailed, Reason: err.Error()}
	if serr := in.store.SaveSourceState(ctx, st); serr != nil {
		r.Reason += fmt.Sprintf(" (and save source state: %v)", serr)
	}
	return r
}

func digestOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func (in *Ingester) log(r Report) {
	if in.logger == nil {
		return
	}
	attrs := []any{"source", r.Source, "status", r.Status, "items", r.Items, "new", r.New, "merged", r.Merged, "took", r.Duration.Round(time.Millisecond)}
	if cut := r.Cut(); cut != "-" {
		attrs = append(attrs, "cut", cut)
	}
	if r.Status == StatusFailed {
		in.logger.Warn("poll failed", append(attrs, "reason", r.Reason)...)
		return
	}
	in.logger.Info("polled", attrs...)
}
