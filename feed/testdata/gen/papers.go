package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/paperwire/paperwire/feed/feedtest"
)

// Paper is one row of papers.tsv: a seed plus its invented arXiv identity.
// Its feedtest.Paper has the seed's position as Index, the authors in TeX
// form (as arXiv listings write them) and the first repository the
// abstract names as Code; ID is "2403.15123" or old style "hep-th/9901001".
type Paper struct {
	feedtest.Paper
	Version   int       // latest version
	Announced time.Time // midnight New York time of the first announcement
	Replaced  time.Time // announcement of the latest version (== Announced for v1)
}

// Primary is the primary category (always listed first).
func (p *Paper) Primary() string { return p.Categories[0] }

// VID is the versioned id of version v, e.g. 2403.15123v2.
func (p *Paper) VID(v int) string { return fmt.Sprintf("%sv%d", p.ID, v) }

// UnicodeAuthors returns the authors with TeX accents resolved, as the arXiv
// API and Hugging Face write them.
func (p *Paper) UnicodeAuthors() []string {
	out := make([]string, len(p.Authors))
	for i, a := range p.Authors {
		out[i] = texToUnicode(a)
	}
	return out
}

// pin fixes the identity of a seed that some fixture depends on. Every
// invented fact about a paper lives either here or in the PRNG draw of
// buildPapers; fixtures only read the resulting table.
type pin struct {
	day      string // first announcement (YYYY-MM-DD, New York)
	replaced string // announcement of the latest version when version > 1
	id       string // explicit id (old-style ids only)
	version  int
	cats     string // space-separated, primary first
	authors  string // semicolon-separated, TeX form
}

