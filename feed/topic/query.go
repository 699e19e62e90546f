package topic

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/paperwire/paperwire/feed"
)

// Limits of a query (ARCHITECTURE.md §D11).
const (
	MaxQueryBytes = 256
	MaxQueryTerms = 16
)

// ErrBadQuery wraps every reason a query is refused.
var ErrBadQuery = errors.New("bad query")

// Query is a parsed, canonical query feed (ARCHITECTURE.md §D11): a paper matches
// when every clause of All has an atom it matches, and no atom of None.
// An atom matches as a topic keyword or category does.
type Query struct {
	All       [][]Atom // clauses, ANDed; the atoms of one clause are ORed
	None      []Atom   // excluded atoms
	canonical string
	m         *Matcher // finds the phrases of the atoms
	ids       map[string]int
}

// Atom is one phrase (its normalised words) or one category.
type Atom struct {
	Words    []string // lower-case words; the last may be followed by "s"
	Category string   // lower case; set instead of Words for cat:X
}

// String is the atom as it is written in a canonical query.
func (a Atom) String() string {
	if a.Category != "" {
		return "cat:" + a.Category
	}
	if len(a.Words) == 1 && a.Words[0] != "or" {
		return a.Words[0]
	}
	return `"` + strings.Join(a.Words, " ") + `"`
}

// token is one lexical element of a query: an atom, maybe negated, or OR.
type token struct {
	atom    Atom
	negated bool
	or      bool
}

// ParseQuery parses a query as users type it: terms ANDed, OR between
// terms, "quoted phrases", cat:cs.CV, -term. Errors wrap ErrBadQuery and
// say in one line what is wrong.
func ParseQuery(raw string) (*Query, error) {
	if len(raw) > MaxQueryBytes {
		return nil, fmt.Errorf("%w: longer than %d bytes", ErrBadQuery, MaxQueryBytes)
	}
	toks, err := lex(raw)
	if err != nil {
		return nil, err
	}
	q, err := group(toks)
	if err != nil {
		return nil, err
	}
	q.canonicalise()
	q.compile()
	return q, nil
}

// lex splits a query into tokens; words that normalise to nothing
// (punctuation) are dropped.
func lex(raw string) ([]token, error) {
	if strings.Count(raw, `"`)%2 != 0 {
		return nil, fmt.Errorf("%w: unbalanced quotes", ErrBadQuery)
	}
	var toks []token
	for rest := strings.TrimLeftFunc(raw, unicode.IsSpace); rest != ""; rest = strings.TrimLeftFunc(rest, unicode.IsSpace) {
		var t token
		var text string
		text, rest, t.negated = cutToken(rest)
		switch {
		case text == "OR" && !t.negated:
			t.or = true
		case len(text) > 4 && strings.EqualFold(text[:4], "cat:") && !strings.HasPrefix(text, `"`):
			t.atom.Category = strings.ToLower(text[4:])
		case strings.EqualFold(text, "cat:"):
			return nil, fmt.Errorf("%w: cat: needs a category, as in cat:cs.CV", ErrBadQuery)
		default:
			n := normalise(strings.Trim(text, `"`))
			if n == "" {
				continue
			}
			t.atom.Words = strings.Split(n, " ")
		}
		toks = append(toks, t)
	}
	return toks, nil
}

// cutToken returns the first token of s (a "quoted phrase" with its
// quotes, or a run up to white space or a quote), the rest, and whether
// it was negated with a leading "-".
func cutToken(s string) (text, rest string, negated bool) {
	if len(s) > 1 && s[0] == '-' && !unicode.IsSpace(rune(s[1])) {
		s, negated = s[1:], true
	}
	if s[0] == '"' {
		end := strings.IndexByte(s[1:], '"') + 2 // balanced: there is one
		return s[:end], s[end:], negated
	}
	end := strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '"' })
	if end < 0 {
		end = len(s)
	}
	return s[:end], s[end:], negated
}

