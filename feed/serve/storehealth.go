package serve

import (
	"log/slog"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

// storeHealth follows whether the store answers. It logs a change of
// state once — not every failed request or refresh — and exports it as
// paperwire_store_up.
type storeHealth struct {
	logger *slog.Logger
	gauge  prometheus.Gauge

	mu   sync.Mutex
	down bool
}

// observe records the outcome of a store operation (nil: it answered).
func (h *storeHealth) observe(err error) {
	h.mu.Lock()
	changed := h.down != (err != nil)
	h.down = err != nil
	h.mu.Unlock()
	if !changed {
		return
	}
	if err != nil {
		h.gauge.Set(0)
		h.logger.Error("store unreachable: serving last good renderings, 503 where there are none", "err", err)
		return
	}
	h.gauge.Set(1)
	h.logger.Info("store reachable again")
}
