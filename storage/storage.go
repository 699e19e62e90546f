// Package storage defines what Paperwire needs from a store and opens the
// backend a URL names: the embedded bbolt file by default, Redis or Redis
// Cluster for production and scale-out. Every backend passes the
// conformance suite in storage/storagetest.
package storage

import (
	"context"
	"time"

	"github.com/paperwire/paperwire/feed"
)

// Store is the storage contract.
type Store interface {
	// Merge atomically loads the papers with the given keys, calls fn and
	// persists what it returns, keeping every topic's ranked index (by
	// Paper.Score, membership by Paper.Topics) and revision in step.
	Merge(ctx context.Context, keys []feed.Key, fn feed.MergeFunc) error
	// Paper returns one paper or feed.ErrNotFound.
	Paper(ctx context.Context, key feed.Key) (*feed.Paper, error)
	// Papers returns the known papers among keys, in the order asked.
	Papers(ctx context.Context, keys []feed.Key) ([]*feed.Paper, error)
	// Scan returns up to n papers after cursor ("" to start) in key order
	// or backend order, and the cursor to continue from ("" when done).
	Scan(ctx context.Context, cursor string, n int) ([]*feed.Paper, string, error)
	// Delete removes papers with their index entries (unknown keys are
	// ignored, apart from dropping any entry Stale still has for them) and
	// bumps the revisions of the topics they were in.
	Delete(ctx context.Context, keys []feed.Key) error
	// Stale returns the keys of up to n papers whose Updated is before
	// cutoff, least recently updated first (ties in key order), from an
	// index: it reads no paper. Pruning reads only what expired.
	Stale(ctx context.Context, cutoff time.Time, n int) ([]feed.Key, error)
	// Trim drops a topic's index entries beyond the best keep (ties with
	// the last kept entry may stay). The papers themselves stay.
	Trim(ctx context.Context, slug string, keep int) error
	// Top returns the best n entries of a topic's ranked index.
	Top(ctx context.Context, slug string, n int) ([]feed.Ranked, error)
	// Curation returns a topic's pins and bans.
	Curation(ctx context.Context, slug string) (feed.Curation, error)
	// Curate applies a pin/unpin/ban/unban and returns the new curation.
	Curate(ctx context.Context, slug string, key feed.Key, action feed.CurateAction, at time.Time) (feed.Curation, error)
	// Revisions returns a counter per topic that grows on every change
	// that may alter the topic's feed.
	Revisions(ctx context.Context) (map[string]uint64, error)
	// ChangeCursor returns the change log's current position.
	ChangeCursor(ctx context.Context) (string, error)
	// Changes returns keys of papers written or deleted after cursor
	// (about n at most; a key may come again) and the cursor to continue
	// from. A cursor older than the log reaches gives feed.ErrChangesLost.
	// Every process sharing the store sees every change.
	Changes(ctx context.Context, cursor string, n int) ([]feed.Key, string, error)
	// SourceState returns what is remembered about a source (a zero state
	// with the name set when nothing is).
	SourceState(ctx context.Context, name string) (feed.SourceState, error)
	// SourceStates returns the states of the named sources, in the order
	// asked, in one read (serve rereads every source's every second).
	SourceStates(ctx context.Context, names []string) ([]feed.SourceState, error)
	// SaveSourceState replaces what is remembered about a source.
	SaveSourceState(ctx context.Context, st feed.SourceState) error
	// Lease gives holder the right to poll the named source for ttl. It
	// reports false while another holder's lease runs.
	Lease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	// Meta and SetMeta keep small named values (e.g. the topic rules'
	// fingerprint).
	Meta(ctx context.Context, key string) (string, error)
	SetMeta(ctx context.Context, key, value string) error
	// RepoStates returns what is remembered about the named repositories,
	// in the order asked (a zero state with the name set for unknown ones).
	RepoStates(ctx context.Context, names []string) ([]feed.RepoState, error)
	// SaveRepoState replaces what is remembered about a repository.
	SaveRepoState(ctx context.Context, st feed.RepoState) error
	// Spend takes up to n units (n < 0 gives -n back) of the named budget
	// in the window that starts at window, never letting the window's
	// total pass limit, and returns the units granted and those left.
	// Every process sharing the store spends one budget.
	Spend(ctx context.Context, name string, window time.Time, limit, n int) (granted, left int, err error)
	// PutDigest stores a closed period's snapshot unless one of the same
	// topic, kind and period is stored already (it reports whether d was
	// stored: a period closes exactly once, whoever closes it), drops all
	// but the newest keep periods of that topic and kind, and bumps the
	// revision named feed.DigestRevision(topic, kind).
	PutDigest(ctx context.Context, d feed.Digest, keep int) (bool, error)
	// Digests returns up to n stored snapshots of a topic and kind, newest
	// period first.
	Digests(ctx context.Context, slug string, kind feed.DigestKind, n int) ([]feed.Digest, error)
	// Digest returns one stored snapshot, or an error wrapping
	// feed.ErrNotFound.
	Digest(ctx context.Context, slug string, kind feed.DigestKind, period string) (feed.Digest, error)
	// SaveSubscription stores a verified WebSub subscription, replacing
	// the one of the same topic and callback.
	SaveSubscription(ctx context.Context, sub feed.Subscription) error
	// DeleteSubscription removes a subscription (none: no error).
	DeleteSubscription(ctx context.Context, topic, callback string) error
	// Subscriptions returns every stored subscription, expired ones too.
	Subscriptions(ctx context.Context) ([]feed.Subscription, error)
	// ClaimDelivery records that the feed content etag goes to the
	// subscription (topic, callback) and reports true, once however many
	// processes ask; false when it was claimed before (Subscription.Sent)
	// or the subscription is gone.
	ClaimDelivery(ctx context.Context, topic, callback, etag string) (bool, error)
	// Ping reports whether the store is reachable.
	Ping(ctx context.Context) error
	Close() error
}
