package github

import "github.com/prometheus/client_golang/prometheus"

// Metrics are the poller's Prometheus series.
type Metrics struct {
	requests *prometheus.CounterVec
	budget   prometheus.Gauge
	stars    prometheus.Counter
}

// NewMetrics registers the poller's series with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "paperwire_github_requests_total",
			Help: "Requests to the GitHub API by this process, by outcome: 200, 304, 301, 404 (or 451), rate_limited, error.",
		}, []string{"outcome"}),
		budget: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "paperwire_github_budget_remaining",
			Help: "Requests left in this hour's GitHub budget (shared by every process of the store), after the last pass.",
		}),
		stars: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "paperwire_github_stars_gained_total",
			Help: "Star increases of papers' repositories seen by this process.",
		}),
	}
	for _, o := range []string{OK, NotModified, Moved, Gone, RateLimited, Failed} {
		m.requests.WithLabelValues(o) // every outcome shows, at 0 until it happens
	}
	reg.MustRegister(m.requests, m.budget, m.stars)
	return m
}

// Request counts one request's outcome (Options.OnRequest).
func (m *Metrics) Request(outcome string) { m.requests.WithLabelValues(outcome).Inc() }

// Pass records a pass's report (Run's onPass).
func (m *Metrics) Pass(r Report) {
	m.budget.Set(float64(r.BudgetLeft))
	m.stars.Add(float64(r.StarsGained))
}
