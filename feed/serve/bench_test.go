package serve

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/feedtest"
	"github.com/paperwire/paperwire/feed/rank"
	"github.com/paperwire/paperwire/feed/render"
	"github.com/paperwire/paperwire/storage/bolt"
)

// benchCache is a cache over an embedded store holding 60 synthetic
// papers in topic "all" (limit 50).
func benchCache(b *testing.B) (*Cache, *Server) {
	b.Helper()
	g, err := feedtest.New()
	if err != nil {
		b.Fatal(err)
	}
	store, err := bolt.Open(filepath.Join(b.TempDir(), "paperwire.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	at := time.Date(2024, 3, 25, 10, 0, 0, 0, time.UTC)
	var papers []*feed.Paper
	var keys []feed.Key
	for i, p := range g.Papers(0, 60) {
		papers = append(papers, p.Stored(at.Add(time.Duration(i)*time.Minute), "all"))
		keys = append(keys, papers[i].Key)
	}
	err = store.Merge(context.Background(), keys, func(map[feed.Key]*feed.Paper) ([]*feed.Paper, error) { return papers, nil })
	if err != nil {
		b.Fatal(err)
	}
	site := render.Site{Title: "Paperwire", BaseURL: "http://localhost:8080", TTL: 30 * time.Minute, Params: rank.Defaults()}
	srv, err := New(store, Config{Site: site, Topics: []feed.Topic{{Slug: "all", Title: "All trending papers", Limit: 50}}}, nil)
	if err != nil {
		b.Fatal(err)
	}
	if err := srv.Refresh(context.Background()); err != nil {
		b.Fatal(err)
	}
	return srv.cache, srv
}

// BenchmarkRerender is what a change costs each affected (topic, format):
// reading the 50 papers, rendering, hashing and compressing once.
func BenchmarkRerender(b *testing.B) {
	c, _ := benchCache(b)
	ctx := context.Background()
	for _, format := range []string{"rss", "atom", "json", "html"} {
		b.Run(format, func(b *testing.B) {
			for b.Loop() {
				c.mu.Lock()
				c.revs["all"]++ // what a change of the topic does
				c.mu.Unlock()
				if _, err := c.Get(ctx, "all", format, 50); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCacheHit is Cache.Get of a current rendering.
func BenchmarkCacheHit(b *testing.B) {
	c, _ := benchCache(b)
	ctx := context.Background()
	if _, err := c.Get(ctx, "all", "rss", 50); err != nil {
		b.Fatal(err)
	}
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.Get(ctx, "all", "rss", 50); err != nil {
				b.Error(err)
			}
		}
	})
}

// BenchmarkRepresentationServe writes a cached 50-item feed: plain,
// gzip, and the 304 of a current copy.
func BenchmarkRepresentationServe(b *testing.B) {
	c, _ := benchCache(b)
	rep, err := c.Get(context.Background(), "all", "rss", 50)
	if err != nil {
		b.Fatal(err)
	}
	cases := []struct{ name, ae, inm string }{{"plain", "", ""}, {"gzip", "gzip, deflate, br", ""}, {"304", "gzip", rep.gzETag}}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			r := httptest.NewRequest(http.MethodGet, "/topics/all.rss", nil)
			r.Header.Set("Accept-Encoding", tc.ae)
			if tc.inm != "" {
				r.Header.Set("If-None-Match", tc.inm)
			}
			for b.Loop() {
				w := discardWriter{h: http.Header{}}
				rep.serve(&w, r, 30*time.Minute)
			}
		})
	}
}

// BenchmarkHandler is the whole handler of a topic feed (routing,
// metrics, cache hit, writing) for a current rendering.
func BenchmarkHandler(b *testing.B) {
	_, h := benchCache(b)
	r := httptest.NewRequest(http.MethodGet, "/topics/all.rss", nil)
	r.Header.Set("Accept-Encoding", "gzip")
	h.ServeHTTP(&discardWriter{h: http.Header{}}, r)
	for b.Loop() {
		h.ServeHTTP(&discardWriter{h: http.Header{}}, r)
	}
}

// discardWriter is a ResponseWriter that keeps nothing but headers.
type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *discardWriter) WriteHeader(int)             {}
