package storagetest

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/feedtest"
	"github.com/paperwire/paperwire/storage"
)

// BenchMerge measures Merge of batches of 50 new papers, what one poll
// of a 50-item listing writes: one batch at a time ("serial") and from 8
// goroutines at once ("parallel", as a fetch round's workers do).
func BenchMerge(b *testing.B, s storage.Store) {
	g, err := feedtest.New()
	if err != nil {
		b.Fatal(err)
	}
	var next atomic.Int64
	batch := func() error {
		i := int(next.Add(1))
		at := time.Date(2024, 3, 25, 10, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second)
		papers := make([]*feed.Paper, 50)
		keys := make([]feed.Key, 50)
		for k, p := range g.Papers(i*50, 50) {
			papers[k] = p.Stored(at, "all", "computer-vision")
			keys[k] = papers[k].Key
		}
		return s.Merge(context.Background(), keys, func(map[feed.Key]*feed.Paper) ([]*feed.Paper, error) { return papers, nil })
	}
	b.Run("serial", func(b *testing.B) {
		for b.Loop() {
			if err := batch(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(50*b.N)/b.Elapsed().Seconds(), "items/s")
	})
	b.Run("parallel", func(b *testing.B) {
		b.SetParallelism(4)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := batch(); err != nil {
					b.Error(err)
				}
			}
		})
		b.ReportMetric(float64(50*b.N)/b.Elapsed().Seconds(), "items/s")
	})
}
