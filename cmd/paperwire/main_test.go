package main

import (
	"log/slog"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	quietRedis(slog.New(slog.DiscardHandler)) // as main does, before any test runs
	os.Exit(m.Run())
}