var pins = map[int]pin{
	// cs.CV listing, Monday 25 March 2024: new.
	0:  {day: "2024-03-25", replaced: "2024-03-26", version: 2, cats: "cs.CV cs.LG", authors: `Xinyu Chen; Anna M\"uller; Luis Garc\'ia; Wei Zhang`},
	4:  {day: "2024-03-25", version: 1, cats: "cs.CV cs.LG cs.GR", authors: `Elif Ta\c{s}kin; G\"{o}khan Yildiz; Mehmet Aydin; Sofia Rossi`},
	10: {day: "2024-03-25", version: 1, cats: "cs.CV eess.IV", authors: `Haoran Liu; Priya Raman; Tobias Fischer`},
	12: {day: "2024-03-25", version: 1, cats: "cs.CV", authors: `Jos\'e Ram\'irez; Yan Zhao; Kenji Tanaka; Mar\'ia L\'opez`},
	20: {day: "2024-03-25", version: 1, cats: "cs.CV cs.GR", authors: `Tom\'a\v{s} Dvo\v{r}\'ak; Jana Nov\'akov\'a; Ivan Petrov`},
	26: {day: "2024-03-25", version: 1, cats: "cs.CV cs.AI", authors: `Qiang Wu; Mei Lin; Arjun Sharma; Chloe Martin; Jun Park`},
	29: {day: "2024-03-25", version: 1, cats: "cs.CV cs.LG", authors: `Fran\c{c}ois Lef\` + "`" + `evre; Camille Dubois; Hiroshi Nakamura`},
	67: {day: "2024-03-25", version: 1, cats: "cs.CV", authors: `Suraj Patel; Ananya Iyer; Rahul Kumar`},
	// cs.CV listing, 25 March: cross-lists (primary elsewhere).
	1:  {day: "2024-03-25", version: 1, cats: "astro-ph.IM astro-ph.GA cs.CV cs.LG", authors: `Hannah Okafor; Kwame Mensah; Ingrid Johansson`},
	7:  {day: "2024-03-25", version: 1, cats: "cs.IR cs.CV cs.LG", authors: `Yuki Sato; Daniel Brown; Olga Ivanova`},
	23: {day: "2024-03-25", version: 1, cats: "cs.LG cs.AI cs.CV", authors: `Minh Nguyen; Sara Haddad; Ethan Lee`},
	// cs.CV listing, 25 March: replacements of papers first announced 1 March.
	14: {day: "2024-03-01", replaced: "2024-03-25", version: 3, cats: "cs.CV cs.LG", authors: `Mette {\O}stergaard; Lars Nielsen; Aisha Hosseini; Marco Romano`},
	70: {day: "2024-03-01", replaced: "2024-03-25", version: 2, cats: "cs.CV cs.LG", authors: `Lei Zhou; Bo Liang; Qing Zhang; Xin Wang`},
	61: {day: "2024-03-01", replaced: "2024-03-25", version: 2, cats: "cs.LG stat.ML cs.CV", authors: `Hao Wu; Teng Hu; Yi Liu; Jian Wang`},
	// cs.LG listing, Tuesday 26 March: new.
	38: {day: "2024-03-26", version: 1, cats: "cs.LG stat.ML", authors: `Noah Schmidt; Leila Haddad`},
	42: {day: "2024-03-26", version: 1, cats: "cs.LG cs.DB", authors: `Julia Kowalski; Ravi Singh; Emma Smith; Omar Haddad`},
	85: {day: "2024-03-26", version: 1, cats: "cs.LG cs.AI cs.CL", authors: `Ali Rahimi; Zhen Huang`},
	87: {day: "2024-03-26", version: 1, cats: "cs.LG stat.ML", authors: `Nikita Orlov; Daria Volkova; Yuri Sokolov`},
	93: {day: "2024-03-26", version: 1, cats: "cs.LG stat.ML", authors: `Yu Li; Tao Hu; Hao Zhang`},
	// cs.CV Atom listing, Wednesday 27 March: new.
	2:  {day: "2024-03-27", version: 1, cats: "cs.CV", authors: `Rui Ye; Dan Xiao`},
	5:  {day: "2024-03-27", version: 1, cats: "cs.CV cs.AI", authors: `Chen Xia; Xin Wang; Fei Lu`},
	32: {day: "2024-03-27", version: 1, cats: "cs.CV", authors: `Mingyu Hua; Dezhao Pan; Li Jiang`},
	50: {day: "2024-03-27", version: 1, cats: "cs.CV cs.NE", authors: `Xinyi Qin; Meng Yan; Gang Luo`},
	79: {day: "2024-03-27", version: 1, cats: "cs.CV cs.RO", authors: `Dongyu Zhao; Kang Li; Zhi Tang`},
	// Old-style identifiers: only in papers.tsv and the API fixture.
	90: {id: "hep-th/9901001", day: "1999-01-05", replaced: "2024-03-21", version: 2, cats: "hep-th cs.CV", authors: `Zeyu Yan; Feifei Fang; Runa Li`},
	91: {id: "math/0211159", day: "2002-11-12", version: 1, cats: "math.ST stat.ML cs.LG", authors: `Xuan Le; Lina Luu; Uwe Albrecht`},
}

// topicPrimary gives unpinned, non-vision seeds a plausible primary category.
var topicPrimary = map[int]string{
	25: "cs.CL", 37: "cs.IR", 41: "stat.ML", 45: "cs.LG", 46: "cs.IR", 48: "cs.IR",
	49: "cs.IR", 51: "cs.LG", 53: "cs.IR", 58: "cs.LG", 62: "cs.LG", 69: "cs.AI",
	71: "cs.IR", 75: "cs.IR", 76: "cs.LG", 77: "cs.LG", 82: "cs.AI", 84: "cs.LG",
}

var secondaryPool = []string{"cs.LG", "cs.AI", "cs.CV", "eess.IV", "stat.ML", "cs.MM", "cs.RO"}

var firstNames = []string{
	"Wei", "Yuki", "Priya", "Ahmed", "Sofia", "Daniel", "Mei", "Arjun", "Olga", "Kwame",
	"Hannah", "Jun", "Lucas", "Fatima", "Ravi", "Chloe", "Minh", "Sara", "Tobias", "Aisha",
	"Kenji", "Elena", "Omar", "Ingrid", "Haruto", "Nadia", "Pablo", "Yan", "Leila", "Marco",
	"Jia", "Ethan", "Zhen", "Rahul", "Emma", "Sung-min", "Ali", "Julia", "Xiang", "Noah",
}

var lastNames = []string{
	"Zhang", "Wang", "Li", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou",
	"Kim", "Park", "Singh", "Patel", "Kumar", "Nguyen", "Tanaka", "Sato", "Ivanova", "Rossi",
	"Schmidt", "Novak", "Okafor", "Haddad", "Silva", "Costa", "Johansson", "Kowalski", "Smith", "Brown",
	"Lee", "Martin", "Dubois", "Fischer", "Romano", "Hosseini", "Mensah", "Nakamura", "Sharma", "Moreau",
}

// accentedNames are whole names (TeX form) mixed into the random draws.
var accentedNames = []string{
	`Bj\"{o}rn Lindqvist`, `Ren\'e Fontaine`, `Nicol\'as Pe\~na`, `Ji\v{r}\'i Hor\'ak`,
	`Ay\c{s}e Demir`, `Zo\"e Hartmann`, `J\"urgen Wei\ss`, `In\'es Garc\'ia`,
}

// inventor draws the identities of the unpinned seeds from one fixed-seed
// PRNG, in seed order: the draws of one seed depend on those before it.
type inventor struct {
	rng   *rand.Rand
	march []time.Time // announcement days of the 2403 ids
	used  map[string]bool
}

// buildPapers derives the identity table from the seeds.
func buildPapers(seeds []feedtest.Seed) []*Paper {
	inv := &inventor{rng: rand.New(rand.NewPCG(0x5eed, 20240325)), march: marchAnnouncements(), used: map[string]bool{}}
	papers := make([]*Paper, len(seeds))
	for i, s := range seeds {
		papers[i] = inv.paper(i, s)
	}
	return papers
}

// paper invents seed i's identity: announcement, id, version, categories
// and authors, in that order of draws.
func (inv *inventor) paper(i int, s feedtest.Seed) *Paper {
	p := &Paper{Paper: feedtest.Paper{Index: i, Title: s.Title, Abstract: s.Abstract}}
	if len(s.Code) > 0 {
		p.Code = s.Code[0]
	}
	pn, pinned := pins[i]
	p.Announced = inv.announced(pn, pinned)
	p.ID = inv.id(pn, p.Announced)
	p.Version, p.Replaced = inv.version(pn, pinned, p.Announced)
	if pinned {
		p.Categories, p.Authors = strings.Fields(pn.cats), splitAuthors(pn.authors)
	} else {
		p.Categories, p.Authors = inv.categories(i), inv.authors()
	}
	return p
}

// announced is the first announcement: pinned, else 1 March (submitted
// 29 Feb: a 2402 id) for about one in seven, else a day of 4..22 March.
func (inv *inventor) announced(pn pin, pinned bool) time.Time {
	switch {
	case pinned:
		return day(pn.day)
	case inv.rng.IntN(100) < 15:
		return day("2024-03-01")
	default:
		return inv.march[inv.rng.IntN(15)]
	}
}

// id is the pinned old-style id, else a new-style id unused so far in the
// block of the announcement day.
func (inv *inventor) id(pn pin, announced time.Time) string {
	switch {
	case pn.id != "":
		return pn.id
	case announced.Month() == time.March && announced.Day() == 1:
		return inv.newID("2402", 19001, 19899)
	default:
		k := blockOf(announced)
		return inv.newID("2403", k*1000+1, k*1000+999)
	}
}

func (inv *inventor) newID(prefix string, lo, hi int) string {
	for {
		id := fmt.Sprintf("%s.%05d", prefix, lo+inv.rng.IntN(hi-lo+1))
		if !inv.used[id] {
			inv.used[id] = true
			return id
		}
	}
}

// version is the latest version and the announcement of it.
func (inv *inventor) version(pn pin, pinned bool, announced time.Time) (int, time.Time) {
	v := pn.version
	if !pinned {
		v = []int{1, 1, 1, 1, 1, 1, 1, 2, 2, 3}[inv.rng.IntN(10)]
	}
	switch {
	case pn.replaced != "":
		return v, day(pn.replaced)
	case v > 1:
		return v, addBusinessDays(announced, 2*(v-1)+inv.rng.IntN(3))
	}
	return v, announced
}

func splitAuthors(s string) []string {
	var out []string
	for _, a := range strings.Split(s, ";") {
		out = append(out, strings.TrimSpace(a))
	}
	return out
}

func (inv *inventor) categories(seed int) []string {
	primary := "cs.CV"
	if t, ok := topicPrimary[seed]; ok {
		primary = t
	}
	cats := []string{primary}
	for n := inv.rng.IntN(3); n > 0; n-- {
		c := secondaryPool[inv.rng.IntN(len(secondaryPool))]
		if !slices.Contains(cats, c) {
			cats = append(cats, c)
		}
	}
	return cats
}

func (inv *inventor) authors() []string {
	n := 2 + inv.rng.IntN(5)
	var out []string
	for len(out) < n {
		var name string
		if inv.rng.IntN(8) == 0 {
			name = accentedNames[inv.rng.IntN(len(accentedNames))]
		} else {
			name = firstNames[inv.rng.IntN(len(firstNames))] + " " + lastNames[inv.rng.IntN(len(lastNames))]
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}
