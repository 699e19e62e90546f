package main

import (
	"fmt"
	"runtime/debug"

	"github.com/paperwire/paperwire/feed/serve"
)

// buildOf names a binary from its build info: the module version (a
// release tag, or the pseudo-version the go command derives from the
// VCS) and the VCS revision, "+modified" when the tree was dirty.
func buildOf(bi *debug.BuildInfo, ok bool) serve.Build {
	b := serve.Build{Version: "(devel)", Revision: "unknown"}
	if !ok || bi == nil {
		return b
	}
	if v := bi.Main.Version; v != "" {
		b.Version = v
	}
	modified := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if modified && b.Revision != "unknown" {
		b.Revision += "+modified"
	}
	return b
}

// build names this binary.
func build() serve.Build { return buildOf(debug.ReadBuildInfo()) }

// versionLine is what `paperwire version` prints.
func versionLine(b serve.Build) string {
	return fmt.Sprintf("paperwire %s (revision %s)", b.Version, b.Revision)
}

// userAgent is the fetcher's User-Agent: a product token without spaces
// or parentheses, then where the service lives.
func userAgent(b serve.Build, baseURL string) string {
	v := b.Version
	if v == "(devel)" {
		v = "devel"
		if b.Revision != "unknown" {
			v += "-" + b.Revision[:min(12, len(b.Revision))]
		}
	}
	return fmt.Sprintf("Paperwire/%s (+%s)", v, baseURL)
}
