package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// A file with five mistakes of every sort (bad duration, unknown key,
// wrong type, bad size, bad value) reports five problems, each with its
// line, in one round.
func TestFiveMistakesFiveProblems(t *testing.T) {
	_, err := Load(write(t, `listen: ":8080"
fetch:
  timeout: fast
  max_body: lots
  concurrency: [4]
publish:
  tittle: Papers
sources:
  - {name: ok, url: "https://example.org/feed", every: 10s}
`), noenv)
	if err == nil {
		t.Fatal("five mistakes accepted")
	}
	want := []string{
		`fetch.timeout: want a duration like 30s, 15m, 1h or 60d, got "fast" (line 3)`,
		`fetch.max_body: want a size like 512KiB or 16MiB, got "lots" (line 4)`,
		`fetch.concurrency: want a whole number, got a list (line 5)`,
		`publish.tittle: unknown key (known here: title, ttl, hub, digest, websub) (line 7)`,
		`source "ok": every: want a minute or more, got 10s (line 9)`,
	}
	lines := strings.Split(err.Error(), "\n")[1:]
	if len(lines) != len(want) {
		t.Fatalf("want %d problems, got %d:\n%v", len(want), len(lines), err)
	}
	for i, w := range want {
		if strings.TrimSpace(lines[i]) != w {
			t.Errorf("problem %d:\n got %s\nwant %s", i+1, strings.TrimSpace(lines[i]), w)
		}
	}
}

// Errors say which key wants what, in the user's words, never YAML's.
func TestErrorsSayWhatKeyWants(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"fetch: 5\n", `fetch: want keys (timeout, host_interval, max_body, max_items, concurrency), got "5" (line 1)`},
		{"sources: {name: x}\n", "sources: want a list, got keys (line 1)"},
		{"topics:\n  - slug: a\n    keywords: detector\n", `topics[0].keywords: want a list, got "detector" (line 3)`},
		{"ranking: {weights: {star: lots}}\n", `ranking.weights.star: want a number, got "lots" (line 1)`},
		{"topics:\n  - {slug: a, limit: \"10\"}\n", `topics[0].limit: want a whole number, got "10" (line 2)`},
		{"- a\n- b\n", "the file: want keys (listen, base_url, storage, fetch, ranking, publish, sources, topics"},
		{"listen: a\nlisten: b\n", "listen: given twice (first on line 1) (line 2)"},
		{"fetch: {timeout: }\n", "fetch.timeout: want a duration like 30s, 15m, 1h or 60d, got nothing (line 1)"},
		{"listen: [\n", "not valid YAML: line 1: did not find expected node content"},
	} {
		_, err := Load(write(t, tc.yaml), noenv)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant %s", tc.yaml, err, tc.want)
			continue
		}
		if strings.Contains(err.Error(), "!!") || strings.Contains(err.Error(), "unmarshal") {
			t.Errorf("%q: YAML jargon in %v", tc.yaml, err)
		}
	}
}

// Absent means the built-ins; an explicit empty list means none, with a
// warning; an empty file means every default.
func TestEmptyMeansEmpty(t *testing.T) {
	for _, empty := range []string{"", "# only a comment\n", "fetch:\n"} {
		c, err := Load(write(t, empty), noenv)
		if err != nil {
			t.Fatalf("%q: %v", empty, err)
		}
		c.File = ""
		if !reflect.DeepEqual(c, defaults()) || len(c.Warnings) != 0 {
			t.Errorf("%q is not the defaults: %+v", empty, c)
		}
	}
	for _, none := range []string{"sources: []\n", "sources:\n", "listen: ':8080'\nsources: # none\n"} {
		c, err := Load(write(t, none), noenv)
		if err != nil || c.Sources == nil || len(c.Sources) != 0 || len(c.Topics) != len(DefaultTopics()) {
			t.Fatalf("%q: %v %+v", none, err, c)
		}
		if len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0], "sources: the list is empty (line") ||
			!strings.Contains(c.Warnings[0], "nothing will be polled") {
			t.Errorf("%q: warnings %q", none, c.Warnings)
		}
	}
	c, err := Load(write(t, "topics: []\n"), noenv)
	if err != nil || len(c.Topics) != 0 || len(c.Sources) != len(DefaultSources()) || len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0], "no feed will be served") {
		t.Errorf("topics: []: %v %+v", err, c)
	}
}

