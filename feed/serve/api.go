package serve

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/normalize"
	"github.com/paperwire/paperwire/feed/render"
)

// paperView is the JSON of /api/papers/{key}: the paper, where it was
// seen, and how its score is made up.
type paperView struct {
	Key       string         `json:"key"`
	ID        string         `json:"id"`
	Fields    feed.Fields    `json:"fields"`
	Topics    []string       `json:"topics"`
	FirstSeen time.Time      `json:"first_seen"`
	Updated   time.Time      `json:"updated"`
	Signals   feed.Signals   `json:"signals"`
	Score     scoreView      `json:"score"`
	Sightings []sightingView `json:"sightings"`
	Why       string         `json:"why"`
}

type scoreView struct {
	Value    float64   `json:"value"`     // as of its last change
	At       time.Time `json:"at"`        // time of the last change
	Now      float64   `json:"now"`       // decayed to the time of the request
	Log      float64   `json:"log"`       // the time-invariant log form the index sorts by
	HalfLife string    `json:"half_life"` // decay
}

type sightingView struct {
	feed.Sighting
	Contribution float64 `json:"contribution"` // this source's share of the score, as of the score's last change
}

func (s *server) handlePaper(w http.ResponseWriter, r *http.Request) {
	key, err := normalize.ParseKey(r.PathValue("key"))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	p, err := s.Store.Paper(r.Context(), key)
	if isNotFound(err) {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "no paper " + key})
		return
	}
	if err != nil {
		s.Logger.Error("read paper", "key", key, "err", err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "store unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, s.view(p))
}

func (s *server) view(p *feed.Paper) paperView {
	params := s.Site.Params
	v := paperView{
		Key: p.Key, ID: render.ItemID(p.Key), Fields: p.Fields, Topics: p.Topics,
		FirstSeen: p.FirstSeen, Updated: p.Updated, Signals: p.Signals(),
		Score: scoreView{
			Value: params.Value(p.Score, p.ScoreAt), At: p.ScoreAt, Now: params.Value(p.Score, s.Now()),
			Log: p.Score, HalfLife: params.HalfLife.String(),
		},
		Why: s.Site.Why(render.Item{Paper: p}),
	}
	for _, g := range p.Sightings {
		v.Sightings = append(v.Sightings, sightingView{Sighting: g, Contribution: params.Value(g.Score, p.ScoreAt)})
	}
	return v
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
