package main

import (
	"log/slog"
	"os"
	"testing"

	"github.com/paperwire/paperwire/storage/redis/redistest"
)

// TestMain runs a child process of a crash test, or the tests, with the
// Redis server and cluster they share (started as the tests start).
//
// Up to 8 parallel tests run at once unless -parallel says otherwise: the
// end-to-end tests mostly wait — on servers, child processes, the go
// command and live sources that answer again after a second — rather
// than compute. Under the race detector they compute several times more,
// and run GOMAXPROCS at a time (the default), so that what a test times (a
// WebSub delivery within a second of the change) measures the service,
// not a machine running eight tests at once.
func TestMain(m *testing.M) {
	quietRedis(slog.New(slog.DiscardHandler)) // as main does, before any test runs
	if args := os.Getenv(childEnv); args != "" {
		os.Exit(runChild(args)) // a child process of a crash test
	}
	if os.Getenv(unwritableEnv) != "" {
		os.Exit(m.Run()) // TestUnwritableDataFolder rerun as another user: no Redis
	}
	opts := []redistest.Option{redistest.PrestartCluster()}
	if !raceDetector {
		opts = append(opts, redistest.Parallel(8))
	}
	os.Exit(redistest.Main(m, opts...))
}
