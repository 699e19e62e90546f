package topic_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/topic"
)

func TestQueryCanonical(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Diffusion  Models", "diffusion models"},
		{"models diffusion", "diffusion models"},
		{"\tdiffusion\u00a0models ", "diffusion models"},
		{"models diffusion models", "diffusion models"},
		{`"Diffusion Models" cat:cs.CV`, `"diffusion models" cat:cs.cv`},
		{`cat:CS.cv "diffusion   models"`, `"diffusion models" cat:cs.cv`},
		{"YOLO OR detr detector", "detector detr OR yolo"},
		{"detector yolo OR detr", "detector detr OR yolo"},
		{"-survey detector", "detector -survey"},
		{"Open-Vocabulary", `"open vocabulary"`},
		{"or", `"or"`},
		{"-cat:cs.LG -survey", "-cat:cs.lg -survey"},
		{"a & b", "a b"},
		{`"or" OR and`, `"or" OR and`},
	} {
		q, err := topic.ParseQuery(tc.in)
		if err != nil {
			t.Errorf("ParseQuery(%q): %v", tc.in, err)
			continue
		}
		if got := q.String(); got != tc.want {
			t.Errorf("ParseQuery(%q) = %q, want %q", tc.in, got, tc.want)
		}
		again, err := topic.ParseQuery(q.String())
		if err != nil || again.String() != q.String() {
			t.Errorf("canonical %q parses as %v, %v", q.String(), again, err)
		}
	}
}

func TestQueryRefused(t *testing.T) {
	for _, tc := range []struct{ in, reason string }{
		{"", "empty"},
		{"   ", "empty"},
		{"&& !!", "empty"},
		{strings.Repeat("a", 257), "longer than 256 bytes"},
		{strings.Repeat("w ", 17), "more than 16 terms"},
		{`"diffusion models`, "unbalanced quotes"},
		{"OR detector", "OR needs a term on each side"},
		{"detector OR", "OR needs a term on each side"},
		{"a OR OR b", "OR needs a term on each side"},
		{"a OR -b", "OR needs a term on each side"},
		{"cat: detector", "cat: needs a category"},
	} {
		_, err := topic.ParseQuery(tc.in)
		if !errors.Is(err, topic.ErrBadQuery) || !strings.Contains(err.Error(), tc.reason) {
			t.Errorf("ParseQuery(%.30q) = %v, want a bad query saying %q", tc.in, err, tc.reason)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("reason for %.30q is not one line: %q", tc.in, err)
		}
	}
	if _, err := topic.ParseQuery(strings.Repeat("w ", 16)); err != nil {
		t.Errorf("16 terms are refused: %v", err)
	}
}

// A query of one keyword matches exactly the papers a topic with that
// keyword takes: whole words, any case, plural s, phrases across
// punctuation.
func TestQueryMatchesAsTopicKeywords(t *testing.T) {
	papers := []*feed.Paper{
		{Fields: feed.Fields{Title: "Diffusion Models for Detection", Categories: []string{"cs.CV"}}},
		{Fields: feed.Fields{Title: "A diffusion model", Abstract: "We survey detectors.", Categories: []string{"cs.LG"}}},
		{Fields: feed.Fields{Title: "Diffusional modelling", Categories: []string{"cs.CV"}}},
		{Fields: feed.Fields{Title: "Open-vocabulary DETR", Abstract: "YOLO-style.", Categories: []string{"cs.CV", "cs.AI"}}},
	}
	for _, kw := range []string{"diffusion model", "detector", "DETR", "open vocabulary", "model", "yolo style", "survey"} {
		q, err := topic.ParseQuery(`"` + kw + `"`)
		if err != nil {
			t.Fatal(err)
		}
		m := topic.NewMatcher([]feed.Topic{{Slug: "t", Keywords: []string{kw}}})
		for i, p := range papers {
			if got, want := q.Match(p), len(m.Match(p)) == 1; got != want {
				t.Errorf("query %q on paper %d: %v, topic keyword: %v", kw, i, got, want)
			}
		}
	}
	for _, tc := range []struct {
		q    string
		want []bool
	}{
		{"diffusion cat:cs.CV", []bool{true, false, false, false}},
		{"diffusion -survey", []bool{true, false, false, false}},
		{"detr OR detection", []bool{true, false, false, true}},
		{"cat:cs.ai OR cat:cs.lg", []bool{false, true, false, true}},
		{"-cat:cs.cv", []bool{false, true, false, false}},
		{`"model diffusion"`, []bool{false, false, false, false}},
	} {
		q, err := topic.ParseQuery(tc.q)
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range papers {
			if got := q.Match(p); got != tc.want[i] {
				t.Errorf("query %q on paper %d: %v, want %v", tc.q, i, got, tc.want[i])
			}
		}
	}
}
