package digest_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/digest"
	"github.com/paperwire/paperwire/feed/feedtest"
	"github.com/paperwire/paperwire/feed/rank"
	"github.com/paperwire/paperwire/feed/render"
	"github.com/paperwire/paperwire/feed/serve"
	"github.com/paperwire/paperwire/storage"
	"github.com/paperwire/paperwire/storage/bolt"
)

const baseURL = "http://papers.example.org:8080"

var params = rank.Defaults()

func site() render.Site {
	return render.Site{Title: "Paperwire", BaseURL: baseURL, TTL: 30 * time.Minute, Params: params}
}

func topics() []feed.Topic {
	return []feed.Topic{{Slug: "vision", Title: "Computer vision", Categories: []string{"cs.CV"}, Limit: 50}}
}

// clock is a fixed clock the test moves.
type clock = feedtest.Clock

// event is one event of a paper: a source's first sighting (Upvotes 0)
// or an increase of its upvotes.
type event struct {
	source  string
	at      time.Time
	upvotes int64
}

// paper builds a stored paper from its events.
func paper(key, title string, evs ...event) *feed.Paper {
	id := strings.TrimPrefix(key, "arxiv:")
	p := &feed.Paper{
		Key: feed.Key(key),
		Fields: feed.Fields{
			ArxivID: id, Title: title, Authors: []string{"Zoë Müller", "Bo Li"}, Categories: []string{"cs.CV"},
			Links: feed.Links{Abstract: "https://arxiv.org/abs/" + id, PDF: "https://arxiv.org/pdf/" + id, Code: "https://github.com/example/" + id},
		},
		Quality: feed.QualityListing, Score: rank.Empty, FirstSeen: evs[0].at, Topics: []string{"vision"},
	}
	for _, e := range evs {
		g, ok := p.Sighting(e.source)
		w := params.Engagement(feed.Signals{}, feed.Signals{Upvotes: e.upvotes})
		if !ok {
			p.Sightings = append(p.Sightings, feed.Sighting{Source: e.source, Role: feed.RolePapers, At: e.at, Weight: 1, Score: rank.Empty})
			g, w = &p.Sightings[len(p.Sightings)-1], 1
		}
		g.Signals.Upvotes += e.upvotes
		g.Score = rank.Add(g.Score, params.Event(w, e.at))
		p.Score = rank.Add(p.Score, params.Event(w, e.at))
		p.ScoreAt, p.Updated = e.at, e.at
	}
	return p
}

func put(t *testing.T, s storage.Store, ps ...*feed.Paper) {
	t.Helper()
	keys := make([]feed.Key, len(ps))
	for i, p := range ps {
		keys[i] = p.Key
	}
	err := s.Merge(context.Background(), keys, func(map[feed.Key]*feed.Paper) ([]*feed.Paper, error) { return ps, nil })
	if err != nil {
		t.Fatal(err)
	}
}

func openBolt(t *testing.T, path string) *bolt.Store {
	t.Helper()
	s, err := bolt.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newCloser(s digest.Store, c *clock, holder string) *digest.Closer {
	return digest.New(s, closerConfig(c, holder), nil)
}

// closerConfig is the config of newCloser's closers: three papers a digest.
func closerConfig(c *clock, holder string) digest.Config {
	return digest.Config{Topics: topics(), Items: 3, Params: params, Entry: site().DigestEntry, Holder: holder, Now: c.Now}
}

// server serves the store as `paperwire serve` does.
func server(t *testing.T, s serve.Store, c *clock) *httptest.Server {
	t.Helper()
	return serverOf(t, s, c, topics())
}

// serverOf serves the store with the given topics.
func serverOf(t *testing.T, s serve.Store, c *clock, ts []feed.Topic) *httptest.Server {
	t.Helper()
	h, err := serve.New(s, serve.Config{Site: site(), Topics: ts, Now: c.Now}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// get fetches a path and returns the response with its body read.
func get(t *testing.T, srv *httptest.Server, path string, hdr ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := srv.Client().Transport.RoundTrip(req) // no transparent gzip
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(body)
}

func dbPath(t *testing.T) string { return filepath.Join(t.TempDir(), "paperwire.db") }
