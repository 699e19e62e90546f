package main

import (
	"log/slog"
	"os"
	"testing"

	"github.com/paperwire/paperwire/storage/redis/redistest"
)

// TestMain runs a child process of a crash test, or the tests, with the
// Redis server and cluster they share (started as the tests start). Up to
// 8 parallel tests run at once unless -parallel says otherwise: the
// end-to-end tests mostly wait — on servers, child processes, the go
// command and live sources that answer again after a second — rather
// than compute.
func TestMain(m *testing.M) {
	quietRedis(slog.New(slog.DiscardHandler)) // as main does, before any test runs
	if args := os.Getenv(childEnv); args != "" {
		os.Exit(runChild(args)) // a child process of a crash test
	}
	if os.Getenv(unwritableEnv) != "" {
		os.Exit(m.Run()) // TestUnwritableDataFolder rerun as another user: no Redis
	}
	os.Exit(redistest.Main(m, redistest.PrestartCluster(), redistest.Parallel(8)))
}
