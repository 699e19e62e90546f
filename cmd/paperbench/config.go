package main

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/paperwire/paperwire/config"
	"github.com/paperwire/paperwire/feed"
)

// baseConfig is a config for loopback benchmarks: no per-host spacing,
// the given fetch concurrency, the built-in topics unless told otherwise.
// A field left zero takes its default when paperwire loads the file.
func baseConfig(dir, listen string, concurrency int) *config.Config {
	zero := config.Duration(0)
	c := &config.Config{Listen: listen, Topics: config.DefaultTopics()}
	c.Storage.Path = filepath.Join(dir, "paperwire.db")
	c.Fetch.HostInterval = &zero
	c.Fetch.Concurrency = concurrency
	c.Fetch.Timeout = config.Duration(60 * time.Second)
	off := false
	c.Signals.GitHub.Enabled = &off // benchmarks never reach GitHub
	return c
}

// writeConfig writes c as a paperwire config file holding the keys c
// sets: a key whose value is what a zero Config (or a zero source or
// topic) would write is left out, so paperwire gives it its default, as
// for any file. (Written out, a zero would stay a zero.)
func writeConfig(path string, c *config.Config) error {
	var doc, zero yaml.Node
	if err := doc.Encode(c); err != nil {
		return fmt.Errorf("encode config: %w", err)
	}
	if err := zero.Encode(&config.Config{}); err != nil {
		return fmt.Errorf("encode config: %w", err)
	}
	lists := map[string]*yaml.Node{"sources": encodeZero(config.SourceEntry{}), "topics": encodeZero(config.TopicEntry{})}
	keepSet(&doc, &zero, lists)
	raw, err := yaml.Marshal(&doc)
	if err != nil {
		return fmt.Errorf("encode config: %w", err)
	}
	if err := os.WriteFile(path, raw, 0o640); err != nil {
		return fmt.Errorf("write config: %w", err)
	}
	return nil
}

// keepSet removes from the mapping n every key whose value is the one in
// zero, in nested mappings too and in the entries of the lists named in
// lists (compared with the zero entry given).
func keepSet(n, zero *yaml.Node, lists map[string]*yaml.Node) {
	var kept []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := n.Content[i], n.Content[i+1]
		z := valueAt(zero, key.Value)
		switch {
		case z != nil && sameNode(value, z):
			continue
		case value.Kind == yaml.MappingNode && z != nil:
			keepSet(value, z, nil)
		case value.Kind == yaml.SequenceNode && lists[key.Value] != nil:
			for _, e := range value.Content {
				keepSet(e, lists[key.Value], nil)
			}
		}
		kept = append(kept, key, value)
	}
	n.Content = kept
}

func valueAt(m *yaml.Node, key string) *yaml.Node {
	for i := 0; m != nil && i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func sameNode(a, b *yaml.Node) bool {
	if a.Kind != b.Kind || a.Tag != b.Tag || a.Value != b.Value || len(a.Content) != len(b.Content) {
		return false
	}
	for i := range a.Content {
		if !sameNode(a.Content[i], b.Content[i]) {
			return false
		}
	}
	return true
}

func encodeZero(v any) *yaml.Node {
	var n yaml.Node
	if err := n.Encode(v); err != nil {
		panic(fmt.Sprintf("encode zero %s: %v", reflect.TypeOf(v), err))
	}
	return &n
}

// defaultFeedTopics are the built-in topics as the pipeline sees them:
// those of the configuration an empty file means.
func defaultFeedTopics() []feed.Topic {
	c, err := config.Load("", func(string) string { return "" })
	if err != nil {
		panic(err) // the built-in configuration is valid: config's tests say so
	}
	return c.FeedTopics
}
