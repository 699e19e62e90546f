package topic

import (
	"slices"
	"testing"

	"github.com/paperwire/paperwire/feed"
)

func paper(title, abstract string, cats ...string) *feed.Paper {
	return &feed.Paper{Fields: feed.Fields{Title: title, Abstract: abstract, Categories: cats}}
}

func TestMatch(t *testing.T) {
	m := NewMatcher([]feed.Topic{
		{Slug: "all"},
		{Slug: "detection", Keywords: []string{"object detection", "detector", "DETR", "YOLO"}},
		{Slug: "cv-seg", Keywords: []string{"segmentation"}, Categories: []string{"cs.CV"}},
		{Slug: "open-vocab", Keywords: []string{"open-vocabulary"}, Exclude: []string{"survey"}},
	})
	cases := []struct {
		p    *feed.Paper
		want []string
	}{
		{paper("A new Object Detection head", ""), []string{"all", "detection"}},
		{paper("Faster detectors for edge devices", ""), []string{"all", "detection"}},            // plural
		{paper("DETRs with hybrid assignments", ""), []string{"all", "detection"}},                // plural of an acronym
		{paper("Detection of objects", "no phrase here"), []string{"all"}},                        // words apart
		{paper("Undetectable changes", "detectorless"), []string{"all"}},                          // whole words only
		{paper("Semantic segmentation", "", "cs.CV"), []string{"all", "cv-seg"}},                  // keyword and category
		{paper("Semantic segmentation", "", "cs.LG"), []string{"all"}},                            // category missing
		{paper("Video", "segmentation of frames", "eess.IV", "cs.CV"), []string{"all", "cv-seg"}}, // abstract, any category
		{paper("Open vocabulary segmentation", ""), []string{"all", "open-vocab"}},                // hyphen = space
		{paper("A survey of open-vocabulary models", ""), []string{"all"}},                        // excluded
	}
	for _, c := range cases {
		if got := m.Match(c.p); !slices.Equal(got, c.want) {
			t.Errorf("Match(%q / %q) = %v, want %v", c.p.Title, c.p.Abstract, got, c.want)
		}
	}
}

func TestFingerprintChangesWithRules(t *testing.T) {
	a := []feed.Topic{{Slug: "x", Title: "X", Keywords: []string{"a"}, Limit: 50}}
	b := []feed.Topic{{Slug: "x", Title: "Renamed", Keywords: []string{"a"}, Limit: 10}}
	c := []feed.Topic{{Slug: "x", Keywords: []string{"a", "b"}}}
	if Fingerprint(a) != Fingerprint(b) {
		t.Error("title or limit changes must not refile papers")
	}
	if Fingerprint(a) == Fingerprint(c) {
		t.Error("a keyword change must refile papers")
	}
}
