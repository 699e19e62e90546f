package websub

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the hub's series.
type metrics struct {
	requests      *prometheus.CounterVec // outcome: accepted, refused, busy
	verifications *prometheus.CounterVec // outcome: verified, failed
	deliveries    *prometheus.CounterVec // outcome
	subscriptions *prometheus.GaugeVec   // state: active, verifying
	active        prometheus.Gauge
	verifying     prometheus.Gauge
	expired       prometheus.Counter
	retrying      prometheus.Gauge
	checks        prometheus.Counter
}

// newMetrics registers the hub's series on reg (a private registry when nil).
func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "paperwire_websub_requests_total",
			Help: "Subscribe and unsubscribe requests to the hub: accepted (202), refused (4xx) or busy (503)."}, []string{"outcome"}),
		verifications: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "paperwire_websub_verifications_total",
			Help: "Verifications of intent: verified (challenge echoed) or failed (no subscription change)."}, []string{"outcome"}),
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "paperwire_websub_deliveries_total",
			Help: "Content deliveries by outcome: delivered, failed (retried), dropped (failed for the retry window), " +
				"gone (410 ended the subscription), refused (private address), superseded (newer content replaced it), ended (subscription gone)."},
			[]string{"outcome"}),
		subscriptions: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "paperwire_websub_subscriptions",
			Help: "Subscriptions by state: active (verified, lease running; as of this process's last check) and verifying (waiting for their challenge here)."},
			[]string{"state"}),
		expired: prometheus.NewCounter(prometheus.CounterOpts{Name: "paperwire_websub_expired_total",
			Help: "Subscriptions this process ended because their lease ran out."}),
		retrying: prometheus.NewGauge(prometheus.GaugeOpts{Name: "paperwire_websub_retry_queue",
			Help: "Deliveries waiting for a retry in this process."}),
		checks: prometheus.NewCounter(prometheus.CounterOpts{Name: "paperwire_websub_checks_total",
			Help: "Checks of every subscribed feed for new content (after a change of the store, and every sweep)."}),
	}
	m.active, m.verifying = m.subscriptions.WithLabelValues("active"), m.subscriptions.WithLabelValues("verifying")
	for _, c := range []prometheus.Collector{m.requests, m.verifications, m.deliveries, m.subscriptions, m.expired, m.retrying, m.checks} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("register websub metrics: %w", err)
		}
	}
	return m, nil
}

// dropped counts n deliveries that will not be made, for a reason.
func (m *metrics) dropped(n int, reason string) {
	if n > 0 {
		m.deliveries.WithLabelValues(reason).Add(float64(n))
	}
}
