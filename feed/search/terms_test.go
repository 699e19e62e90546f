package search

import (
	"bytes"
	"math/rand/v2"
	"strconv"
	"testing"
)

// Every interned term keeps its id and bytes through the table's
// growth; an unknown term is not found.
func TestTermsIntern(t *testing.T) {
	t.Parallel()
	ts := newTerms()
	const n = 5000 // the table of 1,024 slots grows several times
	for i := range n {
		id, added := ts.intern([]byte("w" + strconv.Itoa(i)))
		if !added || id != uint32(i) {
			t.Fatalf("term %d: id %d, added %v", i, id, added)
		}
		if again, added := ts.intern([]byte("w" + strconv.Itoa(i))); added || again != id {
			t.Fatalf("term %d interned twice: id %d, added %v", i, again, added)
		}
	}
	for i := range n {
		w := "w" + strconv.Itoa(i)
		if id, ok := ts.lookup(w); !ok || id != uint32(i) || string(ts.bytes(id)) != w {
			t.Fatalf("lookup %s: id %d, %v, bytes %q", w, id, ok, ts.bytes(id))
		}
	}
	ts.trim()
	if _, ok := ts.lookup("w" + strconv.Itoa(n)); ok {
		t.Error("an unknown term was found")
	}
	if id, ok := ts.lookup("w42"); !ok || id != 42 {
		t.Errorf("after trim: w42 is %d, %v", id, ok)
	}
}

// The arena gives back every span's bytes, whether a chunk ends right
// after it, it starts a new chunk, or it is longer than a chunk.
func TestArenaSpans(t *testing.T) {
	t.Parallel()
	var a arena
	r := rand.New(rand.NewPCG(5, 6))
	var want [][]byte
	var spans []span
	for _, n := range []int{0, 1, arenaChunk - 1, 1, 2, arenaChunk + 7, 3, arenaChunk, 300} {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		want = append(want, b)
		spans = append(spans, a.add(b))
	}
	for i, s := range spans {
		if got := a.bytes(s); !bytes.Equal(got, want[i]) {
			t.Errorf("span %d (%d bytes): got %d bytes, different", i, len(want[i]), len(got))
		}
	}
}