// Keep forever is expressible; every other zero is an error that names
// its key (or documented: host_interval 0 and a weight 0 mean what they say).
func TestZeroMustBeExpressible(t *testing.T) {
	c, err := Load(write(t, "storage: {retention: forever}\n"), noenv)
	if err != nil || c.Storage.Retention != Forever {
		t.Fatalf("retention forever: %v, %v", c.Storage.Retention, err)
	}
	if cutoff := time.Now().Add(-c.Storage.Retention.D()); cutoff.Year() > 1800 {
		t.Errorf("forever prunes papers older than %v", cutoff)
	}
	for _, tc := range []struct{ yaml, want string }{
		{"storage: {retention: 0}\n", `storage.retention: want a duration of a day or more like 60d, or forever (keep every paper), got "0"`},
		{"storage: {retention: 12h}\n", "storage.retention: want a duration of a day or more"},
		{"fetch: {timeout: 0s}\n", "fetch.timeout: want more than 0 and at most 10m, got 0s"},
		{"fetch: {max_body: 0}\n", "fetch.max_body: want 1KiB to 1GiB, got 0 bytes"},
		{"fetch: {max_items: 0}\n", "fetch.max_items: want 1 or more, got 0"},
		{"fetch: {concurrency: 0}\n", "fetch.concurrency: want 1 to 64, got 0"},
		{"ranking: {half_life: 0s}\n", "ranking.half_life: want a minute or more, got 0s"},
		{"publish: {ttl: 0s}\n", "publish.ttl: want a minute or more, got 0s"},
		{"sources: [{name: a, url: 'https://a.example/', every: 0s}]\n", `source "a": every: want a minute or more, got 0s`},
		{"sources: [{name: a, url: 'https://a.example/', weight: 0}]\n", `source "a": weight: want more than 0 (omit it for the role's weight), got 0`},
		{"topics: [{slug: a, limit: 0}]\n", `topic "a": limit: want 1 to 500, got 0`},
		{"storage: {path: ''}\n", "storage.path: want the embedded store's file"},
	} {
		if _, err := Load(write(t, tc.yaml), noenv); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant %s", tc.yaml, err, tc.want)
		}
	}
	c, err = Load(write(t, "fetch: {host_interval: 0s}\nranking: {weights: {star: 0}}\n"), noenv)
	if err != nil || c.Fetch.HostInterval.D() != 0 || *c.Ranking.Weights.Star != 0 {
		t.Errorf("documented zeros: %v", err)
	}
}

// Every key a container needs comes from the environment, which wins over
// the file; a bad value names its variable.
func TestEnvironmentWinsOverTheFile(t *testing.T) {
	env := map[string]string{
		"PAPERWIRE_LISTEN":         "0.0.0.0:9090",
		"PAPERWIRE_BASE_URL":       "https://papers.example.org/",
		"PAPERWIRE_STORAGE_PATH":   "/data/pw.db",
		"PAPERWIRE_REDIS_URL":      "redis://cache:6379/1",
		"PAPERWIRE_STORAGE_PREFIX": "pw:",
	}
	file := write(t, "listen: ':8080'\nbase_url: http://localhost:8080\nstorage: {path: x.db, prefix: 'a:'}\n")
	c, err := Load(file, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != "0.0.0.0:9090" || c.BaseURL != "https://papers.example.org" || c.Storage.Path != "/data/pw.db" ||
		c.Storage.Redis != "redis://cache:6379/1" || c.Storage.Prefix != "pw:" {
		t.Errorf("env did not win: %+v", c)
	}
	if c, err := Load("", func(k string) string { return map[string]string{"PAPERWIRE_LISTEN": ":7000"}[k] }); err != nil || c.BaseURL != "http://localhost:7000" {
		t.Errorf("base_url is not derived from PAPERWIRE_LISTEN: %v %v", c, err)
	}
	_, err = Load(file, func(k string) string {
		return map[string]string{"PAPERWIRE_LISTEN": "nowhere", "PAPERWIRE_BASE_URL": "papers"}[k]
	})
	for _, want := range []string{`listen: want host:port like :8080 or 127.0.0.1:8080, got "nowhere" (from PAPERWIRE_LISTEN)`,
		`base_url: want an absolute http(s) URL like https://papers.example.org, got "papers" (from PAPERWIRE_BASE_URL)`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v\nwant %s", err, want)
		}
	}
}

// The README documents every variable in one table.
func TestREADMEListsTheEnvironment(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range append(EnvVars(), EnvVar{Name: "PAPERWIRE_CONFIG"}, EnvVar{Name: "PAPERWIRE_GITHUB_TOKEN"}) {
		row := "| `" + v.Name + "` |"
		if !strings.Contains(string(raw), row) {
			t.Errorf("README has no table row %s", row)
		}
		if v.Key != "" && !strings.Contains(string(raw), row+" `"+v.Key+"`") {
			t.Errorf("README's row of %s does not name the key %s", v.Name, v.Key)
		}
	}
}

// YAML anchors and merge keys work; a key of the entry wins over a merged one.
func TestMergeKeys(t *testing.T) {
	c, err := Load(write(t, `sources:
  - &mention {name: hn, url: "https://hn.example/rss", role: mentions, every: 30m}
  - <<: *mention
    name: lobsters
    url: "https://lobste.rs/rss"
    every: 2h
`), noenv)
	if err != nil {
		t.Fatal(err)
	}
	if s := c.Sources[1]; s.Name != "lobsters" || s.Role != "mentions" || s.Every.D() != 2*time.Hour || s.URL != "https://lobste.rs/rss" {
		t.Errorf("merged source: %+v", s)
	}
	_, err = Load(write(t, "sources:\n  - &s {name: a, url: 'https://a.example/', evry: 1h}\n  - {<<: *s, name: b}\n"), noenv)
	if err == nil || !strings.Contains(err.Error(), "sources[0].evry: unknown key") {
		t.Errorf("an unknown key in an anchor: %v", err)
	}
}
