package ingest

import (
	"context"
	"time"
)

// ReindexWhenReady reindexes (see Reindex), trying again every
// RetryEvery while the store is away, and closes filed once it is done.
// It returns nil when ctx ends first. The wait is logged once, not at
// every retry.
func (in *Ingester) ReindexWhenReady(ctx context.Context, filed chan<- struct{}) error {
	for waiting := false; ; waiting = true {
		_, err := in.Reindex(ctx)
		if err == nil {
			if waiting {
				in.logger.Info("store answers: polling starts")
			}
			close(filed)
			return nil
		}
		if !waiting {
			in.logger.Warn("store not ready; polling waits for it", "err", err)
		}
		t := time.NewTimer(in.cfg.RetryEvery)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}
