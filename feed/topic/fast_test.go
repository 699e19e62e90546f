package topic

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/paperwire/paperwire/feed"
)

// refMatch is the earlier Matcher.Match (issue 4 replaced it by a one-pass
// word scan): padded substring search in the normalised text.
func refMatch(topics []feed.Topic, p *feed.Paper) []string {
	text := " " + refNormalise(p.Title+" "+p.Abstract) + " "
	contains := func(phrases []string) bool {
		for _, ph := range phrases {
			n := refNormalise(ph)
			if n != "" && (strings.Contains(text, " "+n+" ") || strings.Contains(text, " "+n+"s ")) {
				return true
			}
		}
		return false
	}
	var slugs []string
	for _, t := range topics {
		if len(t.Keywords) > 0 && !contains(t.Keywords) {
			continue
		}
		if len(t.Categories) > 0 && !overlaps(t.Categories, p.Categories) {
			continue
		}
		if !contains(t.Exclude) {
			slugs = append(slugs, t.Slug)
		}
	}
	slices.Sort(slugs)
	return slugs
}

func refNormalise(s string) string {
	var b strings.Builder
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

func TestMatchAgreesWithReference(t *testing.T) {
	topics := []feed.Topic{
		{Slug: "all"},
		{Slug: "llm", Keywords: []string{"large language model", "LLM", "language model"}},
		{Slug: "det", Keywords: []string{"object detection", "detector", "DETR", "YOLO"}, Exclude: []string{"survey"}},
		{Slug: "seg", Keywords: []string{"segmentation", "segment anything"}, Categories: []string{"cs.CV"}},
		{Slug: "ov", Keywords: []string{"Open-Vocabulary", "zero shot"}},
		{Slug: "ünï", Keywords: []string{"Ünïcode façade", "ĳ"}},
		{Slug: "dup", Keywords: []string{"llm", "LLMs"}, Exclude: []string{"language model"}},
	}
	m := NewMatcher(topics)
	words := []string{"large", "Language", "model", "models", "LLMs", "llm", "object", "detection", "detections", "detector",
		"DETRs", "yolo", "survey", "surveys", "segmentation", "Segment", "anything", "open", "vocabulary", "Open-Vocabulary", "zero-shot",
		"ünïcode", "FAÇADE", "façades", "ĳ", "İ", "\xff", "-", ",", "  ", "\t", "(LLM)", "3D", "s"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		var title, abstract []string
		for n := rng.IntN(8); n > 0; n-- {
			title = append(title, words[rng.IntN(len(words))])
		}
		for n := rng.IntN(30); n > 0; n-- {
			abstract = append(abstract, words[rng.IntN(len(words))])
		}
		sep := []string{" ", "", "-", ". "}[rng.IntN(4)] // "" glues words together
		p := &feed.Paper{Fields: feed.Fields{Title: strings.Join(title, " "), Abstract: strings.Join(abstract, sep), Categories: []string{"cs.CV"}[:rng.IntN(2)]}}
		if got, want := m.Match(p), refMatch(topics, p); !slices.Equal(got, want) {
			t.Fatalf("Match(%q / %q) = %v, want %v", p.Title, p.Abstract, got, want)
		}
	}
}
