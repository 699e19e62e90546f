package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"
)

// errHelpShown means a command printed its help as asked: success.
var errHelpShown = errors.New("help shown")

// command is one subcommand's synopsis, for the overview and its help.
type command struct {
	names    []string
	synopsis string // after "paperwire NAME"
	summary  string
	nargs    int // positional arguments after the flags
}

var commands = []command{
	{[]string{"serve"}, "[--config FILE]", "poll sources on schedule and serve HTTP", 0},
	{[]string{"fetch"}, "[--config FILE] [--force]", "poll every source once, print a summary", 0},
	{[]string{"check"}, "[--config FILE]", "validate the config and print what it resolves to", 0},
	{[]string{"pin", "unpin", "ban", "unban"}, "[--config FILE] TOPIC KEY",
		"curate a topic (KEY: arxiv:2403.15929, doi:…, or a URL)", 2},
	{[]string{"healthcheck"}, "[--config FILE] [--ready]", "exit 0 when the local server answers /healthz (--ready: /readyz)", 0},
	{[]string{"version"}, "", "print the version", 0},
}

func findCommand(name string) (command, bool) {
	i := slices.IndexFunc(commands, func(c command) bool { return slices.Contains(c.names, name) })
	if i < 0 {
		return command{}, false
	}
	return commands[i], true
}

func commandNames() []string {
	var out []string
	for _, c := range commands {
		out = append(out, c.names...)
	}
	return out
}

func usage() string {
	var b strings.Builder
	b.WriteString("paperwire turns research-paper sources into trending topic feeds.\n\nUsage:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %s\n      %s\n", strings.TrimSpace("paperwire "+strings.Join(c.names, "|")+" "+c.synopsis), c.summary)
	}
	b.WriteString(`  paperwire help COMMAND
      that command's help

With flags and no command (paperwire --config FILE), paperwire serves.
The config file may also be given by PAPERWIRE_CONFIG; without one, built-in
sources and topics are used with the embedded store. PAPERWIRE_LISTEN,
PAPERWIRE_BASE_URL, PAPERWIRE_STORAGE_PATH, PAPERWIRE_REDIS_URL and
PAPERWIRE_STORAGE_PREFIX set those keys and win over the file.
`)
	return b.String()
}

// flags parses a command's flags (--config defaults to PAPERWIRE_CONFIG)
// and checks its arguments: a misplaced flag or a stray argument gets a
// reason, --help prints the command's help and succeeds.
func (e *env) flags(name string, args []string, extra func(fs *flag.FlagSet)) (*flag.FlagSet, *string, error) {
	cmd, _ := findCommand(name)
	fs := flag.NewFlagSet("paperwire "+name, flag.ContinueOnError)
	fs.SetOutput(new(bytes.Buffer)) // errors are returned, help goes to stdout
	cfg := fs.String("config", e.getenv("PAPERWIRE_CONFIG"), "config file (default: $PAPERWIRE_CONFIG, else built-in sources and topics)")
	if extra != nil {
		extra(fs)
	}
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		e.commandHelp(name, cmd, fs)
		return nil, nil, errHelpShown
	case err != nil:
		return nil, nil, fmt.Errorf("%s: %w (see paperwire help %s)", name, err, name)
	}
	if err := checkArgs(name, cmd, fs.Args()); err != nil {
		return nil, nil, err
	}
	return fs, cfg, nil
}

func (e *env) commandHelp(name string, cmd command, fs *flag.FlagSet) {
	fmt.Fprintf(e.stdout, "Usage: %s\n\n%s.\n\nFlags:\n", strings.TrimSpace("paperwire "+name+" "+cmd.synopsis), upperFirst(cmd.summary))
	fs.SetOutput(e.stdout)
	fs.PrintDefaults()
}

// checkArgs explains positional arguments a command does not take.
func checkArgs(name string, cmd command, args []string) error {
	if len(args) == cmd.nargs {
		return nil
	}
	usage := fmt.Sprintf("usage: paperwire %s %s", name, cmd.synopsis)
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			return fmt.Errorf("%s: flag %s comes after an argument; flags go first (%s)", name, a, usage)
		}
	}
	if len(args) > cmd.nargs {
		stray := args[cmd.nargs]
		if _, ok := findCommand(stray); ok {
			return fmt.Errorf("%s: unexpected argument %q: the command comes first, then its flags (paperwire %s --config FILE)", name, stray, stray)
		}
		return fmt.Errorf("%s: unexpected argument %q (%s)", name, stray, usage)
	}
	return fmt.Errorf("%s: want %d arguments, got %d (%s)", name, cmd.nargs, len(args), usage)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
