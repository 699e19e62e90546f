package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/paperwire/paperwire/feed"
)

func noenv(string) string { return "" }

func write(t *testing.T, yaml string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "paperwire.yaml")
	if err := os.WriteFile(p, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// With no file at all, the built-in sources and topics and the embedded
// store are used.
func TestBuiltInDefaults(t *testing.T) {
	c, err := Load("", noenv)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Sources) != 6 || len(c.Topics) < 3 || c.Storage.Redis != "" || c.Storage.Path != "data/paperwire.db" {
		t.Errorf("defaults: %d sources, %d topics, redis %q, path %q", len(c.Sources), len(c.Topics), c.Storage.Redis, c.Storage.Path)
	}
	var names []string
	for _, s := range c.FeedSources {
		names = append(names, s.Name)
		if s.Every != time.Hour || s.Role != feed.RolePapers {
			t.Errorf("source %s: every %v role %s", s.Name, s.Every, s.Role)
		}
	}
	if got := strings.Join(names, " "); got != "arxiv-cs-ai arxiv-cs-cl arxiv-cs-cv arxiv-cs-lg hf-daily hf-trending" {
		t.Errorf("built-in sources: %s", got)
	}
	if c.Listen != ":8080" || c.BaseURL != "http://localhost:8080" || c.Fetch.Timeout.D() != 30*time.Second ||
		c.Fetch.HostInterval.D() != time.Second || c.Fetch.MaxBody != 16<<20 || c.RankParams.HalfLife != 48*time.Hour {
		t.Errorf("defaults: %+v", c)
	}
}

// The commented example sets every key to its default: loading it gives
// exactly what no file gives.
func TestExampleListsTheDefaults(t *testing.T) {
	c, err := Load(filepath.Join("..", "examples", "paperwire.yaml"), noenv)
	if err != nil {
		t.Fatal(err)
	}
	c.File = ""
	if want := defaults(); !reflect.DeepEqual(c, want) {
		got, _ := yaml.Marshal(c)
		def, _ := yaml.Marshal(want)
		t.Errorf("examples/paperwire.yaml is not the defaults; it resolves to\n%s\nthe defaults are\n%s", got, def)
	}
	raw, _ := os.ReadFile(filepath.Join("..", "examples", "paperwire.yaml"))
	for _, k := range []string{"listen:", "base_url:", "path:", "redis:", "prefix:", "retention:", "timeout:", "host_interval:",
		"max_body:", "max_items:", "concurrency:", "half_life:", "papers:", "mentions:", "upvote:", "point:", "star:",
		"title:", "ttl:", "hub:", "websub:", "allow_private:", "name:", "url:", "kind:", "role:", "every:", "slug:", "keywords:", "categories:", "limit:",
		"signals:", "github:", "enabled:", "api:", "per_hour:"} {
		if !strings.Contains(string(raw), k) {
			t.Errorf("examples/paperwire.yaml does not show %s", k)
		}
	}
}

