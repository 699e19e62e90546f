package feed

import "time"

// Paper is the merged, deduplicated record of one paper across sources.
// Its JSON form is what stores persist, so every field is deterministic:
// the same observations in the same order give the same bytes.
type Paper struct {
	Key       Key        `json:"key"`
	Fields               // best descriptive fields seen so far
	Quality   Quality    `json:"quality"`
	Sightings []Sighting `json:"sightings"`         // one per source, sorted by source name
	Score     float64    `json:"score"`             // log-form trending score (see feed/rank)
	ScoreAt   time.Time  `json:"score_at,omitzero"` // time of the last score change
	FirstSeen time.Time  `json:"first_seen"`
	Updated   time.Time  `json:"updated"`          // time of the last change of anything
	Topics    []string   `json:"topics,omitempty"` // slugs of the topics whose rules match, sorted
	// RepoDeclared: the repository was named by a source (Hugging Face's
	// githubRepo), not found in the abstract; a declared one wins.
	RepoDeclared bool  `json:"repo_declared,omitempty"`
	Stars        Stars `json:"stars,omitzero"` // the one star counter of the paper's repository
}

// MergeFunc receives the current state of the requested papers (nil for
// unknown keys) and returns the papers that changed, in full. It must be
// pure: a store may call it more than once (optimistic retries, group
// commits).
type MergeFunc func(current map[Key]*Paper) ([]*Paper, error)

// Sighting is what one source has contributed to a paper.
type Sighting struct {
	Source  string    `json:"source"`
	Role    Role      `json:"role"`
	Listing bool      `json:"listing,omitempty"`
	At      time.Time `json:"at"`            // first sighting
	URL     string    `json:"url,omitempty"` // where the source shows the paper
	Signals Signals   `json:"signals,omitzero"`
	Weight  float64   `json:"weight"` // weight its first sighting carried
	Score   float64   `json:"score"`  // log-form sum of this source's events
}

// Sighting returns the sighting of the named source, if any.
func (p *Paper) Sighting(source string) (*Sighting, bool) {
	for i := range p.Sightings {
		if p.Sightings[i].Source == source {
			return &p.Sightings[i], true
		}
	}
	return nil, false
}

// Signals sums the engagement every source reports; stars are the
// paper's one star counter.
func (p *Paper) Signals() Signals {
	var s Signals
	for _, g := range p.Sightings {
		s = s.Add(g.Signals)
	}
	s.Stars = max(s.Stars, p.Stars.Count()) // sightings stored before the one counter carry their own
	return s
}

// Clone returns a deep copy, so a merge can change it without touching
// the caller's value.
func (p *Paper) Clone() *Paper {
	c := *p
	c.Authors = append([]string(nil), p.Authors...)
	c.Categories = append([]string(nil), p.Categories...)
	c.Sightings = append([]Sighting(nil), p.Sightings...)
	c.Topics = append([]string(nil), p.Topics...)
	c.Stars = p.Stars.clone()
	return &c
}
