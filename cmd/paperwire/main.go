// Command paperwire polls research-paper sources and serves curated,
// trending topic feeds (RSS, Atom, JSON Feed). See README.md.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

func main() {
	tuneGC(os.Getenv)
	ctx, stop := withSignals(context.Background())
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

// withSignals returns a context that ends on the first SIGINT or SIGTERM:
// serve then stops gracefully. The signals get their default action
// back at that point, so a second one stops the process at once.
func withSignals(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, stop := signal.NotifyContext(parent, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	return ctx, stop
}

// errUsage means the usage was already printed.
var errUsage = errors.New("usage")

// run is the whole program, with its environment passed in.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	e := &env{getenv: getenv, stdout: stdout, stderr: stderr, serverArgs: pid1Args}
	return e.run(ctx, args)
}

// run runs the command args names (args[0] is the program).
func (e *env) run(ctx context.Context, args []string) error {
	if len(args) < 2 {
		fmt.Fprint(e.stderr, usage())
		return errUsage
	}
	cmd, rest := args[1], args[2:]
	if strings.HasPrefix(cmd, "-") && !isTopFlag(cmd) {
		// `docker run IMAGE --config FILE`: flags alone mean serve.
		cmd, rest = "serve", args[1:]
	}
	err := e.dispatch(ctx, cmd, rest)
	if errors.Is(err, errHelpShown) {
		return nil
	}
	return err
}

func (e *env) dispatch(ctx context.Context, cmd string, rest []string) error {
	switch cmd {
	case "serve":
		return e.serve(ctx, rest)
	case "fetch":
		return e.fetch(ctx, rest)
	case "check":
		return e.check(rest)
	case "pin", "unpin", "ban", "unban":
		return e.curate(ctx, cmd, rest)
	case "healthcheck":
		return e.healthcheck(ctx, rest)
	case "version", "--version", "-version":
		fmt.Fprintln(e.stdout, versionLine(build()))
		return nil
	case "help", "-h", "-help", "--help":
		return e.help(ctx, rest)
	}
	return fmt.Errorf("unknown command %q (commands: %s; see paperwire help)", cmd, strings.Join(commandNames(), ", "))
}

// isTopFlag reports the flags that are not serve's: help and version.
func isTopFlag(arg string) bool {
	switch arg {
	case "-h", "-help", "--help", "--version", "-version":
		return true
	}
	return false
}

// help prints the overview, or one command's help: `help serve` is
// `serve --help`.
func (e *env) help(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(e.stdout, usage())
		return nil
	}
	if _, ok := findCommand(args[0]); !ok {
		return fmt.Errorf("help: no command %q (commands: %s)", args[0], strings.Join(commandNames(), ", "))
	}
	return e.dispatch(ctx, args[0], []string{"--help"})
}

// env is what every command gets from the outside world.
type env struct {
	getenv         func(string) string
	stdout, stderr io.Writer
	serverArgs     func() []string // the running server's command line, for healthcheck
	// every shortens serve's loop periods; only tests set it (run never
	// does, and no flag, config key or variable reaches it).
	every intervals
}

// intervals are periods of serve's loops. A zero value takes the part's
// default (ingest.DefaultTick, ingest.DefaultRetryEvery,
// serve.DefaultWatchEvery): the tests of this package shorten them to
// drive the loops instead of waiting through seconds.
type intervals struct {
	poll    time.Duration // how often the scheduler looks for due sources
	reindex time.Duration // the reindex's wait while the store is away
	watch   time.Duration // how often the server reads other processes' changes
}
