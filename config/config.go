// Package config loads, defaults and validates Paperwire's configuration
// (ARCHITECTURE.md §D8). With no file at all, Load gives the built-in
// sources and topics with the embedded store.
package config

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/rank"
)

// Config is the whole configuration.
type Config struct {
	Listen  string        `yaml:"listen"`
	BaseURL string        `yaml:"base_url"`
	Storage Storage       `yaml:"storage"`
	Fetch   Fetch         `yaml:"fetch"`
	Ranking Ranking       `yaml:"ranking"`
	Publish Publish       `yaml:"publish"`
	Sources []SourceEntry `yaml:"sources"`
	Topics  []TopicEntry  `yaml:"topics"`
	Signals Signals       `yaml:"signals"`
	File    string        `yaml:"-"` // where it was loaded from ("" for built-in)
	// Warnings are legal but probably unintended settings (an empty list
	// of sources); `check` prints them and `serve` logs them.
	Warnings []string `yaml:"-"`
	// FromEnv names the keys the environment set ("listen from PAPERWIRE_LISTEN").
	FromEnv []string `yaml:"-"`

	// The configuration as the pipeline sees it: domain values converted
	// once, by Load, from the entries above.
	FeedSources []feed.Source `yaml:"-"`
	FeedTopics  []feed.Topic  `yaml:"-"`
	RankParams  rank.Params   `yaml:"-"`
}

// Signals are the engagement signals Paperwire reads itself.
type Signals struct {
	GitHub GitHubSignal `yaml:"github"`
}

// GitHubSignal is the GitHub star poller (ARCHITECTURE.md §D10).
type GitHubSignal struct {
	Enabled *bool  `yaml:"enabled"` // default true
	API     string `yaml:"api"`
	PerHour int    `yaml:"per_hour"` // requests an hour, every process together
	Token   string `yaml:"-"`        // PAPERWIRE_GITHUB_TOKEN, never printed
}

// On reports whether the GitHub poller runs.
func (g GitHubSignal) On() bool { return g.Enabled == nil || *g.Enabled }

// Storage selects the store: Redis when Redis is set, else the embedded file.
type Storage struct {
	Path      string    `yaml:"path"`
	Redis     string    `yaml:"redis"`
	Prefix    string    `yaml:"prefix"`
	Retention Retention `yaml:"retention"`
}

// Fetch tunes the polite HTTP client.
type Fetch struct {
	Timeout      Duration  `yaml:"timeout"`
	HostInterval *Duration `yaml:"host_interval"` // nil: default; 0 disables spacing (loopback benchmarks)
	MaxBody      ByteSize  `yaml:"max_body"`
	MaxItems     int       `yaml:"max_items"`
	Concurrency  int       `yaml:"concurrency"`
}

// Ranking holds the trending score's knobs.
type Ranking struct {
	HalfLife Duration `yaml:"half_life"`
	Weights  Weights  `yaml:"weights"`
}

// Weights of the events of ARCHITECTURE.md §D5.
type Weights struct {
	Papers   *float64 `yaml:"papers"`
	Mentions *float64 `yaml:"mentions"`
	Upvote   *float64 `yaml:"upvote"`
	Point    *float64 `yaml:"point"`
	Star     *float64 `yaml:"star"`
}

// Publish shapes the served feeds.
type Publish struct {
	Title  string   `yaml:"title"`
	TTL    Duration `yaml:"ttl"` // Cache-Control max-age and RSS <ttl>
	Hub    string   `yaml:"hub"` // an external WebSub hub: advertised as rel="hub" and pinged on changes
	Digest Digest   `yaml:"digest"`
	// WebSub makes Paperwire its own hub at BASE/websub (DESIGN §11).
	WebSub WebSub `yaml:"websub"`
}

// Digest shapes the daily and weekly digest feeds.
type Digest struct {
	Items int `yaml:"items"` // papers per digest item
}

// WebSub configures the built-in hub.
type WebSub struct {
	Enabled bool `yaml:"enabled"`
	// AllowPrivate lets callbacks reach loopback, private and link-local
	// addresses (tests, a hub inside one private network).
	AllowPrivate bool `yaml:"allow_private"`
}

// HubURL is the hub every feed advertises: the built-in one when
// enabled, else the external publish.hub ("" for none).
func (c *Config) HubURL() string {
	if c.Publish.WebSub.Enabled {
		return c.BaseURL + "/websub"
	}
	return c.Publish.Hub
}

