// Package feedtest builds synthetic, arXiv-like source documents for
// benchmarks: any number of distinct papers made from the 94 seed papers
// (real titles and abstracts, embedded from seeds.json), written as
// rss.arxiv.org listing RSS 2.0 and as Hugging Face daily papers JSON, in
// the formats of feed/testdata. Everything is a pure function of its
// arguments: the same call gives the same bytes.
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

// New returns a generator over the embedded seeds.
func New() (*Generator, error) {
	var seeds []Seed
	if err := json.Unmarshal(seedsJSON, &seeds); err != nil {
		return nil, fmt.Errorf("feedtest: read seeds: %w", err)
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

// Entry is one item of a listing.
type Entry struct {
	Paper   Paper
	Type    string // new, cross, replace, replace-cross
	Version int    // 1 for new and cross
}

// Listing returns entries for papers: "new" where cat is the primary
// category, else "cross".
func Listing(cat string, papers []Paper) []Entry {
	out := make([]Entry, len(papers))
	for k, p := range papers {
		typ := "cross"
		if p.Categories[0] == cat {
			typ = "new"
		}
		out[k] = Entry{Paper: p, Type: typ, Version: 1}
	}
	return out
}

var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// ListingRSS writes an rss.arxiv.org listing of cat announced on date.
func ListingRSS(cat string, date time.Time, entries []Entry) []byte {
	var b strings.Builder
	b.Grow(len(entries)*2300 + 1200)
	b.WriteString("<?xml version='1.0' encoding='UTF-8'?>\n")
	b.WriteString(`<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">` + "\n")
	b.WriteString("  <channel>\n")
	fmt.Fprintf(&b, "    <title>%s updates on arXiv.org</title>\n", cat)
	fmt.Fprintf(&b, "    <link>http://rss.arxiv.org/rss/%s</link>\n", cat)
	fmt.Fprintf(&b, "    <description>%s updates on the arXiv.org e-print archive.</description>\n", cat)
	fmt.Fprintf(&b, "    <atom:link href=\"http://rss.arxiv.org/rss/%s\" rel=\"self\" type=\"application/rss+xml\"/>\n", cat)
	b.WriteString("    <docs>http://www.rssboard.org/rss-specification</docs>\n    <language>en-us</language>\n")
	fmt.Fprintf(&b, "    <lastBuildDate>%s</lastBuildDate>\n", date.Add(time.Second).UTC().Format(time.RFC1123Z))
	b.WriteString("    <managingEditor>rss-help@arxiv.org</managingEditor>\n")
	fmt.Fprintf(&b, "    <pubDate>%s</pubDate>\n", date.Format(time.RFC1123Z))
	b.WriteString("    <skipDays>\n      <day>Sunday</day>\n      <day>Saturday</day>\n    </skipDays>\n")
	for _, e := range entries {
		writeItem(&b, date, e)
	}
	b.WriteString("  </channel>\n</rss>\n")
	return []byte(b.String())
}

func writeItem(b *strings.Builder, date time.Time, e Entry) {
	p := e.Paper
	vid := fmt.Sprintf("%sv%d", p.ID, e.Version)
	b.WriteString("    <item>\n")
	fmt.Fprintf(b, "      <title>%s</title>\n", textEscaper.Replace(p.Title))
	fmt.Fprintf(b, "      <link>https://arxiv.org/abs/%s</link>\n", p.ID)
	desc := fmt.Sprintf("arXiv:%s Announce Type: %s \nAbstract: %s", vid, e.Type, p.Abstract)
	fmt.Fprintf(b, "      <description>%s</description>\n", textEscaper.Replace(desc))
	fmt.Fprintf(b, "      <guid isPermaLink=\"false\">oai:arXiv.org:%s</guid>\n", vid)
	for _, c := range p.Categories {
		fmt.Fprintf(b, "      <category>%s</category>\n", c)
	}
	fmt.Fprintf(b, "      <pubDate>%s</pubDate>\n", date.Format(time.RFC1123Z))
	fmt.Fprintf(b, "      <arxiv:announce_type>%s</arxiv:announce_type>\n", e.Type)
	b.WriteString("      <dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>\n")
	fmt.Fprintf(b, "      <dc:creator>%s</dc:creator>\n", textEscaper.Replace(strings.Join(p.Authors, ", ")))
	b.WriteString("    </item>\n")
}

// Daily is one paper of a Hugging Face daily papers list.
type Daily struct {
	Paper    Paper
	Upvotes  int64
	Stars    int64
	Comments int64
}

type hfAuthor struct {
	Name string `json:"name"`
}

type hfPaper struct {
	ID          string     `json:"id"`
	Authors     []hfAuthor `json:"authors"`
	PublishedAt string     `json:"publishedAt"`
	Title       string     `json:"title"`
	Summary     string     `json:"summary"`
	Upvotes     int64      `json:"upvotes"`
	GithubRepo  string     `json:"githubRepo,omitempty"`
	GithubStars *int64     `json:"githubStars,omitempty"`
}

type hfEntry struct {
	Paper       hfPaper `json:"paper"`
	PublishedAt string  `json:"publishedAt"`
	Title       string  `json:"title"`
	NumComments int64   `json:"numComments"`
}

// HFDaily writes a Hugging Face daily papers list of date.
func HFDaily(date time.Time, papers []Daily) ([]byte, error) {
	out := make([]hfEntry, len(papers))
	for k, d := range papers {
		at := date.UTC().Add(time.Duration(9*3600+k*600) * time.Second).Format("2006-01-02T15:04:05.000Z")
		hp := hfPaper{ID: d.Paper.ID, PublishedAt: at, Title: d.Paper.Title, Summary: d.Paper.Abstract, Upvotes: d.Upvotes}
		for _, a := range d.Paper.Authors {
			hp.Authors = append(hp.Authors, hfAuthor{Name: a})
		}
		if d.Paper.Code != "" {
			stars := d.Stars
			hp.GithubRepo, hp.GithubStars = d.Paper.Code, &stars
		}
		out[k] = hfEntry{Paper: hp, PublishedAt: at, Title: d.Paper.Title, NumComments: d.Comments}
	}
	b, err := json.Marshal(out)
	if err != nil {
		return nil, fmt.Errorf("feedtest: encode daily papers: %w", err)
	}
	return b, nil
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
