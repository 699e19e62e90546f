package main

import (
	"log/slog"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	quietRedis(slog.New(slog.DiscardHandler)) // as main does, before any test runs
	if args := os.Getenv(childEnv); args != "" {
		os.Exit(runChild(args)) // a child process of a crash test
	}
	os.Exit(m.Run())
}
