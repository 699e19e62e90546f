// Package feed holds Paperwire's domain types: sources, observations,
// papers, topics and the state kept about each source. It imports nothing
// of Paperwire's own; every pipeline stage imports it.
package feed

import (
	"errors"
	"time"
)

// ErrNotFound is returned by stores when a paper, topic or source is unknown.
var ErrNotFound = errors.New("not found")

// ErrChangesLost is returned by a store's change log when a cursor is
// older than what the log still holds: the reader must start over.
var ErrChangesLost = errors.New("change log no longer reaches the cursor")

// Role says how a source's items relate to papers.
type Role string

const (
	// RolePapers: every item is a paper (arXiv listings, the arXiv API, journals).
	RolePapers Role = "papers"
	// RoleMentions: an item mentions each paper it links to (HN, Reddit, blogs).
	RoleMentions Role = "mentions"
)

// Kind says how a source's bytes are parsed.
type Kind string

const (
	// KindFeed is any RSS, Atom or JSON Feed document, parsed by gofeed.
	KindFeed Kind = "feed"
	// KindHFDaily is the Hugging Face daily papers JSON API.
	KindHFDaily Kind = "hf-daily"
)

// Source is one polled URL.
type Source struct {
	Name   string        `json:"name"`
	URL    string        `json:"url"`
	Kind   Kind          `json:"kind"`
	Role   Role          `json:"role"`
	Every  time.Duration `json:"every"`
	Weight float64       `json:"weight,omitempty"` // sighting weight; 0 means the role's default
}

// Signals are engagement counters a source reports for a paper.
type Signals struct {
	Upvotes  int64 `json:"upvotes,omitempty"`
	Points   int64 `json:"points,omitempty"`
	Stars    int64 `json:"stars,omitempty"`
	Comments int64 `json:"comments,omitempty"`
}

// Max returns the field-wise maximum of s and o.
func (s Signals) Max(o Signals) Signals {
	return Signals{
		Upvotes:  max(s.Upvotes, o.Upvotes),
		Points:   max(s.Points, o.Points),
		Stars:    max(s.Stars, o.Stars),
		Comments: max(s.Comments, o.Comments),
	}
}

// Add returns the field-wise sum of s and o.
func (s Signals) Add(o Signals) Signals {
	return Signals{
		Upvotes:  s.Upvotes + o.Upvotes,
		Points:   s.Points + o.Points,
		Stars:    s.Stars + o.Stars,
		Comments: s.Comments + o.Comments,
	}
}

// IsZero reports whether no counter is set.
func (s Signals) IsZero() bool { return s == Signals{} }

// Links are the places a paper can be read.
type Links struct {
	Abstract string `json:"abstract,omitempty"` // abstract page (arXiv abs, DOI resolver, or the item link)
	PDF      string `json:"pdf,omitempty"`
	Code     string `json:"code,omitempty"`
	HF       string `json:"hf,omitempty"` // Hugging Face paper page
}

// Quality ranks how authoritative a source is for a paper's descriptive
// fields: a paper listing beats an aggregator, which beats a mention.
type Quality int

const (
	QualityMention    Quality = 1
	QualityAggregator Quality = 2
	QualityListing    Quality = 3
)

// Fields are what an observation says about a paper.
type Fields struct {
	ArxivID    string    `json:"arxiv_id,omitempty"`
	Version    int       `json:"version,omitempty"`
	DOI        string    `json:"doi,omitempty"` // journal or publisher DOI, lower case
	Title      string    `json:"title,omitempty"`
	Abstract   string    `json:"abstract,omitempty"`
	Authors    []string  `json:"authors,omitempty"`
	Categories []string  `json:"categories,omitempty"`
	Links      Links     `json:"links"`
	Published  time.Time `json:"published,omitzero"`
	Repo       string    `json:"repo,omitempty"` // GitHub repository, "owner/repo" lower case
}

// Observation is one source's sighting of one paper at one time.
type Observation struct {
	Key     Key       // canonical paper key
	Source  string    // source name
	Role    Role      // role of the source
	Weight  float64   // sighting weight of the source (0: role default)
	Listing bool      // an arXiv listing item: all listings of a paper count once
	Update  bool      // a "replace" announcement: a new version of a known paper
	SeenAt  time.Time // when the source was polled
	At      time.Time // when the sighting happened (item date, never after SeenAt)
	Quality Quality
	Fields  Fields
	Signals Signals
	URL     string // where the source shows it (discussion thread, blog post)
	// RepoDeclared: Fields.Repo is named by the source itself (Hugging
	// Face's githubRepo), not found in the abstract.
	RepoDeclared bool
}
