package main

import (
	"bufio"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// goBench is one package's benchmarks, compiled once.
type goBench struct {
	pkg, test string
}

// benchPackages hold the Go benchmarks of the hot functions.
func benchPackages() []string {
	return []string{"./feed/parse", "./feed/normalize", "./feed/merge", "./feed/ingest", "./storage/bolt", "./storage/redis", "./feed/render", "./feed/serve"}
}

// perItem are the benchmarks whose op is 50 items.
func perItem(name string) bool {
	for _, p := range []string{"Parse", "Gofeed", "XMLTokens", "Item", "Apply/", "Poll", "Merge/"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// goBenchSection compiles the benchmark binaries and runs them in
// interleaved rounds; per-item costs are compared with parsing.
func (b *bench) goBenchSection() *section {
	s := &section{title: "Go benchmarks of the hot functions",
		intro: "`go test -bench` of each package (test binaries compiled once, run once per round, rounds interleaved across packages). " +
			"Per-item benchmarks work on a synthetic 50-item arXiv listing; their ratio is their cost per item to Paperwire's parse " +
			"(feed/parse BenchmarkParse), the issue's orientation being about 5% for a hand-written normaliser."}
	benches, err := b.compileBenches()
	if err != nil {
		s.notef("failed: %v", err)
		return s
	}
	figs := map[string]*figure{}
	var order []string
	for round := range b.rounds {
		b.progress("go benchmarks, round %d/%d", round+1, b.rounds)
		for _, gb := range benches {
			if err := b.runBench(gb, figs, &order); err != nil {
				s.notef("%s: %v", gb.pkg, err)
			}
		}
	}
	layoutBenches(s, figs, order)
	return s
}

func (b *bench) compileBenches() ([]goBench, error) {
	dir := b.mkdir("gotest")
	var out []goBench
	for _, pkg := range benchPackages() {
		test := filepath.Join(dir, strings.ReplaceAll(strings.TrimPrefix(pkg, "./"), "/", "-")+".test")
		cmd := exec.CommandContext(b.ctx, "go", "test", "-c", "-o", test, pkg)
		if msg, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("compile %s: %w\n%s", pkg, err, msg)
		}
		out = append(out, goBench{pkg: pkg, test: test})
	}
	return out, nil
}

func (b *bench) benchTime() string {
	if b.quick {
		return "200ms"
	}
	return "1s"
}

// runBench runs one package's benchmarks once, in its folder.
func (b *bench) runBench(gb goBench, figs map[string]*figure, order *[]string) error {
	cmd := exec.CommandContext(b.ctx, gb.test, "-test.run", "^$", "-test.bench", ".", "-test.benchtime", b.benchTime())
	cmd.Dir = gb.pkg
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%w\n%s", err, tail(string(out), 1000))
	}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		name, ns, ok := parseBenchLine(sc.Text())
		if !ok {
			continue
		}
		key := gb.pkg + " " + name
		if figs[key] == nil {
			figs[key] = &figure{name: strings.TrimPrefix(gb.pkg, "./") + " " + name}
			*order = append(*order, key)
		}
		figs[key].add(ns)
	}
	return nil
}

// parseBenchLine reads "BenchmarkX/y-2  123  456 ns/op ..." as ("X/y", 456).
func parseBenchLine(line string) (string, float64, bool) {
	f := strings.Fields(line)
	if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || f[3] != "ns/op" {
		return "", 0, false
	}
	name := strings.TrimPrefix(f[0], "Benchmark")
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		name = name[:i]
	}
	ns, err := strconv.ParseFloat(f[2], 64)
	return name, ns, err == nil
}

// layoutBenches turns ns/op into the report's units: µs per item for
// per-item benchmarks (ratio to parsing), ms or ns per op otherwise.
func layoutBenches(s *section, figs map[string]*figure, order []string) {
	const parseKey = "./feed/parse Parse"
	var parseItem *figure
	if f := figs[parseKey]; f != nil {
		parseItem = scaled(f, 1e-3/50, "µs/item")
		parseItem.name += " (the baseline of the ratios)"
	}
	for _, key := range order {
		f := figs[key]
		_, name, _ := strings.Cut(key, " ")
		switch {
		case key == parseKey:
			s.fig(parseItem)
		case perItem(name):
			g := scaled(f, 1e-3/50, "µs/item")
			g.base = parseItem
			s.fig(g)
		case f.value() >= 1e5:
			s.fig(scaled(f, 1e-6, "ms/op"))
		default:
			s.fig(scaled(f, 1, "ns/op"))
		}
	}
}

func scaled(f *figure, k float64, unit string) *figure {
	g := &figure{name: f.name, unit: unit}
	for _, v := range f.samples {
		g.add(v * k)
	}
	return g
}
