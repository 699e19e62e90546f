package redis

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// DefaultPrefix starts every key when Options.Prefix is empty.
const DefaultPrefix = "paperwire:"

const (
	// dialTimeout bounds one connection attempt unless the URL sets dial_timeout.
	dialTimeout = 2 * time.Second
	// openTimeout bounds the first ping, so an unreachable Redis fails Open
	// promptly instead of hanging.
	openTimeout = 5 * time.Second
)

// Options tune a Store.
type Options struct {
	Prefix string       // starts every key; default "paperwire:"
	Logger *slog.Logger // default: discard
	// Lazy returns the store even when Redis does not answer yet (the
	// client reconnects by itself): for servers that report readiness
	// instead of exiting.
	Lazy bool
}

// Store is the Redis (standalone or Cluster) store.
type Store struct {
	client  goredis.UniversalClient
	keys    keys
	scripts scripts
	log     *slog.Logger
	where   string // "redis at host:port", for messages; never holds credentials
}

// Open connects to the Redis that rawURL names and pings it. A URL with
// addr= parameters names a Cluster by its seed nodes
// (redis://h1:7000?addr=h2:7001&addr=h3:7002); any other URL a single node
// (redis://[user:pass@]host:port/db, rediss:// for TLS). Query parameters
// are go-redis's (max_retries, dial_timeout, …); dialer_retries and
// dialer_retry_timeout work on both kinds.
func Open(ctx context.Context, rawURL string, o Options) (*Store, error) {
	if o.Prefix == "" {
		o.Prefix = DefaultPrefix
	}
	if strings.ContainsAny(o.Prefix, "{}") {
		return nil, fmt.Errorf("redis: prefix %q may not hold '{' or '}' (they make hash tags)", o.Prefix)
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	client, where, err := newClient(rawURL)
	if err != nil {
		return nil, err
	}
	s := &Store{client: client, keys: newKeys(o.Prefix), scripts: newScripts(), log: o.Logger, where: where}
	if err := s.firstPing(ctx); err != nil {
		if o.Lazy {
			o.Logger.Warn("redis not reachable yet; retrying in the background", "err", err)
			return s, nil
		}
		client.Close()
		return nil, err
	}
	return s, nil
}

// newClient builds the go-redis client a URL names, and how to name it in
// messages ("redis at host:port").
func newClient(rawURL string) (goredis.UniversalClient, string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // the url.Error repeats the URL, password included
		}
		return nil, "", fmt.Errorf("redis: invalid url: %w", err)
	}
	if u.Query().Has("addr") {
		return newClusterClient(rawURL, u.Redacted())
	}
	retries, retryWait, err := takeDialerParams(u)
	if err != nil {
		return nil, "", fmt.Errorf("redis: url %s: %w", u.Redacted(), err)
	}
	opt, err := goredis.ParseURL(u.String())
	if err != nil {
		return nil, "", fmt.Errorf("redis: url %s: %w", u.Redacted(), err)
	}
	opt.DialerRetries, opt.DialerRetryTimeout = retries, retryWait
	if opt.DialTimeout == 0 {
		opt.DialTimeout = dialTimeout
	}
	opt.ContextTimeoutEnabled = true
	return goredis.NewClient(opt), "redis at " + opt.Addr, nil
}

// takeDialerParams removes dialer_retries and dialer_retry_timeout from
// a standalone URL's query and returns their values (zero: go-redis's
// defaults, 5 dials 100 ms apart). go-redis reads them from cluster URLs
// only; a standalone URL takes them too, so that either kind can fail a
// command at the first refused connection (dialer_retries=1).
func takeDialerParams(u *url.URL) (int, time.Duration, error) {
	q := u.Query()
	var retries int
	var wait time.Duration
	var err error
	if v := q.Get("dialer_retries"); v != "" {
		if retries, err = strconv.Atoi(v); err != nil {
			return 0, 0, fmt.Errorf("dialer_retries %q: %w", v, err)
		}
	}
	if v := q.Get("dialer_retry_timeout"); v != "" {
		if wait, err = time.ParseDuration(v); err != nil {
			return 0, 0, fmt.Errorf("dialer_retry_timeout %q: %w", v, err)
		}
	}
	q.Del("dialer_retries")
	q.Del("dialer_retry_timeout")
	u.RawQuery = q.Encode()
	return retries, wait, nil
}

func newClusterClient(rawURL, redacted string) (goredis.UniversalClient, string, error) {
	opt, err := goredis.ParseClusterURL(rawURL)
	if err != nil {
		return nil, "", fmt.Errorf("redis: cluster url %s: %w", redacted, err)
	}
	if opt.DialTimeout == 0 {
		opt.DialTimeout = dialTimeout
	}
	opt.ContextTimeoutEnabled = true
	return goredis.NewClusterClient(opt), "redis cluster at " + strings.Join(opt.Addrs, ","), nil
}

func (s *Store) firstPing(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, openTimeout)
	defer cancel()
	if err := s.client.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("%s unreachable: %w", s.where, err)
	}
	return nil
}

// Ping reports whether Redis answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.client.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("%s: ping: %w", s.where, err)
	}
	return nil
}

// Close closes the connections.
func (s *Store) Close() error { return s.client.Close() }
