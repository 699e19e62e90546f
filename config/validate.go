package config

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/paperwire/paperwire/feed"
)

func (c *Config) validate(p *problems) {
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		p.add("listen", "listen: want host:port like :8080 or 127.0.0.1:8080, got %q", c.Listen)
	}
	if !absoluteHTTP(c.BaseURL) {
		p.add("base_url", "base_url: want an absolute http(s) URL like https://papers.example.org, got %q", c.BaseURL)
	}
	c.validateStorage(p)
	c.validateFetch(p)
	c.validateRanking(p)
	if c.Publish.TTL.D() < time.Minute {
		p.add("publish.ttl", "publish.ttl: want a minute or more, got %s", FormatDuration(c.Publish.TTL.D()))
	}
	if c.Publish.Hub != "" && !absoluteHTTP(c.Publish.Hub) {
		p.add("publish.hub", "publish.hub: want an absolute http(s) URL (or nothing), got %q", c.Publish.Hub)
	}
	if n := c.Publish.Digest.Items; n < 1 || n > MaxDigestItems {
		p.add("publish.digest.items", "publish.digest.items: want 1 to %d, got %d", MaxDigestItems, n)
	}
	if c.Publish.Hub != "" && c.Publish.WebSub.Enabled {
		p.add("publish.hub", "publish.hub: want nothing while publish.websub.enabled is true (Paperwire is then its own hub), got %q", c.Publish.Hub)
	}
	c.validateSources(p)
	c.validateTopics(p)
	c.validateSignals(p)
}

func (c *Config) validateSignals(p *problems) {
	g := c.Signals.GitHub
	if !absoluteHTTP(g.API) {
		p.add("signals.github.api", "signals.github.api: want an absolute http(s) URL like %s, got %q", DefaultGitHubAPI, g.API)
	}
	limit, why := GitHubTokenLimit, "GitHub's limit with a token"
	if g.Token == "" {
		limit, why = GitHubAnonymousLimit, "GitHub's limit without "+GitHubTokenEnv
	}
	if g.PerHour < 1 || g.PerHour > limit {
		p.add("signals.github.per_hour", "signals.github.per_hour: want 1 to %d (%s), got %d", limit, why, g.PerHour)
	}
}

func (c *Config) validateStorage(p *problems) {
	s := c.Storage
	if s.Redis != "" {
		u, err := url.Parse(s.Redis)
		if err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") || u.Host == "" {
			p.add("storage.redis", "storage.redis: want a redis:// or rediss:// URL, got %q", RedactURL(s.Redis))
		}
	} else if strings.TrimSpace(s.Path) == "" {
		p.add("storage.path", "storage.path: want the embedded store's file (default %s), got nothing", DefaultStoragePath)
	}
	if s.Retention.D() < 24*time.Hour {
		p.add("storage.retention", "storage.retention: want a day or more, or forever, got %s", FormatDuration(s.Retention.D()))
	}
}

func (c *Config) validateFetch(p *problems) {
	f := c.Fetch
	if f.Timeout.D() <= 0 || f.Timeout.D() > 10*time.Minute {
		p.add("fetch.timeout", "fetch.timeout: want more than 0 and at most 10m, got %s", FormatDuration(f.Timeout.D()))
	}
	if f.HostInterval != nil && f.HostInterval.D() < 0 {
		p.add("fetch.host_interval", "fetch.host_interval: want 0 (no spacing) or more, got %s", f.HostInterval.D())
	}
	if f.MaxBody < 1<<10 || f.MaxBody > 1<<30 {
		p.add("fetch.max_body", "fetch.max_body: want 1KiB to 1GiB, got %d bytes", f.MaxBody)
	}
	if f.MaxItems < 1 {
		p.add("fetch.max_items", "fetch.max_items: want 1 or more, got %d", f.MaxItems)
	}
	if f.Concurrency < 1 || f.Concurrency > 64 {
		p.add("fetch.concurrency", "fetch.concurrency: want 1 to 64, got %d", f.Concurrency)
	}
}