// SourceEntry is one configured source.
type SourceEntry struct {
	Name   string    `yaml:"name"`
	URL    string    `yaml:"url"`
	Kind   feed.Kind `yaml:"kind"`
	Role   feed.Role `yaml:"role"`
	Every  Duration  `yaml:"every"`
	Weight float64   `yaml:"weight,omitempty"`
}

// TopicEntry is one configured topic.
type TopicEntry struct {
	Slug       string   `yaml:"slug"`
	Title      string   `yaml:"title"`
	Keywords   []string `yaml:"keywords"`
	Categories []string `yaml:"categories"`
	Exclude    []string `yaml:"exclude"`
	Limit      int      `yaml:"limit"`
}

var nameRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Load reads the file at path (or nothing when path is empty) over the
// built-in defaults, applies the environment (which wins over the file),
// and validates the result, reporting every problem at once, each with
// its line. A key the file does not give keeps its default; an explicit
// empty list of sources or topics means none, with a warning.
func Load(path string, getenv func(string) string) (*Config, error) {
	c := &Config{File: path}
	c.applyDefaults()
	p := newProblems()
	if path != "" {
		if err := c.read(path, p); err != nil {
			return nil, err
		}
	}
	c.applyEnv(getenv, p)
	c.derive()
	c.validate(p)
	if err := p.err(); err != nil {
		return nil, fmt.Errorf("config %s:\n%w", c.describeFile(), err)
	}
	c.warnEmpty(p)
	c.convert()
	return c, nil
}

func (c *Config) describeFile() string {
	if c.File == "" {
		return "(built-in)"
	}
	return c.File
}

// read decodes the file onto c, recording its problems in p. Only a file
// that cannot be read or is not YAML at all stops here.
func (c *Config) read(path string, p *problems) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read config: %w", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return fmt.Errorf("config %s: not valid YAML: %w", path, errors.New(strings.TrimPrefix(err.Error(), "yaml: ")))
	}
	if len(doc.Content) == 0 {
		return nil // an empty file (or only comments): every default
	}
	d := decoder{p: p}
	d.value("", doc.Content[0], reflect.ValueOf(c).Elem())
	return nil
}

// warnEmpty notes the lists the file emptied on purpose.
func (c *Config) warnEmpty(p *problems) {
	if len(c.Sources) == 0 {
		c.Warnings = append(c.Warnings, "sources: the list is empty"+p.where("sources")+
			": nothing will be polled (omit the key for the built-in sources)")
	}
	if len(c.Topics) == 0 {
		c.Warnings = append(c.Warnings, "topics: the list is empty"+p.where("topics")+
			": no feed will be served (omit the key for the built-in topics)")
	}
}

// convert fills the domain values from the entries.
func (c *Config) convert() {
	c.FeedSources, c.FeedTopics, c.RankParams = c.feedSources(), c.feedTopics(), c.rankParams()
}

// rankParams returns the ranking parameters with defaults applied.
func (c *Config) rankParams() rank.Params {
	p := rank.Defaults()
	p.HalfLife = c.Ranking.HalfLife.D()
	w := c.Ranking.Weights
	set := func(dst *float64, v *float64) {
		if v != nil {
			*dst = *v
		}
	}
	set(&p.Papers, w.Papers)
	set(&p.Mentions, w.Mentions)
	set(&p.Upvote, w.Upvote)
	set(&p.Point, w.Point)
	set(&p.Star, w.Star)
	return p
}

// feedSources returns the sources as domain values.
func (c *Config) feedSources() []feed.Source {
	out := make([]feed.Source, len(c.Sources))
	for i, s := range c.Sources {
		out[i] = feed.Source{Name: s.Name, URL: s.URL, Kind: s.Kind, Role: s.Role, Every: s.Every.D(), Weight: s.Weight}
	}
	return out
}

// feedTopics returns the topics as domain values.
func (c *Config) feedTopics() []feed.Topic {
	out := make([]feed.Topic, len(c.Topics))
	for i, t := range c.Topics {
		out[i] = feed.Topic{Slug: t.Slug, Title: t.Title, Keywords: t.Keywords, Categories: t.Categories, Exclude: t.Exclude, Limit: t.Limit}
	}
	return out
}
