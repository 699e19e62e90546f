package serve

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/normalize"
	"github.com/paperwire/paperwire/feed/rank"
	"github.com/paperwire/paperwire/feed/render"
)

// paperView is the JSON of /api/papers/{key}: the paper, where it was
// seen, and how its score is made up. A time or score the paper does not
// have yet (a dormant paper, known only from a replacement announcement,
// has no score event) is null, never a sentinel like year 1 or -MaxFloat64.
type paperView struct {
	Key       feed.Key       `json:"key"`
	ID        string         `json:"id"`
	Fields    feed.Fields    `json:"fields"`
	Topics    []string       `json:"topics"`
	FirstSeen *time.Time     `json:"first_seen"`
	Updated   *time.Time     `json:"updated"`
	Signals   feed.Signals   `json:"signals"`
	Score     scoreView      `json:"score"`
	Sightings []sightingView `json:"sightings"`
	Repo      string         `json:"repo,omitempty"` // GitHub "owner/repo"
	Stars     *starsView     `json:"stars,omitempty"`
	Why       string         `json:"why"`
}

// starsView is the paper's one star counter: its points, the
// repository's creation and the stars' share of the score.
type starsView struct {
	Count        int64            `json:"count"`
	History      []feed.StarPoint `json:"history"`
	Created      time.Time        `json:"repo_created,omitzero"`
	Contribution *float64         `json:"contribution"` // as of the score's last change
}

type scoreView struct {
	Value    *float64   `json:"value"`     // as of its last change
	At       *time.Time `json:"at"`        // time of the last change
	Now      *float64   `json:"now"`       // decayed to the time of the request
	Log      *float64   `json:"log"`       // the time-invariant log form the index sorts by
	HalfLife string     `json:"half_life"` // decay
}

type sightingView struct {
	Source       string       `json:"source"`
	Role         feed.Role    `json:"role"`
	Listing      bool         `json:"listing,omitempty"`
	At           *time.Time   `json:"at"`
	URL          string       `json:"url,omitempty"`
	Signals      feed.Signals `json:"signals,omitzero"`
	Weight       float64      `json:"weight"`
	Score        *float64     `json:"score"`        // log form of this source's events
	Contribution *float64     `json:"contribution"` // this source's share of the score, as of the score's last change
}

// maxKey bounds a paper key (or URL) in /api/papers/{key}; error
// messages repeat the key, so a longer one is refused unread.
const maxKey = 512

func (s *server) handlePaper(w http.ResponseWriter, r *http.Request) {
	raw := r.PathValue("key")
	if len(raw) > maxKey {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("paper key of %d bytes: at most %d", len(raw), maxKey)})
		return
	}
	key, err := normalize.ParseKey(raw)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	p, err := s.Store.Paper(r.Context(), key)
	if isNotFound(err) {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "no paper " + key.String()})
		return
	}
	if err != nil {
		if r.Context().Err() == nil {
			s.Cache.health.observe(err) // logged once per outage
		}
		w.Header().Set("Retry-After", retryAfter)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "store unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, s.view(p))
}

func (s *server) view(p *feed.Paper) paperView {
	v := paperView{
		Key: p.Key, ID: p.Key.ItemID(), Fields: p.Fields, Topics: p.Topics,
		FirstSeen: render.OptTime(p.FirstSeen), Updated: render.OptTime(p.Updated), Signals: p.Signals(),
		Score: s.scoreView(p), Repo: p.Repo, Why: s.Site.Why(render.Item{Paper: p}),
	}
	if len(p.Stars.History) > 0 {
		v.Stars = &starsView{Count: p.Stars.Count(), History: p.Stars.History, Created: p.Stars.Created}
		if p.Stars.Score != 0 && !p.ScoreAt.IsZero() {
			v.Stars.Contribution = optFloat(s.Site.Params.Value(p.Stars.Score, p.ScoreAt))
		}
	}
	for _, g := range p.Sightings {
		v.Sightings = append(v.Sightings, s.sightingView(p, g))
	}
	return v
}

// scoreView is the paper's score, all null while it has no event.
func (s *server) scoreView(p *feed.Paper) scoreView {
	params := s.Site.Params
	v := scoreView{HalfLife: params.HalfLife.String()}
	if p.Score == rank.Empty || p.ScoreAt.IsZero() {
		return v
	}
	v.Value, v.At = optFloat(params.Value(p.Score, p.ScoreAt)), render.OptTime(p.ScoreAt)
	v.Now, v.Log = optFloat(params.Value(p.Score, s.Now())), optFloat(p.Score)
	return v
}

func (s *server) sightingView(p *feed.Paper, g feed.Sighting) sightingView {
	v := sightingView{
		Source: g.Source, Role: g.Role, Listing: g.Listing, At: render.OptTime(g.At), URL: g.URL,
		Signals: g.Signals, Weight: g.Weight,
	}
	if g.Score != rank.Empty && !p.ScoreAt.IsZero() {
		v.Score, v.Contribution = optFloat(g.Score), optFloat(s.Site.Params.Value(g.Score, p.ScoreAt))
	}
	return v
}

// optFloat is f, or nil (JSON null) when it is not a finite number.
func optFloat(f float64) *float64 {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return nil
	}
	return &f
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
