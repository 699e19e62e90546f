// Command paperwire polls research-paper sources and serves curated,
// trending topic feeds (RSS, Atom, JSON Feed). See README.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	tuneGC(os.Getenv)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	quietRedis(slog.New(slog.NewTextHandler(os.Stderr, nil)))
	err := run(ctx, os.Args, os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "paperwire:", err)
		}
		os.Exit(1)
	}
}

// errUsage means the usage was already printed.
var errUsage = errors.New("usage")

const usage = `paperwire turns research-paper sources into trending topic feeds.

Usage:
  paperwire serve  [--config FILE]            poll sources on schedule and serve HTTP
  paperwire fetch  [--config FILE] [--force]  poll every source once, print a summary
  paperwire check  [--config FILE]            validate the config and print what it resolves to
  paperwire pin|unpin|ban|unban [--config FILE] TOPIC KEY
                                              curate a topic (KEY: arxiv:2403.15929, doi:…, or a URL)
  paperwire healthcheck [--config FILE]      exit 0 when the local server answers /healthz
  paperwire version

The config file may also be given by PAPERWIRE_CONFIG; without one, built-in
sources and topics are used with the embedded store. PAPERWIRE_REDIS_URL
selects Redis (redis://host:6379/0, rediss://…, or a cluster as
redis://h1:7000?addr=h2:7001&addr=h3:7002).
`

// run is the whole program, with its environment passed in.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) < 2 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	env := &env{getenv: getenv, stdout: stdout, stderr: stderr}
	cmd, rest := args[1], args[2:]
	switch cmd {
	case "serve":
		return env.serve(ctx, rest)
	case "fetch":
		return env.fetch(ctx, rest)
	case "check":
		return env.check(rest)
	case "pin", "unpin", "ban", "unban":
		return env.curate(ctx, cmd, rest)
	case "healthcheck":
		return env.healthcheck(ctx, rest)
	case "version", "--version":
		fmt.Fprintln(stdout, versionLine(build()))
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprintf(stderr, "paperwire: unknown command %q\n\n%s", cmd, usage)
	return errUsage
}

// env is what every command gets from the outside world.
type env struct {
	getenv         func(string) string
	stdout, stderr io.Writer
}

// flags parses a command's flags; --config defaults to PAPERWIRE_CONFIG.
func (e *env) flags(name string, args []string, extra func(fs *flag.FlagSet)) (*flag.FlagSet, *string, error) {
	fs := flag.NewFlagSet("paperwire "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	cfg := fs.String("config", e.getenv("PAPERWIRE_CONFIG"), "config file (default: built-in sources and topics)")
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, errUsage
	}
	return fs, cfg, nil
}
