//go:build !paperwire_testclock

package main

import "time"

// clock is the wall clock. Builds with the paperwire_testclock tag (CI's
// feedcheck only) read a fixed time from the environment instead.
func clock(func(string) string) func() time.Time { return time.Now }
