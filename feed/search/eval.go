package search

import (
	"slices"

	"github.com/paperwire/paperwire/feed/topic"
)

// evaluate returns the ascending ids of the documents matching q (dead
// ones included: the caller skips them), or a few more when q has a
// phrase of several words (see hashByte). A document with a phrase q
// excludes is not excluded here: Query.Match does it.
func (x *Index) evaluate(q *topic.Query) []uint32 {
	clauses := make([][]uint32, len(q.All))
	for i, clause := range q.All {
		for _, a := range clause {
			clauses[i] = union(clauses[i], x.atom(a))
		}
	}
	slices.SortFunc(clauses, func(a, b []uint32) int { return len(a) - len(b) })
	var ids []uint32
	if len(clauses) == 0 {
		ids = x.liveIDs()
	}
	for i, c := range clauses {
		if i == 0 {
			ids = c
			continue
		}
		ids = intersect(ids, c)
	}
	for _, a := range q.None {
		if len(ids) == 0 {
			break
		}
		if len(a.Words) < 2 {
			ids = subtract(ids, x.atom(a))
		}
	}
	return ids
}

func (x *Index) liveIDs() []uint32 {
	ids := make([]uint32, 0, len(x.byKey))
	for i := range x.docs {
		if x.docs[i].live() {
			ids = append(ids, uint32(i))
		}
	}
	return ids
}

// atom returns the documents holding a category, or a phrase as topic
// keywords match it: its words in a row, the last one maybe plural.
func (x *Index) atom(a topic.Atom) []uint32 {
	if a.Category != "" {
		return x.posting(categoryTerm(a.Category))
	}
	n := len(a.Words)
	last := a.Words[n-1]
	lastHashes := x.hashes(last, last+"s")
	ids := x.posting(last)
	ids = union(ids, x.posting(last+"s"))
	if n == 1 || len(ids) == 0 {
		return ids
	}
	head := make([]byte, n-1)
	for i, w := range a.Words[:n-1] {
		id, ok := x.terms.lookup(w)
		if !ok {
			return nil
		}
		head[i] = hashByte(id)
		ids = intersect(ids, x.postings[id].ids())
	}
	return slices.DeleteFunc(ids, func(id uint32) bool { return !phraseIn(x.tokens.bytes(x.docs[id].tokens), head, lastHashes) })
}

// posting is the documents of a term, nil when it is unknown.
func (x *Index) posting(term string) []uint32 {
	if id, ok := x.terms.lookup(term); ok {
		return x.postings[id].ids()
	}
	return nil
}

// hashes are the hash bytes of the known words among words.
func (x *Index) hashes(words ...string) []byte {
	var out []byte
	for _, w := range words {
		if id, ok := x.terms.lookup(w); ok {
			out = append(out, hashByte(id))
		}
	}
	return out
}

// phraseIn reports whether tokens hold head followed by one of last.
func phraseIn(tokens, head, last []byte) bool {
	for i := 0; i+len(head) < len(tokens); i++ {
		if slices.Equal(tokens[i:i+len(head)], head) && slices.Contains(last, tokens[i+len(head)]) {
			return true
		}
	}
	return false
}

// union merges two ascending lists into a new one.
func union(a, b []uint32) []uint32 {
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	out := make([]uint32, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			out = append(out, a[i])
			i++
		case a[i] > b[j]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i, j = i+1, j+1
		}
	}
	return append(append(out, a[i:]...), b[j:]...)
}

// intersect returns the ids in both ascending lists, as a new list.
func intersect(a, b []uint32) []uint32 {
	if len(a) > len(b) {
		a, b = b, a
	}
	out := make([]uint32, 0, len(a))
	j := 0
	for _, id := range a {
		k, found := slices.BinarySearch(b[j:], id)
		j += k
		if found {
			out = append(out, id)
		}
		if j >= len(b) {
			break
		}
	}
	return out
}

// subtract returns the ids of a not in b, as a new list.
func subtract(a, b []uint32) []uint32 {
	out := make([]uint32, 0, len(a))
	j := 0
	for _, id := range a {
		for j < len(b) && b[j] < id {
			j++
		}
		if j < len(b) && b[j] == id {
			continue
		}
		out = append(out, id)
	}
	return out
}
