package main

import (
	"bufio"
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// load is one wrk measurement.
type load struct {
	rps    float64
	p99    time.Duration
	non2xx int
}

// runWrk loads url for seconds with conns connections on two threads;
// header lines are "Name: value".
func runWrk(ctx context.Context, url string, seconds, conns int, headers ...string) (load, error) {
	args := []string{"-t2", fmt.Sprintf("-c%d", conns), fmt.Sprintf("-d%ds", seconds), "--latency"}
	for _, h := range headers {
		args = append(args, "-H", h)
	}
	out, err := exec.CommandContext(ctx, "wrk", append(args, url)...).CombinedOutput()
	if err != nil {
		return load{}, fmt.Errorf("wrk %s: %w\n%s", url, err, out)
	}
	return parseWrk(string(out))
}

// parseWrk reads Requests/sec, the 99% latency and non-2xx answers.
func parseWrk(out string) (load, error) {
	var l load
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 2 && f[0] == "Requests/sec:":
			l.rps, _ = strconv.ParseFloat(f[1], 64)
		case len(f) == 2 && f[0] == "99%":
			l.p99, _ = parseWrkDuration(f[1])
		case len(f) >= 4 && f[0] == "Non-2xx":
			l.non2xx, _ = strconv.Atoi(f[len(f)-1])
		}
	}
	if l.rps == 0 {
		return l, fmt.Errorf("wrk printed no Requests/sec:\n%s", out)
	}
	return l, nil
}

// parseWrkDuration reads wrk's "1.23ms", "850.00us", "2.01s".
func parseWrkDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.Replace(s, "us", "µs", 1))
	if err != nil {
		return 0, fmt.Errorf("wrk latency %q: %w", s, err)
	}
	return d, nil
}
