// Package search answers query feeds (DESIGN §11) from an in-memory
// inverted index over the words of every paper's title and abstract and
// its categories. The index follows the store's change log, so every
// process sharing a store converges on the same index and answers a
// query with the same papers.
package search

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/topic"
)

// Index is an inverted index of papers. It is safe for concurrent use.
type Index struct {
	mu       sync.RWMutex
	vocab    map[string]uint32   // word (or "cat:"+category) → term id
	postings []posting           // term id → its documents
	docs     []doc               // doc id → document (dead ones stay until compaction)
	byKey    map[feed.Key]uint32 // paper key → its live doc id
	dead     int
	version  uint64 // grows with every change of what a query may return
}

// doc is one indexed paper.
type doc struct {
	key    feed.Key
	score  float64
	tokens []byte // the term ids of its words in order, uvarint-encoded
	cats   []uint32
	live   bool
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{vocab: map[string]uint32{}, byKey: map[feed.Key]uint32{}}
}

// Version grows whenever a change may alter some query's result.
func (x *Index) Version() uint64 {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.version
}

// Len is the number of papers indexed.
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.byKey)
}

// Put indexes papers (replacing their earlier versions) and removes the
// keys whose paper is nil.
func (x *Index) Put(papers map[feed.Key]*feed.Paper) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, k := range slices.Sorted(maps.Keys(papers)) { // ids in key order: same index whatever the map order
		x.put(k, papers[k])
	}
	if x.dead > 1024 && x.dead > len(x.docs)/4 {
		x.compact()
	}
}

func (x *Index) put(key feed.Key, p *feed.Paper) {
	old, had := x.byKey[key]
	if p == nil {
		if had {
			x.kill(key, old)
		}
		return
	}
	tokens, cats := x.tokenise(p)
	if had {
		d := &x.docs[old]
		if string(d.tokens) == string(tokens) && slices.Equal(d.cats, cats) {
			if d.score != p.Score {
				d.score = p.Score
				x.version++
			}
			return
		}
		x.kill(key, old)
	}
	x.add(doc{key: key, score: p.Score, tokens: tokens, cats: cats, live: true})
}

func (x *Index) kill(key feed.Key, id uint32) {
	x.docs[id] = doc{key: key} // frees its tokens; postings still name it until compaction
	delete(x.byKey, key)
	x.dead++
	x.version++
}

// add appends a document and its postings.
func (x *Index) add(d doc) {
	id := uint32(len(x.docs))
	x.docs = append(x.docs, d)
	x.byKey[d.key] = id
	terms := slices.Clone(d.cats)
	for rest := d.tokens; len(rest) > 0; {
		t, n := binary.Uvarint(rest)
		terms = append(terms, uint32(t))
		rest = rest[n:]
	}
	slices.Sort(terms)
	for _, t := range slices.Compact(terms) {
		x.postings[t].add(id)
	}
	x.version++
}

// tokenise turns a paper's words and categories into term ids, adding
// new terms to the vocabulary.
func (x *Index) tokenise(p *feed.Paper) (tokens []byte, cats []uint32) {
	tokens = make([]byte, 0, len(p.Title)/4+len(p.Abstract)/4)
	topic.Words(p.Title, p.Abstract, func(w []byte) {
		tokens = binary.AppendUvarint(tokens, uint64(x.term(w)))
	})
	for _, c := range p.Categories {
		cats = append(cats, x.term([]byte(categoryTerm(c))))
	}
	slices.Sort(cats)
	return bytes.Clone(tokens), slices.Clip(slices.Compact(cats)) // exact sizes: they live long
}

func categoryTerm(c string) string { return "cat:" + strings.ToLower(c) }

// term returns the id of a word, adding it when new.
func (x *Index) term(w []byte) uint32 {
	if id, ok := x.vocab[string(w)]; ok { // no allocation for known words
		return id
	}
	id := uint32(len(x.postings))
	x.vocab[string(w)] = id
	x.postings = append(x.postings, posting{})
	return id
}

// compact rebuilds the postings without dead documents.
func (x *Index) compact() {
	live := make([]doc, 0, len(x.byKey))
	for _, d := range x.docs {
		if d.live {
			live = append(live, d)
		}
	}
	x.docs, x.dead = nil, 0
	x.byKey = make(map[feed.Key]uint32, len(live))
	clear(x.postings)
	for _, d := range live {
		x.add(d)
	}
}

// Hit is one paper a query returns.
type Hit struct {
	Key   feed.Key
	Score float64
}

// Search returns the best n papers matching q, by score descending then
// key ascending (as topics rank), and the index version they reflect.
func (x *Index) Search(q *topic.Query, n int) ([]Hit, uint64) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	ids := x.evaluate(q)
	return x.best(ids, n), x.version
}

// best selects the n best live documents among ids.
func (x *Index) best(ids []uint32, n int) []Hit {
	hits := make([]Hit, 0, min(len(ids), n+1))
	for _, id := range ids {
		d := &x.docs[id]
		if !d.live {
			continue
		}
		h := Hit{Key: d.key, Score: d.score}
		if len(hits) == n && !better(h, hits[n-1]) {
			continue
		}
		i, _ := slices.BinarySearchFunc(hits, h, compareHits)
		hits = slices.Insert(hits, i, h)
		hits = hits[:min(len(hits), n)]
	}
	return hits
}

func better(a, b Hit) bool { return compareHits(a, b) < 0 }

func compareHits(a, b Hit) int {
	if c := cmp.Compare(b.Score, a.Score); c != 0 {
		return c
	}
	return strings.Compare(string(a.Key), string(b.Key))
}

// replace takes fresh's contents (fresh must not be used afterwards);
// the version still grows.
func (x *Index) replace(fresh *Index) {
	x.mu.Lock()
	defer x.mu.Unlock()
	v := x.version + fresh.version + 1
	x.vocab, x.postings, x.docs, x.byKey, x.dead = fresh.vocab, fresh.postings, fresh.docs, fresh.byKey, fresh.dead
	x.version = v
}

// posting lists a term's documents: ascending ids, each stored as its
// uvarint difference to the one before (a byte or two for common terms).
type posting struct {
	deltas []byte
	last   uint32 // the last id added
	n      uint32 // ids held
}

func (p *posting) add(id uint32) {
	p.deltas = binary.AppendUvarint(p.deltas, uint64(id-p.last))
	p.last = id
	p.n++
}

// ids decodes the list.
func (p *posting) ids() []uint32 {
	out := make([]uint32, 0, p.n)
	var id uint32
	for rest := p.deltas; len(rest) > 0; {
		d, n := binary.Uvarint(rest)
		id += uint32(d)
		out = append(out, id)
		rest = rest[n:]
	}
	return out
}
