package serve

import (
	"strings"
	"testing"
)

// Cached label renderings are per label list, whatever its length.
func TestMetricsLabelCache(t *testing.T) {
	m := NewMetrics()
	m.Inc("x_total", "a", "b")
	m.Inc("x_total", "a", "b", "", "")
	m.Inc("x_total", "a", "b")
	m.Inc("x_total", "q", `say "hi"`)
	var b strings.Builder
	m.WriteTo(&b)
	want := "# TYPE x_total counter\nx_total{a=\"b\",=\"\"} 1\nx_total{a=\"b\"} 2\nx_total{q=\"say \\\"hi\\\"\"} 1\n"
	if b.String() != want {
		t.Errorf("metrics:\n%s\nwant:\n%s", b.String(), want)
	}
}
