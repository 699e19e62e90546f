package main

import "runtime/debug"

// gcPercent is the garbage collector's target (GOGC) unless the
// environment sets one. Parsing allocates about 35 KB per feed item while
// the live heap stays small (a few documents in flight), so Go's default
// of 100 collects some hundred times a second during a fetch round; 200
// halves that and gives ingestion ~10% (BENCHMARKS.md), for a heap that
// peaks at 3× the live one instead of 2×.
const gcPercent = 200

// tuneGC applies gcPercent when GOGC is not set.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}
