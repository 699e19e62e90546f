package serve_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// /metrics is the Prometheus exposition of the server's own registry:
// every family with HELP and TYPE, build info, Go runtime and process
// metrics next to Paperwire's.
func TestMetricsExposition(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.get(t, "/topics/all.rss")
	e.metrics.Polled("arxiv-cs-cv", "fetched", 7, 3, 1)
	w := e.get(t, "/metrics")
	body := w.Body.String()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse /metrics: %v\n%s", err, body)
	}
	for _, name := range []string{
		"paperwire_build_info", "paperwire_http_requests_total", "paperwire_http_request_duration_seconds",
		"paperwire_feed_renders_total", "paperwire_polls_total", "paperwire_items_total", "paperwire_store_up",
		"go_goroutines", "go_memstats_heap_alloc_bytes", "process_resident_memory_bytes",
	} {
		f, ok := families[name]
		if !ok {
			t.Errorf("no family %s", name)
			continue
		}
		if f.GetHelp() == "" || !strings.Contains(body, "# TYPE "+name+" ") {
			t.Errorf("%s without HELP or TYPE", name)
		}
	}
	for series, want := range map[string]float64{
		`paperwire_build_info{revision="0123abcd",version="v1.2.3"}`:   1,
		`paperwire_items_total{source="arxiv-cs-cv"}`:                  7,
		`paperwire_polls_total{source="arxiv-cs-cv",status="fetched"}`: 1,
		`paperwire_store_up`: 1,
	} {
		if got := e.metric(series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
}

// Two servers in one process keep separate registries: nothing lands in
// the global default one.
func TestMetricsRegistryPerServer(t *testing.T) {
	t.Parallel()
	a, b := newEnv(t), newEnv(t)
	a.get(t, "/healthz")
	if got := b.metric(`paperwire_http_requests_total{code="200",route="GET /healthz"}`); got != 0 {
		t.Errorf("second server counts the first's requests: %v", got)
	}
	if w := a.do(http.MethodGet, "/metrics"); w.Code != http.StatusOK {
		t.Fatalf("/metrics: %d", w.Code)
	}
	families, err := prometheus.DefaultGatherer.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if strings.HasPrefix(f.GetName(), "paperwire_") {
			t.Errorf("%s registered in the global default registry", f.GetName())
		}
	}
}
