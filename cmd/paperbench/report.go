package main

import (
	_ "embed"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
)

// optimisations is the before/after record of the optimisations made for
// issue 4, with numbers of the runs that measured them. It is copied into
// every BENCHMARKS.md.
//
//go:embed optimisations.md
var optimisations string

// figure is one measured number: the median of its rounds, and its
// ratio to a baseline measured in the same run.
type figure struct {
	name    string
	unit    string
	samples series
	base    *figure                    // nil: no baseline
	ratio   func(v, b float64) float64 // nil: v / b
	target  string                     // "" when the figure has none
	pass    func(v, ratio float64) bool
	note    string
}

func (f *figure) add(v float64) { f.samples = append(f.samples, v) }

func (f *figure) value() float64 { return f.samples.median() }

// ratioValue is the figure's ratio to its baseline (NaN without one).
func (f *figure) ratioValue() float64 {
	if f.base == nil || len(f.base.samples) == 0 {
		return math.NaN()
	}
	if f.ratio != nil {
		return f.ratio(f.value(), f.base.value())
	}
	return f.value() / f.base.value()
}

func (f *figure) result() string {
	switch {
	case len(f.samples) == 0:
		return "not measured"
	case f.pass == nil:
		return ""
	case f.pass(f.value(), f.ratioValue()):
		return "PASS"
	}
	return "**MISS**"
}

// section is one table of BENCHMARKS.md.
type section struct {
	title   string
	intro   string
	figures []*figure
	notes   []string
	skipped string // why the section was not measured
}

func (s *section) fig(f *figure) *figure {
	s.figures = append(s.figures, f)
	return f
}

func (s *section) notef(format string, args ...any) {
	s.notes = append(s.notes, fmt.Sprintf(format, args...))
}

// report is the whole of BENCHMARKS.md.
type report struct {
	command  string
	machine  machine
	started  time.Time
	took     time.Duration
	rounds   int
	sections []*section
}

func (r *report) write(w io.Writer) {
	fmt.Fprintf(w, "# Paperwire benchmarks\n\nRewritten by `%s` (see README, Benchmarks): do not edit by hand.\n\n", r.command)
	fmt.Fprintf(w, "- Machine: %s, %d cores, %s, %s; Go %s\n", r.machine.cpu, r.machine.cores, r.machine.memory, r.machine.os, r.machine.goVersion)
	fmt.Fprintf(w, "- Tools: %s\n", r.machine.tools)
	fmt.Fprintf(w, "- Run: %s, %s, %d interleaved rounds per figure unless a table says otherwise; every figure is the median of its rounds (min–max beside it), every ratio is to a baseline measured in the same run.\n\n",
		r.started.UTC().Format("2006-01-02 15:04 MST"), r.took.Round(time.Second), r.rounds)
	for _, s := range r.sections {
		s.write(w)
	}
	fmt.Fprintf(w, "%s", optimisations)
}

func (s *section) write(w io.Writer) {
	fmt.Fprintf(w, "## %s\n\n", s.title)
	if s.intro != "" {
		fmt.Fprintf(w, "%s\n\n", s.intro)
	}
	if s.skipped != "" {
		fmt.Fprintf(w, "**Not measured:** %s\n\n", s.skipped)
	}
	if len(s.figures) > 0 {
		fmt.Fprintln(w, "| figure | median | rounds | baseline | ratio | target | result |")
		fmt.Fprintln(w, "|---|---:|---:|---|---:|---|---|")
		for _, f := range s.figures {
			f.row(w)
		}
		fmt.Fprintln(w)
	}
	for _, n := range s.notes {
		fmt.Fprintf(w, "- %s\n", n)
	}
	if len(s.notes) > 0 {
		fmt.Fprintln(w)
	}
}

func (f *figure) row(w io.Writer) {
	base := ""
	if f.base != nil {
		base = f.base.name
	}
	name := f.name
	if f.note != "" {
		name += " (" + f.note + ")"
	}
	rounds := fmt.Sprintf("%d", len(f.samples))
	if sp := f.samples.spread(); sp != "" {
		rounds += ": " + sp
	}
	fmt.Fprintf(w, "| %s | %s %s | %s | %s | %s | %s | %s |\n", esc(name), num(f.value()), f.unit, rounds,
		esc(base), num(f.ratioValue()), esc(f.target), f.result())
}

func esc(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// ratioAtLeast, valueAtMost and valueBelow build pass functions on the
// ratio or the value.
func ratioAtLeast(min float64) func(v, r float64) bool {
	return func(_, r float64) bool { return r >= min }
}

func valueAtMost(max float64) func(v, r float64) bool {
	return func(v, _ float64) bool { return v <= max }
}

func valueBelow(max float64) func(v, r float64) bool {
	return func(v, _ float64) bool { return v < max }
}
