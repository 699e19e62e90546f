package config

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// problems collects every problem of a configuration, each with where it
// was set (a line of the file or an environment variable), so a user
// fixes them all in one round.
type problems struct {
	list []problem
	line map[string]int    // key path ("fetch.timeout", "sources[2].url") → line of its value
	env  map[string]string // key path → the environment variable that set it
}

type problem struct {
	line int
	text string
}

func newProblems() *problems {
	return &problems{line: map[string]int{}, env: map[string]string{}}
}

// add records a problem of the key at path, located where that key was set.
func (p *problems) add(path, format string, args ...any) {
	p.addAt(p.line[path], p.env[path], fmt.Sprintf(format, args...))
}

// addAt records a problem found at a line of the file (0: unknown).
func (p *problems) addAt(line int, env, text string) {
	switch {
	case env != "":
		text += fmt.Sprintf(" (from %s)", env)
	case line > 0:
		text += fmt.Sprintf(" (line %d)", line)
	}
	p.list = append(p.list, problem{line: line, text: text})
}

// set reports whether the file or the environment gave the key at path.
func (p *problems) set(path string) bool {
	_, inFile := p.line[path]
	return inFile || p.env[path] != ""
}

// where says where the key at path was set, for warnings.
func (p *problems) where(path string) string {
	if env := p.env[path]; env != "" {
		return " (from " + env + ")"
	}
	if l := p.line[path]; l > 0 {
		return fmt.Sprintf(" (line %d)", l)
	}
	return ""
}

// err lists the problems in the order of the file's lines.
func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	slices.SortStableFunc(p.list, func(a, b problem) int {
		return cmp.Compare(lineOrder(a.line), lineOrder(b.line))
	})
	texts := make([]string, len(p.list))
	for i, q := range p.list {
		texts[i] = q.text
	}
	return errors.New("  " + strings.Join(texts, "\n  "))
}

// lineOrder puts problems of no known line (the environment) last.
func lineOrder(l int) int {
	if l == 0 {
		return int(^uint(0) >> 1)
	}
	return l
}
