package digest

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/paperwire/paperwire/feed"
)

// Metrics are the closer's Prometheus series.
type Metrics struct {
	closed *prometheus.CounterVec
	failed prometheus.Counter
}

// NewMetrics registers the closer's series with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		closed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "paperwire_digest_periods_closed_total",
			Help: "Digest periods this process closed and stored, by kind (daily, weekly) and whether on time or caught up late (more than a minute after the period's end).",
		}, []string{"kind", "when"}),
		failed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "paperwire_digest_close_failures_total",
			Help: "Attempts to close digest periods that failed (the store did not answer); retried a minute later.",
		}),
	}
	for _, k := range feed.DigestKinds {
		for _, w := range []string{"on_time", "late"} {
			m.closed.WithLabelValues(string(k), w) // every series shows, at 0 until it happens
		}
	}
	reg.MustRegister(m.closed, m.failed)
	return m
}

// lateAfter is how long after its end a close counts as late.
const lateAfter = time.Minute

// late reports whether d was closed late: caught up after a downtime.
func late(d feed.Digest) bool { return d.ClosedAt.Sub(d.End) > lateAfter }

func (m *Metrics) closedOne(d feed.Digest) {
	if m == nil {
		return
	}
	when := "on_time"
	if late(d) {
		when = "late"
	}
	m.closed.WithLabelValues(string(d.Kind), when).Inc()
}

func (m *Metrics) failure() {
	if m != nil {
		m.failed.Inc()
	}
}