func TestUnknownKeysAreNamed(t *testing.T) {
	_, err := Load(write(t, "listen: ':80'\nlisten_addr: x\nfetch:\n  timout: 3s\n"), noenv)
	if err == nil {
		t.Fatal("unknown keys accepted")
	}
	for _, want := range []string{`listen_addr: unknown key (known here: listen, base_url,`, "(line 2)",
		`fetch.timout: unknown key (known here: timeout, host_interval, max_body, max_items, concurrency) (line 4)`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

// Validation reports every problem at once.
func TestAllProblemsAtOnce(t *testing.T) {
	_, err := Load(write(t, `
listen: "nonsense"
base_url: "/relative"
fetch: {timeout: 20m, max_body: 10B, concurrency: 100}
ranking: {half_life: 1s, weights: {upvote: -1}}
sources:
  - {name: "Bad Name", url: "ftp://x", kind: rss, role: fans, every: 5s}
  - {name: ok, url: "https://example.org/feed"}
  - {name: ok, url: "https://example.org/feed2"}
topics:
  - {slug: a, limit: 1000}
  - {slug: a}
  - {slug: "Not A Slug", keywords: ["  "]}
`), noenv)
	if err == nil {
		t.Fatal("invalid config accepted")
	}
	for _, want := range []string{
		`listen: want host:port like :8080 or 127.0.0.1:8080, got "nonsense" (line 2)`, "base_url: want an absolute http(s) URL",
		"fetch.timeout: want more than 0 and at most 10m, got 20m (line 4)", "fetch.max_body", "fetch.concurrency", "ranking.half_life",
		"ranking.weights.upvote", `source "Bad Name": name: want lower-case letters, digits and dashes ([a-z0-9-]+), got "Bad Name" (line 7)`,
		`url: want an absolute http(s) URL, got "ftp://x"`, `kind: want feed or hf-daily, got "rss"`, `role: want papers or mentions, got "fans"`,
		"every: want a minute or more, got 5s", `source "ok": name is used twice (line 9)`, "limit: want 1 to 500, got 1000 (line 11)",
		`topic "a": slug is used twice (line 12)`, `slug: want lower-case letters, digits and dashes ([a-z0-9-]+), got "Not A Slug"`,
		"keywords: empty keyword (line 13)",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

func TestEnvironmentSelectsRedis(t *testing.T) {
	env := func(k string) string {
		if k == "PAPERWIRE_REDIS_URL" {
			return "redis://user:secret@127.0.0.1:6379/2"
		}
		return ""
	}
	c, err := Load("", env)
	if err != nil || c.Storage.Redis != "redis://user:secret@127.0.0.1:6379/2" {
		t.Fatalf("redis from env: %q, %v", c.Storage.Redis, err)
	}
	if r := RedactURL(c.Storage.Redis); strings.Contains(r, "secret") {
		t.Errorf("redacted URL shows the password: %s", r)
	}
	if _, err := Load(write(t, "storage: {redis: 'http://x'}\n"), noenv); err == nil || !strings.Contains(err.Error(), "storage.redis") {
		t.Errorf("bad redis URL: %v", err)
	}
}

// An explicit zero host interval disables spacing (loopback benchmarks);
// an absent one is the default.
func TestZeroHostInterval(t *testing.T) {
	c, err := Load(write(t, "fetch: {host_interval: 0s}\n"), noenv)
	if err != nil || c.Fetch.HostInterval.D() != 0 {
		t.Errorf("host_interval 0s: %v, %v", c.Fetch.HostInterval.D(), err)
	}
}

func TestUnits(t *testing.T) {
	if d, err := ParseDuration("60d"); err != nil || d != 60*24*time.Hour {
		t.Errorf("60d = %v, %v", d, err)
	}
	if n, err := ParseByteSize("16MiB"); err != nil || n != 16<<20 {
		t.Errorf("16MiB = %d, %v", n, err)
	}
	for _, bad := range []string{"fast", "1x", ""} {
		if _, err := ParseDuration(bad); err == nil {
			t.Errorf("ParseDuration(%q) accepted", bad)
		}
	}
	if FormatDuration(30*time.Minute) != "30m" || FormatDuration(48*time.Hour) != "2d" || FormatDuration(90*time.Second) != "1m30s" {
		t.Error("FormatDuration")
	}
}

// signals.github: on by default, 50 requests an hour without a token and
// 4000 with one; the token comes from the environment only.
func TestGitHubSignal(t *testing.T) {
	c, err := Load("", noenv)
	if err != nil {
		t.Fatal(err)
	}
	if g := c.Signals.GitHub; !g.On() || g.API != "https://api.github.com" || g.PerHour != 50 || g.Token != "" {
		t.Errorf("defaults: %+v", g)
	}
	withToken := func(k string) string {
		if k == "PAPERWIRE_GITHUB_TOKEN" {
			return "ghp_secret"
		}
		return ""
	}
	if c, err = Load("", withToken); err != nil || c.Signals.GitHub.PerHour != 4000 || c.Signals.GitHub.Token != "ghp_secret" {
		t.Errorf("with a token: %+v, %v", c.Signals.GitHub, err)
	}
	if out, _ := yaml.Marshal(c); strings.Contains(string(out), "ghp_secret") {
		t.Error("the token is printed with the config")
	}
	c, err = Load(write(t, "signals:\n  github:\n    enabled: false\n    api: http://127.0.0.1:9/\n    per_hour: 10\n"), noenv)
	if err != nil || c.Signals.GitHub.On() || c.Signals.GitHub.API != "http://127.0.0.1:9" || c.Signals.GitHub.PerHour != 10 {
		t.Errorf("from a file: %+v, %v", c.Signals.GitHub, err)
	}
	_, err = Load(write(t, "signals:\n  github:\n    api: api.github.com\n    per_hour: 100\n    tokn: x\n"), noenv)
	for _, want := range []string{"signals.github.api: want an absolute http(s) URL", "signals.github.per_hour: want 1 to 60", "PAPERWIRE_GITHUB_TOKEN", "tokn"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("bad signals config: error %v lacks %q", err, want)
		}
	}
}
