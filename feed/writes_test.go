package feed

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestWritesMovesTopics(t *testing.T) {
	a, b := ArxivKey("2403.00001"), ArxivKey("2403.00002")
	old := &Paper{Key: a, Topics: []string{"x", "y", "y"}}
	cur := map[Key]*Paper{a: old, b: nil}
	first := &Paper{Key: a, Topics: []string{"z"}}
	moved := &Paper{Key: a, Topics: []string{"z", "y"}}
	created := &Paper{Key: b, Topics: []string{"x"}}
	ws, err := Writes(cur, []*Paper{created, first, nil, moved})
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 2 || ws[0].New != moved || ws[0].Old != old || ws[1].New != created || ws[1].Old != nil {
		t.Fatalf("writes %+v: want the last state of each paper, in key order", ws)
	}
	if !slices.Equal(ws[0].Leave, []string{"x"}) || !slices.Equal(ws[0].Join, []string{"y", "z"}) || ws[1].Leave != nil {
		t.Errorf("topics: leave %v join %v; leave %v", ws[0].Leave, ws[0].Join, ws[1].Leave)
	}
}

func TestWritesRefuses(t *testing.T) {
	a := ArxivKey("2403.00001")
	cur := map[Key]*Paper{a: nil}
	for want, p := range map[string]*Paper{
		"not asked for": {Key: ArxivKey("2403.00002")},
		"NaN":           {Key: a, Score: math.NaN()},
		"+Inf":          {Key: a, Score: math.Inf(1)},
		"-Inf":          {Key: a, Score: math.Inf(-1)},
	} {
		if _, err := Writes(cur, []*Paper{p}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Writes(%s) = %v, want an error saying %q", want, err, want)
		}
	}
}
