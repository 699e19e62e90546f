package serve

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
)

// Metrics is a small Prometheus text-format registry of counters and
// gauges. A nil *Metrics records nothing.
type Metrics struct {
	mu       sync.Mutex
	values   map[string]map[string]float64 // name → rendered labels → value
	kinds    map[string]string             // name → counter | gauge
	rendered map[labelKey]string           // labels → their rendering, for the hot paths
}

// labelKey is up to three label pairs, as a map key.
type labelKey struct {
	n int
	v [6]string
}

// maxRendered bounds the cache of rendered labels.
const maxRendered = 4096

// NewMetrics returns an empty registry.
func NewMetrics() *Metrics {
	return &Metrics{values: map[string]map[string]float64{}, kinds: map[string]string{}, rendered: map[labelKey]string{}}
}

// Inc adds one to a counter; labels are name, value pairs.
func (m *Metrics) Inc(name string, labels ...string) { m.Add(name, 1, labels...) }

// Add adds v to a counter.
func (m *Metrics) Add(name string, v float64, labels ...string) {
	m.update(name, "counter", labels, func(old float64) float64 { return old + v })
}

// Set sets a gauge.
func (m *Metrics) Set(name string, v float64, labels ...string) {
	m.update(name, "gauge", labels, func(float64) float64 { return v })
}

func (m *Metrics) update(name, kind string, labels []string, fn func(float64) float64) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	key := m.labels(labels)
	series := m.values[name]
	if series == nil {
		series = map[string]float64{}
		m.values[name], m.kinds[name] = series, kind
	}
	series[key] = fn(series[key])
}

// labels renders labels, from the cache when it can: every request
// updates two series.
func (m *Metrics) labels(labels []string) string {
	if len(labels) == 0 || len(labels) > len(labelKey{}.v) {
		return renderLabels(labels)
	}
	k := labelKey{n: len(labels)}
	copy(k.v[:], labels)
	if r, ok := m.rendered[k]; ok {
		return r
	}
	r := renderLabels(labels)
	if len(m.rendered) < maxRendered {
		m.rendered[k] = r
	}
	return r
}

func renderLabels(labels []string) string {
	if len(labels) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteByte('{')
	for i := 0; i+1 < len(labels); i += 2 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%s=%q", labels[i], labels[i+1])
	}
	b.WriteByte('}')
	return b.String()
}

// WriteTo writes every series in the Prometheus text format, sorted.
func (m *Metrics) WriteTo(w io.Writer) (int64, error) {
	if m == nil {
		return 0, nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var b strings.Builder
	names := slices.Sorted(mapKeys(m.values))
	for _, name := range names {
		fmt.Fprintf(&b, "# TYPE %s %s\n", name, m.kinds[name])
		for _, labels := range slices.Sorted(mapKeys(m.values[name])) {
			fmt.Fprintf(&b, "%s%s %g\n", name, labels, m.values[name][labels])
		}
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
