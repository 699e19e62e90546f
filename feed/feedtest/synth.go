// Package feedtest builds synthetic source documents for tests and
// benchmarks, and holds the one writer of each source format: arXiv
// listings (RSS 2.0 and Atom) and API answers, Hugging Face daily papers
// JSON, hnrss, a subreddit's Atom, a WordPress blog, a bioRxiv RDF
// collection. cmd/paperbench writes its synthetic feeds with them and
// feed/testdata/gen the fixtures of feed/testdata. A Generator makes any
// number of distinct papers from the 94 seed papers (real titles and
// abstracts, embedded from seeds.json). Everything is a pure function of
// its arguments: the same call gives the same bytes.
package feedtest

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/rank"
)

//go:embed seeds.json
var seedsJSON []byte

// Seed is one seed paper: a real title and abstract.
type Seed struct {
	Title    string   `json:"title"`
	Abstract string   `json:"abstract"`
	Code     []string `json:"code"`
}

// Generator makes papers from seeds.
type Generator struct {
	seeds []Seed
}

// Seeds returns the embedded seed papers, in their order.
func Seeds() ([]Seed, error) {
	var seeds []Seed
	if err := json.Unmarshal(seedsJSON, &seeds); err != nil {
		return nil, fmt.Errorf("feedtest: read seeds: %w", err)
	}
	return seeds, nil
}

// New returns a generator over the embedded seeds.
func New() (*Generator, error) {
	seeds, err := Seeds()
	if err != nil {
		return nil, err
	}
	return &Generator{seeds: seeds}, nil
}

// Paper is one synthetic paper.
type Paper struct {
	Index      int
	ID         string   // new-style arXiv id, distinct per index
	Categories []string // primary first
	Authors    []string // TeX form, as arXiv listings write them
	Title      string
	Abstract   string
	Code       string // repository named in the abstract, if any
}

// Categories are the four listings of the default sources.
var Categories = []string{"cs.AI", "cs.CL", "cs.CV", "cs.LG"}

var crossPool = []string{"cs.AI", "cs.CL", "cs.CV", "cs.LG", "stat.ML", "eess.IV", "cs.RO", "cs.IR"}

var firstNames = []string{
	"Wei", "Yuki", "Priya", "Ahmed", "Sofia", "Daniel", "Mei", "Arjun", "Olga", "Kwame",
	"Hannah", "Jun", "Lucas", "Fatima", "Ravi", "Chloe", "Minh", "Sara", "Tobias", "Aisha",
}

var lastNames = []string{
	"Zhang", "Wang", "Li", "Liu", "Chen", "Kim", "Park", "Singh", "Patel", "Nguyen",
	"Tanaka", "Rossi", "Schmidt", "Novak", "Okafor", "Haddad", "Silva", "Smith", "Brown", "Lee",
}

var accented = []string{`Bj\"{o}rn Lindqvist`, `Ren\'e Fontaine`, `Nicol\'as Pe\~na`, `Ay\c{s}e Demir`}

// ID is the arXiv id of paper i: 5-digit numbers within a month, months
// from January 2021 on, so that every index has its own id.
func ID(i int) string {
	month := i / 100000
	return fmt.Sprintf("%02d%02d.%05d", 21+month/12, 1+month%12, i%100000)
}

// Paper returns paper i: seed i mod 94 under its own id, primary
// category cycling through Categories, one cross-list for every other
// paper, and two to five authors.
func (g *Generator) Paper(i int) Paper {
	s := g.seeds[i%len(g.seeds)]
	h := mix(uint64(i))
	p := Paper{Index: i, ID: ID(i), Title: s.Title, Abstract: s.Abstract}
	p.Categories = []string{Categories[i%len(Categories)]}
	if c := crossPool[h%uint64(len(crossPool))]; h%2 == 0 && c != p.Categories[0] {
		p.Categories = append(p.Categories, c)
	}
	for n := 2 + int(h>>8%4); len(p.Authors) < n; {
		k := mix(h + uint64(len(p.Authors)))
		name := firstNames[k%uint64(len(firstNames))] + " " + lastNames[k>>16%uint64(len(lastNames))]
		if k%9 == 0 {
			name = accented[k>>24%uint64(len(accented))]
		}
		p.Authors = append(p.Authors, name)
	}
	if len(s.Code) > 0 {
		p.Code = s.Code[0]
	}
	return p
}

// Papers returns papers from, from+1, … from+n-1.
func (g *Generator) Papers(from, n int) []Paper {
	out := make([]Paper, n)
	for k := range out {
		out[k] = g.Paper(from + k)
	}
	return out
}

// mix is splitmix64: a deterministic hash of an index.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// Stored returns the paper as a store holds it after one sighting by the
// listing of its primary category at the given time, filed under topics.
func (p Paper) Stored(at time.Time, topics ...string) *feed.Paper {
	at = at.UTC()
	score := rank.Defaults().Event(1, at)
	source := "arxiv-" + strings.ToLower(strings.ReplaceAll(p.Categories[0], ".", "-"))
	return &feed.Paper{
		Key: feed.ArxivKey(p.ID),
		Fields: feed.Fields{
			ArxivID: p.ID, Version: 1, Title: p.Title, Abstract: p.Abstract, Authors: p.Authors, Categories: p.Categories,
			Links:     feed.Links{Abstract: "https://arxiv.org/abs/" + p.ID, PDF: "https://arxiv.org/pdf/" + p.ID, Code: p.Code},
			Published: at,
		},
		Quality:   feed.QualityListing,
		Sightings: []feed.Sighting{{Source: source, Role: feed.RolePapers, Listing: true, At: at, Weight: 1, Score: score}},
		Score:     score, ScoreAt: at, FirstSeen: at, Updated: at,
		Topics: topics,
	}
}
