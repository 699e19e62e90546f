package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/paperwire/paperwire/feed"
)

// problems collects every validation problem, so a user fixes them all
// in one round.
type problems []string

func (p *problems) addf(format string, args ...any) {
	*p = append(*p, fmt.Sprintf(format, args...))
}

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return errors.New("  " + strings.Join(p, "\n  "))
}

// Validate reports every problem of an already defaulted configuration.
func (c *Config) Validate() error {
	var p problems
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		p.addf("listen: %q is not host:port (e.g. :8080)", c.Listen)
	}
	if !absoluteHTTP(c.BaseURL) {
		p.addf("base_url: %q is not an absolute http(s) URL", c.BaseURL)
	}
	c.validateStorage(&p)
	c.validateFetch(&p)
	c.validateRanking(&p)
	if c.Publish.TTL.D() < time.Minute {
		p.addf("publish.ttl: %s is shorter than a minute", c.Publish.TTL.D())
	}
	if c.Publish.Hub != "" && !absoluteHTTP(c.Publish.Hub) {
		p.addf("publish.hub: %q is not an absolute http(s) URL", c.Publish.Hub)
	}
	c.validateSources(&p)
	c.validateTopics(&p)
	return p.err()
}

func (c *Config) validateStorage(p *problems) {
	if c.Storage.Redis != "" {
		u, err := url.Parse(c.Storage.Redis)
		if err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") || u.Host == "" {
			p.addf("storage.redis: %q is not a redis:// or rediss:// URL", RedactURL(c.Storage.Redis))
		}
	}
	if c.Storage.Retention.D() < 24*time.Hour {
		p.addf("storage.retention: %s is shorter than a day", c.Storage.Retention.D())
	}
}

func (c *Config) validateFetch(p *problems) {
	f := c.Fetch
	if f.Timeout.D() <= 0 || f.Timeout.D() > 10*time.Minute {
		p.addf("fetch.timeout: %s is not between 0 and 10m", f.Timeout.D())
	}
	if f.HostInterval.D() < 0 {
		p.addf("fetch.host_interval: %s is negative", f.HostInterval.D())
	}
	if f.MaxBody < 1<<10 || f.MaxBody > 1<<30 {
		p.addf("fetch.max_body: %d bytes is not between 1KiB and 1GiB", f.MaxBody)
	}
	if f.MaxItems < 1 {
		p.addf("fetch.max_items: %d is not positive", f.MaxItems)
	}
	if f.Concurrency < 1 || f.Concurrency > 64 {
		p.addf("fetch.concurrency: %d is not between 1 and 64", f.Concurrency)
	}
}

func (c *Config) validateRanking(p *problems) {
	if c.Ranking.HalfLife.D() < time.Minute {
		p.addf("ranking.half_life: %s is shorter than a minute", c.Ranking.HalfLife.D())
	}
	w := c.Ranking.Weights
	for _, e := range []struct {
		name string
		v    *float64
	}{{"papers", w.Papers}, {"mentions", w.Mentions}, {"upvote", w.Upvote}, {"point", w.Point}, {"star", w.Star}} {
		if e.v != nil && *e.v < 0 {
			p.addf("ranking.weights.%s: %v is negative", e.name, *e.v)
		}
	}
}

// names checks the identifiers of a list ("source", "name") or
// ("topic", "slug"): well-formed and unique. It returns how each entry is
// named in messages.
func (p *problems) names(kind, field string, ids []string) []string {
	seen := map[string]bool{}
	at := make([]string, len(ids))
	for i, id := range ids {
		at[i] = fmt.Sprintf("%ss[%d]", kind, i)
		if id != "" {
			at[i] = fmt.Sprintf("%s %q", kind, id)
		}
		switch {
		case !nameRe.MatchString(id):
			p.addf("%s: %s %q must match [a-z0-9-]+", at[i], field, id)
		case seen[id]:
			p.addf("%s: %s is used twice", at[i], field)
		}
		seen[id] = true
	}
	return at
}

func (c *Config) validateSources(p *problems) {
	ids := make([]string, len(c.Sources))
	for i, s := range c.Sources {
		ids[i] = s.Name
	}
	names := p.names("source", "name", ids)
	for i, s := range c.Sources {
		at := names[i]
		if !absoluteHTTP(s.URL) {
			p.addf("%s: url %q is not an absolute http(s) URL", at, s.URL)
		}
		if s.Kind != feed.KindFeed && s.Kind != feed.KindHFDaily {
			p.addf("%s: kind %q is not feed or hf-daily", at, s.Kind)
		}
		if s.Role != feed.RolePapers && s.Role != feed.RoleMentions {
			p.addf("%s: role %q is not papers or mentions", at, s.Role)
		}
		if s.Every.D() < time.Minute {
			p.addf("%s: every %s is shorter than a minute", at, s.Every.D())
		}
		if s.Weight < 0 {
			p.addf("%s: weight %v is negative", at, s.Weight)
		}
	}
}

func (c *Config) validateTopics(p *problems) {
	ids := make([]string, len(c.Topics))
	for i, t := range c.Topics {
		ids[i] = t.Slug
	}
	names := p.names("topic", "slug", ids)
	for i, t := range c.Topics {
		at := names[i]
		if t.Limit < 1 || t.Limit > 500 {
			p.addf("%s: limit %d is not between 1 and 500", at, t.Limit)
		}
		for _, k := range append(append([]string{}, t.Keywords...), t.Exclude...) {
			if strings.TrimSpace(k) == "" {
				p.addf("%s: empty keyword", at)
			}
		}
	}
}

func absoluteHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// RedactURL hides the password of a URL for printing.
func RedactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
