// Package topic files papers under topics by their rules (ARCHITECTURE.md §D6).
package topic

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/paperwire/paperwire/feed"
)

// Matcher decides which topics a paper belongs to. Every keyword and
// exclusion phrase of every topic is found in one pass over the words of
// a paper's text.
type Matcher struct {
	rules   []rule
	phrases [][]string       // normalised words of each distinct phrase
	starts  map[string][]int // a phrase's first word → the phrases it starts
	// sizes[c] has bit n set when a key of starts begins with byte c and
	// is n bytes long (63: longer): most words need no map lookup.
	sizes [256]uint64
}

type rule struct {
	slug       string
	keywords   []int // phrase indexes
	categories []string
	exclude    []int
}

// NewMatcher compiles the rules of the given topics.
func NewMatcher(topics []feed.Topic) *Matcher {
	m := &Matcher{starts: map[string][]int{}}
	ids := map[string]int{}
	for _, t := range topics {
		m.rules = append(m.rules, rule{
			slug:       t.Slug,
			keywords:   m.compile(ids, t.Keywords),
			categories: t.Categories,
			exclude:    m.compile(ids, t.Exclude),
		})
	}
	return m
}

// compile returns the indexes of phrases, adding the new ones. A
// one-word phrase also starts with its plural.
func (m *Matcher) compile(ids map[string]int, phrases []string) []int {
	out := make([]int, 0, len(phrases))
	for _, ph := range phrases {
		n := normalise(ph)
		if n == "" {
			continue
		}
		id, ok := ids[n]
		if !ok {
			id = len(m.phrases)
			ids[n] = id
			words := strings.Split(n, " ")
			m.phrases = append(m.phrases, words)
			m.addStart(words[0], id)
			if len(words) == 1 {
				m.addStart(words[0]+"s", id)
			}
		}
		out = append(out, id)
	}
	return out
}

func (m *Matcher) addStart(word string, id int) {
	m.starts[word] = append(m.starts[word], id)
	m.sizes[word[0]] |= 1 << min(len(word), 63)
}

// mayStart reports whether a phrase may start with word.
func (m *Matcher) mayStart(word []byte) bool {
	return len(word) > 0 && m.sizes[word[0]]&(1<<min(len(word), 63)) != 0
}

// Match returns the sorted slugs of the topics whose rules p satisfies.
func (m *Matcher) Match(p *feed.Paper) []string {
	found := m.find(p.Title, p.Abstract)
	var slugs []string
	for _, r := range m.rules {
		if r.matches(found, p.Categories) {
			slugs = append(slugs, r.slug)
		}
	}
	slices.Sort(slugs)
	return slugs
}

func (r rule) matches(found []bool, categories []string) bool {
	if len(r.keywords) > 0 && !anyFound(found, r.keywords) {
		return false
	}
	if len(r.categories) > 0 && !overlaps(r.categories, categories) {
		return false
	}
	return !anyFound(found, r.exclude)
}

func anyFound(found []bool, ids []int) bool {
	for _, id := range ids {
		if found[id] {
			return true
		}
	}
	return false
}

// find reports which phrases the title and abstract hold as whole words
// (letters and digits, lower-cased), the last word optionally with a
// plural "s".
func (m *Matcher) find(title, abstract string) []bool {
	found := make([]bool, len(m.phrases))
	if len(m.phrases) == 0 {
		return found
	}
	text := lowerText(title, abstract)
	for i := 0; i < len(text); {
		start, end := nextWord(text, i)
		if !m.mayStart(text[start:end]) {
			i = end
			continue
		}
		for _, id := range m.starts[string(text[start:end])] {
			found[id] = found[id] || phraseAt(text, start, m.phrases[id])
		}
		i = end
	}
	return found
}

// lowerText is title, a space and abstract, lower-cased (byte by byte
// when they are ASCII).
func lowerText(title, abstract string) []byte {
	b := make([]byte, 0, len(title)+1+len(abstract))
	b = append(append(append(b, title...), ' '), abstract...)
	for i, c := range b {
		if c >= utf8.RuneSelf {
			return []byte(strings.ToLower(title + " " + abstract))
		}
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return b
}

// nextWord returns the bounds of the first word of the lower-cased text
// at or after i (start == end when there is none).
func nextWord(text []byte, i int) (start, end int) {
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf {
			if wordByte(c) {
				break
			}
			i++
			continue
		}
		n, ok := wordRune(text[i:])
		if ok {
			break
		}
		i += n
	}
	start = i
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf {
			if !wordByte(c) {
				break
			}
			i++
			continue
		}
		n, ok := wordRune(text[i:])
		if !ok {
			break
		}
		i += n
	}
	return start, i
}

// wordByte reports whether an ASCII byte is a letter or digit, looked up
// in two 64-bit masks.
func wordByte(c byte) bool {
	const (
		low  = 0x03ff000000000000 // '0'..'9'
		high = 0x07fffffe07fffffe // 'A'..'Z', 'a'..'z' (from 64)
	)
	if c < 64 {
		return low>>c&1 != 0
	}
	return high>>(c&63)&1 != 0
}

// wordRune reports the size of the first rune of b and whether it is a
// letter or digit.
func wordRune(b []byte) (int, bool) {
	r, n := utf8.DecodeRune(b)
	return n, unicode.IsLetter(r) || unicode.IsDigit(r)
}

// phraseAt reports whether the words of text from start are the
// phrase's, its last word optionally followed by "s".
func phraseAt(text []byte, start int, phrase []string) bool {
	i, last := start, len(phrase)-1
	for k, want := range phrase {
		s, e := nextWord(text, i)
		w := text[s:e]
		if k < last && string(w) != want {
			return false
		}
		if k == last {
			return string(w) == want || len(w) == len(want)+1 && w[len(w)-1] == 's' && string(w[:len(w)-1]) == want
		}
		i = e
	}
	return false
}

func overlaps(want, have []string) bool {
	for _, w := range want {
		for _, h := range have {
			if strings.EqualFold(w, h) {
				return true
			}
		}
	}
	return false
}

// normalise lowercases s and turns every run of non-alphanumerics into
// one space, so that "Open-Vocabulary" and "open vocabulary" compare equal.
func normalise(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		i += n
		switch {
		case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
			b.WriteByte(byte(r))
			space = false
		case 'A' <= r && r <= 'Z':
			b.WriteByte(byte(r) + 'a' - 'A')
			space = false
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
			space = false
		case !space:
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSuffix(b.String(), " ")
}

// Fingerprint identifies a set of topic rules: when it changes, every
// paper's topics must be recomputed.
func Fingerprint(topics []feed.Topic) string {
	type rules struct {
		Slug                          string
		Keywords, Categories, Exclude []string
	}
	rs := make([]rules, len(topics))
	for i, t := range topics {
		rs[i] = rules{t.Slug, t.Keywords, t.Categories, t.Exclude}
	}
	b, _ := json.Marshal(rs) // plain strings: cannot fail
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}
