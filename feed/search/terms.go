package search

import (
	"bytes"
	"hash/maphash"
)

// terms interns the index's terms (words, and "cat:" + a category): each
// gets a dense id, its bytes are kept once, back to back, and an
// open-addressing table of ids finds them: about 20 bytes a term where a
// map[string]uint32 and its strings took 55 (ARCHITECTURE.md §10).
// Terms are never removed: a term no paper holds keeps an empty posting.
type terms struct {
	seed  maphash.Seed
	text  []byte   // every term's bytes, in id order
	ends  []uint32 // term id → end of its bytes in text
	slots []uint32 // term id + 1 (0: empty); the length is a power of two
}

func newTerms() terms { return terms{seed: maphash.MakeSeed(), slots: make([]uint32, 1024)} }

// bytes returns the term of an id.
func (t *terms) bytes(id uint32) []byte {
	start := uint32(0)
	if id > 0 {
		start = t.ends[id-1]
	}
	return t.text[start:t.ends[id]]
}

// find returns w's id, or where in slots it would go.
func (t *terms) find(w []byte) (id uint32, slot int, ok bool) {
	mask := len(t.slots) - 1
	for i := int(maphash.Bytes(t.seed, w)) & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return 0, i, false
		}
		if bytes.Equal(t.bytes(s-1), w) {
			return s - 1, i, true
		}
	}
}

// lookup returns the id of a known term.
func (t *terms) lookup(w string) (uint32, bool) {
	id, _, ok := t.find([]byte(w))
	return id, ok
}

// intern returns w's id, adding w when it is new (added is then true).
func (t *terms) intern(w []byte) (id uint32, added bool) {
	id, slot, ok := t.find(w)
	if ok {
		return id, false
	}
	id = uint32(len(t.ends))
	t.text = append(t.text, w...)
	t.ends = append(t.ends, uint32(len(t.text)))
	t.slots[slot] = id + 1
	if 4*len(t.ends) > 3*len(t.slots) {
		t.rehash(2 * len(t.slots))
	}
	return id, true
}

// rehash places every term in a table of n slots.
func (t *terms) rehash(n int) {
	t.slots = make([]uint32, n)
	mask := n - 1
	for id := range t.ends {
		i := int(maphash.Bytes(t.seed, t.bytes(uint32(id)))) & mask
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = uint32(id) + 1
	}
}

// trim gives back the room appends left at the end of text and ends.
func (t *terms) trim() {
	t.text, t.ends = clip(t.text), clip(t.ends)
}

// clip returns s in an array of its exact length (s itself when it is).
func clip[S ~[]E, E any](s S) S {
	if cap(s) == len(s) {
		return s
	}
	return append(S(nil), s...)
}

// arena keeps the hash bytes of every document's words in chunks of
// arenaChunk bytes (one allocation each, where a slice per document cost
// its header and its size class); a document's bytes are in one chunk.
type arena struct {
	chunks [][]byte
}

// arenaShift sets the chunk size; a span's at is chunk<<arenaShift + offset.
const (
	arenaShift = 16
	arenaChunk = 1 << arenaShift
)

// span is where a document's bytes are in the arena.
type span struct {
	at, n uint32
}

// add copies b into the arena. A b longer than a chunk gets a chunk of
// its own.
func (a *arena) add(b []byte) span {
	if len(b) == 0 {
		return span{}
	}
	last := len(a.chunks) - 1
	if last < 0 || len(a.chunks[last])+len(b) > cap(a.chunks[last]) {
		if len(a.chunks) == 1<<(32-arenaShift) {
			panic("search: token arena full (4 GiB)")
		}
		a.chunks = append(a.chunks, make([]byte, 0, max(arenaChunk, len(b))))
		last++
	}
	off := len(a.chunks[last])
	a.chunks[last] = append(a.chunks[last], b...)
	return span{at: uint32(last)<<arenaShift | uint32(off), n: uint32(len(b))}
}

// bytes returns the bytes of a span.
func (a *arena) bytes(s span) []byte {
	if s.n == 0 {
		return nil
	}
	c, off := s.at>>arenaShift, s.at&(arenaChunk-1)
	return a.chunks[c][off : off+s.n]
}
