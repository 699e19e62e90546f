package config

import (
	"net"
	"strings"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/fetch"
	"github.com/paperwire/paperwire/feed/github"
	"github.com/paperwire/paperwire/feed/parse"
	"github.com/paperwire/paperwire/feed/rank"
)

// Built-in values.
const (
	DefaultListen      = ":8080"
	DefaultStoragePath = "data/paperwire.db"
	DefaultPrefix      = "paperwire:"
	DefaultRetention   = 60 * 24 * time.Hour
	DefaultEvery       = time.Hour
	DefaultTopicLimit  = 50
	DefaultTTL         = 30 * time.Minute
	DefaultConcurrency = 4
	DefaultTitle       = "Paperwire"
	DefaultGitHubAPI   = github.DefaultAPI
	// GitHub requests an hour by default, and GitHub's own limits.
	DefaultGitHubPerHour      = github.DefaultPerHour
	DefaultGitHubPerHourToken = github.DefaultPerHourToken
	GitHubAnonymousLimit      = 60
	GitHubTokenLimit          = 5000
	DefaultDigestItems        = 10
	MaxDigestItems            = 100
)

// DefaultSources are polled when the configuration names none.
func DefaultSources() []SourceEntry {
	var out []SourceEntry
	for _, cat := range []string{"cs.AI", "cs.CL", "cs.CV", "cs.LG"} {
		out = append(out, SourceEntry{
			Name: "arxiv-" + strings.ToLower(strings.ReplaceAll(cat, ".", "-")),
			URL:  "https://rss.arxiv.org/rss/" + cat,
		})
	}
	return append(out,
		SourceEntry{Name: "hf-daily", URL: "https://huggingface.co/api/daily_papers", Kind: feed.KindHFDaily},
		SourceEntry{Name: "hf-trending", URL: "https://huggingface.co/api/daily_papers?sort=trending", Kind: feed.KindHFDaily},
	)
}

// DefaultTopics are served when the configuration names none.
func DefaultTopics() []TopicEntry {
	return []TopicEntry{
		{Slug: "all", Title: "All trending papers"},
		{Slug: "llm", Title: "Large language models", Keywords: []string{"large language model", "LLM", "language model"}},
		{Slug: "computer-vision", Title: "Computer vision", Categories: []string{"cs.CV"}},
		{Slug: "object-detection", Title: "Object detection", Keywords: []string{"object detection", "detector", "DETR", "YOLO"}},
		{Slug: "segmentation", Title: "Segmentation", Keywords: []string{"segmentation", "segment anything"}},
		{Slug: "agents", Title: "AI agents", Keywords: []string{"agent", "agentic", "tool use"}},
		{Slug: "diffusion", Title: "Diffusion models", Keywords: []string{"diffusion model", "diffusion"}},
	}
}

// defaults returns the built-in configuration, what an empty file means
// (Load gives it, with the environment applied).
func defaults() *Config {
	c := &Config{}
	c.applyDefaults()
	c.derive()
	c.convert()
	return c
}

// applyDefaults fills the zero fields, except those derived from others.
func (c *Config) applyDefaults() {
	c.Listen = or(c.Listen, DefaultListen)
	c.Storage.applyDefaults()
	c.Fetch.applyDefaults()
	c.Ranking.applyDefaults()
	c.Publish.Title = or(c.Publish.Title, DefaultTitle)
	if g := &c.Signals.GitHub; g.Enabled == nil {
		on := true
		g.Enabled = &on
	}
	c.Signals.GitHub.API = or(c.Signals.GitHub.API, DefaultGitHubAPI)
	if c.Publish.TTL == 0 {
		c.Publish.TTL = Duration(DefaultTTL)
	}
	if c.Publish.Digest.Items == 0 {
		c.Publish.Digest.Items = DefaultDigestItems
	}
	if c.Sources == nil {
		c.Sources = DefaultSources()
	}
	for i := range c.Sources {
		c.Sources[i].applyDefaults()
	}
	if c.Topics == nil {
		c.Topics = DefaultTopics()
	}
	for i := range c.Topics {
		c.Topics[i].applyDefaults()
	}
}

// derive fills the keys whose default depends on other keys: base_url
// from listen, a topic's title from its slug.
func (c *Config) derive() {
	c.BaseURL = strings.TrimRight(or(c.BaseURL, baseFromListen(c.Listen)), "/")
	if g := &c.Signals.GitHub; g.PerHour == 0 {
		g.PerHour = DefaultGitHubPerHour
		if g.Token != "" {
			g.PerHour = DefaultGitHubPerHourToken
		}
	}
	c.Signals.GitHub.API = strings.TrimRight(c.Signals.GitHub.API, "/")
	for i := range c.Topics {
		c.Topics[i].Title = or(c.Topics[i].Title, c.Topics[i].Slug)
	}
}

func (t *TopicEntry) applyDefaults() {
	if t.Limit == 0 {
		t.Limit = DefaultTopicLimit
	}
}

func (s *Storage) applyDefaults() {
	s.Path = or(s.Path, DefaultStoragePath)
	s.Prefix = or(s.Prefix, DefaultPrefix)
	if s.Retention == 0 {
		s.Retention = Retention(DefaultRetention)
	}
}

func (f *Fetch) applyDefaults() {
	if f.Timeout == 0 {
		f.Timeout = Duration(fetch.DefaultTimeout)
	}
	if f.HostInterval == nil {
		d := Duration(fetch.DefaultHostInterval)
		f.HostInterval = &d
	}
	if f.MaxBody == 0 {
		f.MaxBody = fetch.DefaultMaxBody
	}
	if f.MaxItems == 0 {
		f.MaxItems = parse.MaxItems
	}
	if f.Concurrency == 0 {
		f.Concurrency = DefaultConcurrency
	}
}

func (s *SourceEntry) applyDefaults() {
	if s.Kind == "" {
		s.Kind = feed.KindFeed
	}
	if s.Role == "" {
		s.Role = feed.RolePapers
	}
	if s.Every == 0 {
		s.Every = Duration(DefaultEvery)
	}
}

// baseFromListen guesses the public URL of a local listener.
func baseFromListen(listen string) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return "http://localhost:8080"
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func (r *Ranking) applyDefaults() {
	d := rank.Defaults()
	if r.HalfLife == 0 {
		r.HalfLife = Duration(d.HalfLife)
	}
	fill := func(dst **float64, v float64) {
		if *dst == nil {
			*dst = &v
		}
	}
	fill(&r.Weights.Papers, d.Papers)
	fill(&r.Weights.Mentions, d.Mentions)
	fill(&r.Weights.Upvote, d.Upvote)
	fill(&r.Weights.Point, d.Point)
	fill(&r.Weights.Star, d.Star)
}
