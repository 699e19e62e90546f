package main

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/paperwire/paperwire/config"
	"github.com/paperwire/paperwire/storage"
)

// check validates the config and prints what it resolves to.
func (e *env) check(args []string) error {
	_, cfgPath, err := e.flags("check", args, nil)
	if err != nil {
		return err
	}
	cfg, err := config.Load(*cfgPath, e.getenv)
	if err != nil {
		return err
	}
	for _, w := range cfg.Warnings {
		fmt.Fprintln(e.stderr, "warning: "+w)
	}
	shown := *cfg
	shown.Storage.Redis = config.RedactURL(cfg.Storage.Redis)
	if cfg.Storage.Redis == "" {
		shown.Storage.Redis = ""
	}
	out, err := yaml.Marshal(&shown)
	if err != nil {
		return fmt.Errorf("print config: %w", err)
	}
	src := cfg.File
	if src == "" {
		src = "built-in defaults"
	}
	fmt.Fprintf(e.stdout, "# config: %s — valid\n# %d sources, %d topics, store: %s\n", src, len(cfg.Sources), len(cfg.Topics),
		storage.Describe(storeOptions(cfg, nil), config.RedactURL))
	if len(cfg.FromEnv) > 0 {
		fmt.Fprintf(e.stdout, "# set by the environment, over the file: %s\n", strings.Join(cfg.FromEnv, ", "))
	}
	fmt.Fprintf(e.stdout, "%s", out)
	return nil
}
