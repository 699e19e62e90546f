package main

import (
	"testing"
	"time"
)

func TestParseWrk(t *testing.T) {
	out := `Running 2s test @ http://127.0.0.1:1/all.rss
  2 threads and 64 connections
  Latency Distribution
     50%    1.20ms
     75%    2.01ms
     90%    4.00ms
     99%  850.00us
  72000 requests in 2.00s, 2.1GB read
  Non-2xx or 3xx responses: 72000
Requests/sec:  36000.50
Transfer/sec:      1.05GB
`
	l, err := parseWrk(out)
	if err != nil {
		t.Fatal(err)
	}
	if l.rps != 36000.50 || l.p99 != 850*time.Microsecond || l.non2xx != 72000 {
		t.Errorf("parseWrk = %+v", l)
	}
	if _, err := parseWrk("no numbers"); err == nil {
		t.Error("parseWrk accepted an output without Requests/sec")
	}
}

func TestParseTotals(t *testing.T) {
	out := "SOURCE  STATUS  ITEMS  NEW  MERGED  UNCHANGED  IGNORED  TIME\n s00000  fetched  50  50  0  0  0  3ms\n total  100  90  5  5  0  9ms\n"
	got, err := parseTotals(out)
	if err != nil || got != (totals{items: 100, new: 90, merged: 5, unchanged: 5}) {
		t.Errorf("parseTotals = %+v, %v", got, err)
	}
}

func TestParseBenchLine(t *testing.T) {
	name, ns, ok := parseBenchLine("BenchmarkFeed/rss-2   	     801	   1623386 ns/op	  80.36 MB/s")
	if !ok || name != "Feed/rss" || ns != 1623386 {
		t.Errorf("parseBenchLine = %q %v %v", name, ns, ok)
	}
	if _, _, ok := parseBenchLine("PASS"); ok {
		t.Error("parseBenchLine accepted PASS")
	}
}

func TestMedianAndRatio(t *testing.T) {
	base := &figure{samples: series{10, 30, 20}}
	f := &figure{samples: series{4, 1, 3, 2}, base: base, pass: ratioAtLeast(0.1)}
	if base.value() != 20 || f.value() != 2.5 || f.ratioValue() != 0.125 || f.result() != "PASS" {
		t.Errorf("median %v, %v, ratio %v, result %s", base.value(), f.value(), f.ratioValue(), f.result())
	}
}
