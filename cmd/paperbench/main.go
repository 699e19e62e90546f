// Command paperbench is Paperwire's benchmark suite (issue 4): Go
// benchmarks of the hot functions, and end-to-end figures of the real
// binary against a loopback feed farm, wrk, a minimal net/http handler,
// nginx and throwaway Redis servers. It rewrites BENCHMARKS.md.
//
//	go run ./cmd/paperbench            # the full suite (about 20 minutes)
//	go run ./cmd/paperbench -quick     # smaller sizes, 3 rounds (about 7 minutes)
//
// It installs nothing: without wrk, nginx or redis-server it says how to
// install them and skips those figures loudly.
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
	"strings"
	"syscall"
	"time"

	"github.com/paperwire/paperwire/feed/feedtest"
	"github.com/paperwire/paperwire/storage/redis/redisproc"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == minimalMode {
		if err := runMinimal(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "paperbench minimal handler:", err)
			os.Exit(1)
		}
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "paperbench:", err)
		os.Exit(1)
	}
}

// sizes are the dimensions of one run.
type sizes struct {
	ingestSources, ingestItems int // target 1
	idleSources                int // target 2, the 304 round
	serveSeconds               int // wrk duration per measurement
	memoryPapers, memoryTopics int // target 5
	freshSources               int // target 6
	corpusObservations         int // issue 3: 100k
	yearDays                   int // issue 3: Redis memory of a synthetic year
}

func fullSizes() sizes {
	return sizes{ingestSources: 1000, ingestItems: 50, idleSources: 10000, serveSeconds: 8,
		memoryPapers: 100000, memoryTopics: 20, freshSources: 4, corpusObservations: 100000, yearDays: 365}
}

func quickSizes() sizes {
	return sizes{ingestSources: 1000, ingestItems: 50, idleSources: 10000, serveSeconds: 2,
		memoryPapers: 100000, memoryTopics: 20, freshSources: 2, corpusObservations: 20000, yearDays: 365}
}

// bench is one run of the suite.
type bench struct {
	ctx         context.Context
	dir         string
	log         *slog.Logger
	out         io.Writer
	bin         *binary
	farm        *farm
	gen         *feedtest.Generator
	redis       *redisproc.Server  // nil when redis-server is missing
	cluster     *redisproc.Cluster // nil when redis-server is missing
	sizes       sizes
	rounds      int
	concurrency int
	quick       bool
}

// partNames are the parts of the suite, in the order they run.
func partNames() []string {
	return []string{"gobench", "ingest", "idle", "serve", "render", "memory", "fresh", "redis", "year", "search"}
}

func run(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("paperbench", flag.ContinueOnError)
	quick := fs.Bool("quick", false, "smaller sizes and 3 rounds (about 7 minutes)")
	rounds := fs.Int("rounds", 0, "interleaved rounds per figure (default 5, quick 3)")
	out := fs.String("out", "BENCHMARKS.md", "report to rewrite")
	only := fs.String("only", "", "comma-separated parts to run: "+strings.Join(partNames(), ","))
	conc := fs.Int("concurrency", 8, "fetch.concurrency of the fetch rounds")
	keep := fs.Bool("keep", false, "keep the work folder")
	binPath := fs.String("bin", "", "use this paperwire binary instead of building ./cmd/paperwire")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if _, err := os.Stat("go.mod"); err != nil {
		return errors.New("run from the repository root (go run ./cmd/paperbench)")
	}
	b, cleanup, err := setup(ctx, stderr, options{quick: *quick, rounds: *rounds, concurrency: *conc, bin: *binPath})
	if err != nil {
		return err
	}
	if !*keep {
		defer cleanup()
	}
	rep := &report{command: command(args), machine: describeMachine(), started: time.Now(), rounds: b.rounds}
	for _, name := range selected(*only) {
		rep.sections = append(rep.sections, b.part(name)...)
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	rep.took = time.Since(rep.started)
	return writeReport(*out, rep)
}

// command is how this run was started, for the report.
func command(args []string) string {
	return strings.TrimSpace("go run ./cmd/paperbench " + strings.Join(args, " "))
}

func selected(only string) []string {
	if only == "" {
		return partNames()
	}
	return strings.Split(only, ",")
}

func writeReport(path string, rep *report) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	rep.write(f)
	if err := f.Close(); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	fmt.Fprintf(os.Stderr, "paperbench: wrote %s\n", path)
	return nil
}

func (b *bench) progress(format string, args ...any) {
	b.log.Info(fmt.Sprintf(format, args...))
}
