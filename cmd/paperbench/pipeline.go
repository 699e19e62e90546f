package main

import (
	"time"

	"github.com/paperwire/paperwire/feed/ingest"
)

// newIngester is the pipeline `paperwire fetch` wires, in process.
func newIngester(store ingest.Store, fetcher ingest.Fetcher, now func() time.Time) *ingest.Ingester {
	return ingest.New(store, fetcher, ingest.Config{Topics: defaultFeedTopics(), Now: now, Concurrency: 4}, nil)
}
