// Package topic files papers under topics by their rules (DESIGN §6).
package topic

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"unicode"

	"github.com/paperwire/paperwire/feed"
)

// Matcher decides which topics a paper belongs to.
type Matcher struct {
	rules []rule
}

type rule struct {
	slug       string
	keywords   []string // normalised phrases
	categories []string
	exclude    []string
}

// NewMatcher compiles the rules of the given topics.
func NewMatcher(topics []feed.Topic) *Matcher {
	m := &Matcher{}
	for _, t := range topics {
		m.rules = append(m.rules, rule{
			slug:       t.Slug,
			keywords:   normaliseAll(t.Keywords),
			categories: t.Categories,
			exclude:    normaliseAll(t.Exclude),
		})
	}
	return m
}

// Match returns the sorted slugs of the topics whose rules p satisfies.
func (m *Matcher) Match(p *feed.Paper) []string {
	text := " " + normalise(p.Title+" "+p.Abstract) + " "
	var slugs []string
	for _, r := range m.rules {
		if r.matches(text, p.Categories) {
			slugs = append(slugs, r.slug)
		}
	}
	slices.Sort(slugs)
	return slugs
}

func (r rule) matches(text string, categories []string) bool {
	if len(r.keywords) > 0 && !containsAny(text, r.keywords) {
		return false
	}
	if len(r.categories) > 0 && !overlaps(r.categories, categories) {
		return false
	}
	return !containsAny(text, r.exclude)
}

// containsAny reports whether text (normalised, space-padded) holds any of
// the phrases as whole words, the last word optionally with a plural "s".
func containsAny(text string, phrases []string) bool {
	for _, ph := range phrases {
		if strings.Contains(text, " "+ph+" ") || strings.Contains(text, " "+ph+"s ") {
			return true
		}
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

func normaliseAll(phrases []string) []string {
	out := make([]string, 0, len(phrases))
	for _, p := range phrases {
		if n := normalise(p); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// normalise lowercases s and turns every run of non-alphanumerics into
// one space, so that "Open-Vocabulary" and "open vocabulary" compare equal.
func normalise(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
			space = false
		} else if !space {
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
