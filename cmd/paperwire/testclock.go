//go:build paperwire_testclock

package main

import (
	"fmt"
	"os"
	"time"
)

// clock, in test builds only (go build -tags paperwire_testclock), starts
// the clock of polls and digests at PAPERWIRE_TEST_NOW (RFC 3339) and lets
// it run from there, so that CI can check digest feeds and archives of
// periods closed around its fixtures' dates (papers first seen then: the
// store's digest epoch). Production builds have no such override.
func clock(getenv func(string) string) func() time.Time {
	v := getenv("PAPERWIRE_TEST_NOW")
	if v == "" {
		return time.Now
	}
	start, err := time.Parse(time.RFC3339, v)
	if err != nil {
		fmt.Fprintf(os.Stderr, "PAPERWIRE_TEST_NOW=%q is not RFC 3339: %v\n", v, err)
		os.Exit(2)
	}
	offset := start.Sub(time.Now())
	return func() time.Time { return time.Now().Add(offset) }
}
