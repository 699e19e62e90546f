package serve

import (
	"net/http"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Build names the binary that serves: its module version and VCS
// revision, from runtime/debug build info.
type Build struct {
	Version  string
	Revision string
}

// Metrics is the server's own Prometheus registry (never the global
// default one) with Paperwire's series. Other parts of the service add
// theirs through Registry.
type Metrics struct {
	reg *prometheus.Registry

	requests *prometheus.CounterVec   // route, code
	duration *prometheus.HistogramVec // route
	cache    *prometheus.CounterVec   // result: hit, stale
	hits     prometheus.Counter       // cache{result="hit"}, on the hot path
	stale    prometheus.Counter
	renders  *prometheus.CounterVec // topic, format
	// searchCache (result: hit, stale) and searchRenders (format) are
	// the query feeds' cache.
	searchCache, searchRenders *prometheus.CounterVec
	searchEntries, searchBytes prometheus.Gauge
	storeUp                    prometheus.Gauge

	polls, items, papersNew, papersMerged *prometheus.CounterVec // source (polls: status)
}

// NewMetrics returns a registry holding Paperwire's series, build info
// and the Go runtime and process collectors.
func NewMetrics(b Build) *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		reg: reg,
		requests: counterVec(reg, "paperwire_http_requests_total",
			"HTTP requests answered, by route pattern and status code.", "route", "code"),
		cache: counterVec(reg, "paperwire_feed_cache_total",
			"Feed requests answered from the cache: hit (current) or stale (last good rendering while the store is away).", "result"),
		renders: counterVec(reg, "paperwire_feed_renders_total",
			"Renderings of a topic in a format (one per change, on first demand).", "topic", "format"),
		searchCache: counterVec(reg, "paperwire_search_cache_total",
			"Query feed requests answered from the cache: hit (current) or stale (last rendering while the store is away).", "result"),
		searchRenders: counterVec(reg, "paperwire_search_renders_total",
			"Renderings of a query feed in a format (one per query and index change, on first demand).", "format"),
		polls: counterVec(reg, "paperwire_polls_total",
			"Polls of a source by this process, by outcome.", "source", "status"),
		items: counterVec(reg, "paperwire_items_total",
			"Items read from a source's documents.", "source"),
		papersNew: counterVec(reg, "paperwire_papers_new_total",
			"Papers seen for the first time, by the source that saw them.", "source"),
		papersMerged: counterVec(reg, "paperwire_papers_merged_total",
			"Known papers a source taught something new.", "source"),
	}
	m.hits, m.stale = m.cache.WithLabelValues("hit"), m.cache.WithLabelValues("stale")
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "paperwire_http_request_duration_seconds", Help: "Time to answer an HTTP request, by route pattern.",
		Buckets: []float64{.0005, .001, .005, .01, .05, .1, .5, 1, 5},
	}, []string{"route"})
	m.storeUp = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "paperwire_store_up", Help: "1 when the store answered the last operation, 0 when it did not.",
	})
	m.storeUp.Set(1)
	m.searchEntries = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "paperwire_search_cache_entries", Help: "Query feed renderings cached.",
	})
	m.searchBytes = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "paperwire_search_cache_bytes", Help: "Bytes of the query feed renderings cached (plain and gzip).",
	})
	build := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "paperwire_build_info", Help: "The binary serving: module version and VCS revision (always 1).",
		ConstLabels: prometheus.Labels{"version": b.Version, "revision": b.Revision},
	})
	build.Set(1)
	reg.MustRegister(m.duration, m.storeUp, m.searchEntries, m.searchBytes, build,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func counterVec(reg *prometheus.Registry, name, help string, labels ...string) *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
	reg.MustRegister(c)
	return c
}

// Registry is where other components register their collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the registry in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Polled counts one poll of a source and what it brought.
func (m *Metrics) Polled(source, status string, items, created, merged int) {
	m.polls.WithLabelValues(source, status).Inc()
	m.items.WithLabelValues(source).Add(float64(items))
	m.papersNew.WithLabelValues(source).Add(float64(created))
	m.papersMerged.WithLabelValues(source).Add(float64(merged))
}

// request counts one answered request.
func (m *Metrics) request(route string, code int, seconds float64) {
	m.requests.WithLabelValues(route, statusCode(code)).Inc()
	m.duration.WithLabelValues(route).Observe(seconds)
}

// statusCode is strconv.Itoa of an HTTP status, without allocating for
// the usual ones.
func statusCode(code int) string {
	switch code {
	case http.StatusOK:
		return "200"
	case http.StatusNotModified:
		return "304"
	case http.StatusNotFound:
		return "404"
	}
	return strconv.Itoa(code)
}
