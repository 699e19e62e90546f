package main

import (
	"time"

	"github.com/paperwire/paperwire/config"
	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/ingest"
)

// defaultFeedTopics are the built-in topics as the pipeline sees them.
func defaultFeedTopics() []feed.Topic { return config.Defaults().FeedTopics }

// newIngester is the pipeline `paperwire fetch` wires, in process.
func newIngester(store ingest.Store, fetcher ingest.Fetcher, now func() time.Time) *ingest.Ingester {
	return ingest.New(store, fetcher, ingest.Config{Topics: defaultFeedTopics(), Now: now, Concurrency: 4}, nil)
}