// group builds the clauses: OR binds the atoms on each side of it.
func group(toks []token) (*Query, error) {
	q := &Query{}
	terms, joining := 0, false
	for i, t := range toks {
		switch {
		case t.or:
			if i == 0 || i == len(toks)-1 || toks[i-1].or || toks[i-1].negated || toks[i+1].or || toks[i+1].negated {
				return nil, fmt.Errorf("%w: OR needs a term on each side (and cannot join a -term)", ErrBadQuery)
			}
			joining = true
			continue
		case t.negated:
			q.None = append(q.None, t.atom)
		case joining:
			q.All[len(q.All)-1] = append(q.All[len(q.All)-1], t.atom)
		default:
			q.All = append(q.All, []Atom{t.atom})
		}
		joining = false
		if terms++; terms > MaxQueryTerms {
			return nil, fmt.Errorf("%w: more than %d terms", ErrBadQuery, MaxQueryTerms)
		}
	}
	if terms == 0 {
		return nil, fmt.Errorf("%w: empty query: type some words", ErrBadQuery)
	}
	return q, nil
}

// canonicalise sorts and deduplicates atoms and clauses, so that case,
// spacing and term order do not make two queries differ.
func (q *Query) canonicalise() {
	for i, c := range q.All {
		q.All[i] = sortAtoms(c)
	}
	slices.SortFunc(q.All, func(a, b []Atom) int { return strings.Compare(clauseString(a), clauseString(b)) })
	q.All = slices.CompactFunc(q.All, func(a, b []Atom) bool { return clauseString(a) == clauseString(b) })
	q.None = sortAtoms(q.None)
	parts := make([]string, 0, len(q.All)+len(q.None))
	for _, c := range q.All {
		parts = append(parts, clauseString(c))
	}
	for _, a := range q.None {
		parts = append(parts, "-"+a.String())
	}
	q.canonical = strings.Join(parts, " ")
}

func sortAtoms(as []Atom) []Atom {
	slices.SortFunc(as, func(a, b Atom) int { return strings.Compare(a.String(), b.String()) })
	return slices.CompactFunc(as, func(a, b Atom) bool { return a.String() == b.String() })
}

func clauseString(c []Atom) string {
	s := make([]string, len(c))
	for i, a := range c {
		s[i] = a.String()
	}
	return strings.Join(s, " OR ")
}

// compile builds the matcher of the query's phrases, as topic keywords
// are compiled.
func (q *Query) compile() {
	q.m, q.ids = &Matcher{starts: map[string][]int{}}, map[string]int{}
	for _, a := range q.atoms() {
		if a.Category == "" {
			q.m.compile(q.ids, []string{strings.Join(a.Words, " ")})
		}
	}
}

// atoms returns every atom, included or excluded.
func (q *Query) atoms() []Atom {
	return append(slices.Concat(q.All...), q.None...)
}

// String is the canonical form: equivalent queries have the same one,
// and parsing it gives the same query.
func (q *Query) String() string { return q.canonical }

// Match reports whether p matches the query, with the same word matching
// as topic keywords (Matcher.Match).
func (q *Query) Match(p *feed.Paper) bool {
	found := q.m.find(p.Title, p.Abstract)
	has := func(a Atom) bool {
		if a.Category != "" {
			return overlaps([]string{a.Category}, p.Categories)
		}
		return found[q.ids[strings.Join(a.Words, " ")]]
	}
	for _, c := range q.All {
		if !slices.ContainsFunc(c, has) {
			return false
		}
	}
	return !slices.ContainsFunc(q.None, has)
}

// Words calls fn with each word of a paper's title and abstract, lower
// cased, in order: the words Matcher and Query match phrases against.
// The slice passed to fn is only valid during the call.
func Words(title, abstract string, fn func(word []byte)) {
	text := lowerText(title, abstract)
	for i := 0; i < len(text); {
		start, end := nextWord(text, i)
		if start < end {
			fn(text[start:end])
		}
		i = end
	}
}
