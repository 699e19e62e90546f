package main

import (
	"flag"
	"log/slog"
	"os"
	"runtime"
	"strconv"
	"testing"

	"github.com/paperwire/paperwire/storage/redis/redistest"
)

// TestMain runs a child process of a crash test, or the tests, with the
// Redis server and cluster they share (started as the tests start).
func TestMain(m *testing.M) {
	quietRedis(slog.New(slog.DiscardHandler)) // as main does, before any test runs
	if args := os.Getenv(childEnv); args != "" {
		os.Exit(runChild(args)) // a child process of a crash test
	}
	if os.Getenv(unwritableEnv) != "" {
		os.Exit(m.Run()) // TestUnwritableDataFolder rerun as another user: no Redis
	}
	parallelByDefault(waitingTests)
	os.Exit(redistest.Main(m, redistest.PrestartCluster()))
}

// waitingTests is how many parallel tests run at once unless -parallel
// says otherwise. The end-to-end tests here mostly wait — on servers,
// child processes, the go command and live sources that answer again
// after a second — rather than compute: the default, GOMAXPROCS, leaves
// a 2-core machine idle while they wait.
const waitingTests = 8

// parallelByDefault runs up to n parallel tests at once (at least
// GOMAXPROCS) unless the command line sets -test.parallel.
func parallelByDefault(n int) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given {
		flag.Set("test.parallel", strconv.Itoa(max(n, runtime.GOMAXPROCS(0))))
	}
}
