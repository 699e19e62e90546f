package search_test

import (
	"context"
	"math/rand/v2"
	"runtime"
	"strconv"
	"testing"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/feedtest"
	"github.com/paperwire/paperwire/feed/search"
	"github.com/paperwire/paperwire/feed/topic"
)

// Corpus returns n synthetic papers with a vocabulary that grows as a
// real one does (feedtest.Varied), and random scores.
func Corpus(tb testing.TB, n int) []*feed.Paper {
	tb.Helper()
	g, err := feedtest.New()
	if err != nil {
		tb.Fatal(err)
	}
	r := rand.New(rand.NewPCG(7, 8))
	out := make([]*feed.Paper, n)
	for i, sp := range g.Varied(0, n) {
		out[i] = &feed.Paper{
			Key:    feed.ArxivKey(sp.ID),
			Fields: feed.Fields{Title: sp.Title, Abstract: sp.Abstract, Categories: sp.Categories},
			Score:  r.Float64() * 10,
		}
	}
	return out
}

// BenchQueries are typical queries: words, phrases, OR, categories and
// exclusions, common and rare.
var BenchQueries = []string{
	"diffusion", `"diffusion model"`, "language models reasoning", "detection OR segmentation cat:cs.CV",
	`"large language model" -survey`, "transformer attention cat:cs.LG", "w1 OR w2", "robot -cat:cs.AI",
}

func buildIndex(tb testing.TB, papers []*feed.Paper) *search.Index {
	x := search.NewIndex()
	for i := 0; i < len(papers); i += 1000 {
		x.Put(byKey(papers[i:min(i+1000, len(papers))]))
	}
	return x
}

func BenchmarkSearch(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		papers := Corpus(b, n)
		x := buildIndex(b, papers)
		qs := make([]*topic.Query, len(BenchQueries))
		for i, raw := range BenchQueries {
			qs[i], _ = topic.ParseQuery(raw)
		}
		b.Run(strconv.Itoa(n/1000)+"k", func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				x.Search(qs[i%len(qs)], 50)
			}
		})
	}
}

// BenchmarkIndexMemory reports the heap the index keeps per paper, built
// as serve builds it: a follower's first read of the store.
func BenchmarkIndexMemory(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		store := &memStore{papers: map[feed.Key]*feed.Paper{}}
		store.put(Corpus(b, n)...)
		b.Run(strconv.Itoa(n/1000)+"k", func(b *testing.B) {
			var perPaper float64
			for b.Loop() {
				before := heap()
				f := search.NewFollower(store, nil)
				if err := f.Sync(context.Background()); err != nil {
					b.Fatal(err)
				}
				perPaper = float64(heap()-before) / float64(n)
				runtime.KeepAlive(f)
			}
			b.ReportMetric(perPaper, "B/paper")
		})
	}
}

func heap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
