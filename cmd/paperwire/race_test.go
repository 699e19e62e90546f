//go:build race

package main

// raceDetector reports a build with the race detector (go test -race).
const raceDetector = true