func (c *Config) validateRanking(p *problems) {
	if c.Ranking.HalfLife.D() < time.Minute {
		p.add("ranking.half_life", "ranking.half_life: want a minute or more, got %s", FormatDuration(c.Ranking.HalfLife.D()))
	}
	w := c.Ranking.Weights
	for _, e := range []struct {
		name string
		v    *float64
	}{{"papers", w.Papers}, {"mentions", w.Mentions}, {"upvote", w.Upvote}, {"point", w.Point}, {"star", w.Star}} {
		if e.v != nil && *e.v < 0 {
			key := "ranking.weights." + e.name
			p.add(key, "%s: want 0 (ignore this signal) or more, got %v", key, *e.v)
		}
	}
}

// names checks the identifiers of a list ("sources", "name") or
// ("topics", "slug"): well-formed and unique. It returns how each entry is
// named in messages, and its key path.
func (p *problems) names(list, field string, ids []string) (labels, paths []string) {
	seen := map[string]bool{}
	labels, paths = make([]string, len(ids)), make([]string, len(ids))
	for i, id := range ids {
		paths[i] = fmt.Sprintf("%s[%d]", list, i)
		labels[i] = paths[i]
		if id != "" {
			labels[i] = fmt.Sprintf("%s %q", strings.TrimSuffix(list, "s"), id)
		}
		at := paths[i] + "." + field
		switch {
		case !nameRe.MatchString(id):
			p.add(at, "%s: %s: want lower-case letters, digits and dashes ([a-z0-9-]+), got %q", labels[i], field, id)
		case seen[id]:
			p.add(at, "%s: %s is used twice", labels[i], field)
		}
		seen[id] = true
	}
	return labels, paths
}

func (c *Config) validateSources(p *problems) {
	ids := make([]string, len(c.Sources))
	for i, s := range c.Sources {
		ids[i] = s.Name
	}
	labels, paths := p.names("sources", "name", ids)
	for i, s := range c.Sources {
		at, path := labels[i], paths[i]
		if !absoluteHTTP(s.URL) {
			p.add(path+".url", "%s: url: want an absolute http(s) URL, got %q", at, s.URL)
		}
		if s.Kind != feed.KindFeed && s.Kind != feed.KindHFDaily {
			p.add(path+".kind", "%s: kind: want feed or hf-daily, got %q", at, s.Kind)
		}
		if s.Role != feed.RolePapers && s.Role != feed.RoleMentions {
			p.add(path+".role", "%s: role: want papers or mentions, got %q", at, s.Role)
		}
		if s.Every.D() < time.Minute {
			p.add(path+".every", "%s: every: want a minute or more, got %s", at, FormatDuration(s.Every.D()))
		}
		if s.Weight < 0 || (s.Weight == 0 && p.set(path+".weight")) {
			p.add(path+".weight", "%s: weight: want more than 0 (omit it for the role's weight), got %v", at, s.Weight)
		}
	}
}

func (c *Config) validateTopics(p *problems) {
	ids := make([]string, len(c.Topics))
	for i, t := range c.Topics {
		ids[i] = t.Slug
	}
	labels, paths := p.names("topics", "slug", ids)
	for i, t := range c.Topics {
		at, path := labels[i], paths[i]
		if t.Limit < 1 || t.Limit > 500 {
			p.add(path+".limit", "%s: limit: want 1 to 500, got %d", at, t.Limit)
		}
		for _, list := range []struct {
			key   string
			words []string
		}{{"keywords", t.Keywords}, {"exclude", t.Exclude}} {
			for j, k := range list.words {
				if strings.TrimSpace(k) == "" {
					p.add(fmt.Sprintf("%s.%s[%d]", path, list.key, j), "%s: %s: empty keyword", at, list.key)
				}
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
