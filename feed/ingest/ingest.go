// Package ingest is the poll loop: fetch → parse → normalize → store, one
// batch per source, with the politeness state kept in the store so every
// process and every later run honours it.
package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/fetch"
	"github.com/paperwire/paperwire/feed/merge"
	"github.com/paperwire/paperwire/feed/parse"
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

// Ingester polls sources into a store.
type Ingester struct {
	Store       Store
	Fetcher     Fetcher
	Parser      parse.Parser
	Merger      *merge.Merger
	Policy      fetch.Policy
	Logger      *slog.Logger
	Now         func() time.Time
	Rand        func() float64 // in [0,1), for backoff jitter
	Concurrency int
	Holder      string        // lease holder id; "" polls without leases
	LeaseTTL    time.Duration // how long a poll may hold its source
	OnChange    func()        // called after a batch changed papers
	OnReport    func(Report)  // called after every poll
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
	if in.OnReport != nil {
		in.OnReport(r)
	}
	return r
}

func (in *Ingester) poll(ctx context.Context, src feed.Source, force bool) Report {
	st, err := in.Store.SourceState(ctx, src.Name)
	if err != nil {
		return Report{Status: StatusFailed, Reason: fmt.Sprintf("read source state: %v", err)}
	}
	now := in.Now()
	if !force && now.Before(st.NotBefore) {
		return Report{Status: StatusSkipped, Reason: fmt.Sprintf("%s until %s", st.NotBeforeWhy, st.NotBefore.UTC().Format(time.RFC3339))}
	}
	res, err := in.Fetcher.Get(ctx, fetch.Request{URL: src.URL, ETag: st.ETag, LastModified: st.LastModified})
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
	doc, err := in.Parser.Parse(src.Kind, body)
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
	st = in.Policy.Succeeded(st, res, digest, now)
	if r.Status == StatusFetched {
		st.Items, st.Truncated, st.Trimmed, st.Rejected = r.Items, r.Truncated, r.Trimmed, r.Rejected
	}
	if err := in.Store.SaveSourceState(ctx, st); err != nil {
		r.Reason = fmt.Sprintf("save source state: %v", err)
	}
	return r
}

func (in *Ingester) fail(ctx context.Context, st feed.SourceState, err error, now time.Time) Report {
	st = in.Policy.Failed(st, err, now, in.Rand)
	r := Report{Status: StatusFailed, Reason: err.Error()}
	if serr := in.Store.SaveSourceState(ctx, st); serr != nil {
		r.Reason += fmt.Sprintf(" (and save source state: %v)", serr)
	}
	return r
}

func digestOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func (in *Ingester) log(r Report) {
	if in.Logger == nil {
		return
	}
	attrs := []any{"source", r.Source, "status", r.Status, "items", r.Items, "new", r.New, "merged", r.Merged, "took", r.Duration.Round(time.Millisecond)}
	if cut := r.Cut(); cut != "-" {
		attrs = append(attrs, "cut", cut)
	}
	if r.Status == StatusFailed {
		in.Logger.Warn("poll failed", append(attrs, "reason", r.Reason)...)
		return
	}
	in.Logger.Info("polled", attrs...)
}
