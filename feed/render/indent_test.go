package render

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// indentJSON writes what encoding/json's indenting Encoder writes.
func TestIndentJSONMatchesEncoder(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range 5000 {
		v := randomJSON(rng, 4)
		var compact, want bytes.Buffer
		enc := json.NewEncoder(&compact)
		enc.SetEscapeHTML(i%2 == 0)
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		ind := json.NewEncoder(&want)
		ind.SetEscapeHTML(i%2 == 0)
		ind.SetIndent("", "  ")
		if err := ind.Encode(v); err != nil {
			t.Fatal(err)
		}
		if got := indentJSON(nil, compact.Bytes()); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("indentJSON(%s) =\n%s\nwant\n%s", compact.Bytes(), got, want.Bytes())
		}
	}
}

func randomJSON(rng *rand.Rand, depth int) any {
	strs := []string{"", "a", `q"uote`, `back\slash`, "{[,:]}", "<&>", "ünï", "\u2028", "\x01", "\xff", " spaced  out "}
	switch k := rng.IntN(8); {
	case depth == 0 || k < 2:
		return strs[rng.IntN(len(strs))]
	case k == 2:
		return rng.Float64() * 1e6
	case k == 3:
		return []any{nil, true, false}[rng.IntN(3)]
	case k < 6:
		a := make([]any, rng.IntN(4))
		for i := range a {
			a[i] = randomJSON(rng, depth-1)
		}
		return a
	}
	m := map[string]any{}
	for n := rng.IntN(4); n > 0; n-- {
		m[strs[rng.IntN(len(strs))]] = randomJSON(rng, depth-1)
	}
	return m
}
