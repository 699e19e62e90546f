package main

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// series is the samples of one figure, one per round.
type series []float64

func (s series) median() float64 {
	if len(s) == 0 {
		return math.NaN()
	}
	c := slices.Sorted(slices.Values(s))
	if n := len(c); n%2 == 1 {
		return c[n/2]
	}
	n := len(c)
	return (c[n/2-1] + c[n/2]) / 2
}

func (s series) spread() string {
	if len(s) < 2 {
		return ""
	}
	return fmt.Sprintf("%s–%s", num(slices.Min(s)), num(slices.Max(s)))
}

// rate is n per duration, per second.
func rate(n int, d time.Duration) float64 { return float64(n) / d.Seconds() }

// num formats a figure with three significant digits.
func num(v float64) string {
	switch a := math.Abs(v); {
	case math.IsNaN(v):
		return "–"
	case a >= 1e6:
		return fmt.Sprintf("%.0f", v)
	case a >= 100:
		return fmt.Sprintf("%.0f", v)
	case a >= 10:
		return fmt.Sprintf("%.1f", v)
	case a >= 1:
		return fmt.Sprintf("%.2f", v)
	}
	return fmt.Sprintf("%.3g", v)
}
