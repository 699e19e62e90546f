package feedtest

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// VariedVocabulary is the size of the vocabulary Varied draws from.
const VariedVocabulary = 300_000

// Varied returns papers from, … from+n-1 as Papers does, with one word
// of eight in each abstract replaced by a word drawn from a Zipf-
// distributed vocabulary (s = 1.1) of VariedVocabulary words: the 94
// seeds alone would give a corpus whose vocabulary stops growing, which
// no real corpus does. Deterministic in from and n.
func (g *Generator) Varied(from, n int) []Paper {
	out := g.Papers(from, n)
	for k := range out {
		seed := mix(uint64(from + k))
		r := rand.New(rand.NewPCG(seed, seed>>1))
		zipf := rand.NewZipf(r, 1.1, 1, VariedVocabulary-1)
		words := strings.Fields(out[k].Abstract)
		for j := range words {
			if r.IntN(8) == 0 {
				words[j] = "w" + strconv.FormatUint(zipf.Uint64(), 36)
			}
		}
		out[k].Abstract = strings.Join(words, " ")
	}
	return out
}
