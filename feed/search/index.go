// Package search answers query feeds (ARCHITECTURE.md §D11) from an in-memory
// inverted index over the words of every paper's title and abstract and
// its categories. The index follows the store's change log, so every
// process sharing a store converges on the same index and answers a
// query with the same papers.
package search

import (
	"cmp"
	"encoding/binary"
	"hash/fnv"
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
	terms    terms               // word (or "cat:"+category) ↔ term id
	postings []posting           // term id → its documents
	docs     []doc               // doc id → document (dead ones stay until compaction)
	tokens   arena               // the documents' hash bytes (dead ones' too, until compaction)
	byKey    map[feed.Key]uint32 // paper key → its live doc id
	dead     int
	version  uint64 // grows with every change of what a query may return
	// tokenise's buffers, reused under mu: a paper's words are copied to
	// the arena and its terms to the postings
	scratchTokens []byte
	scratchTerms  []uint32
}

// doc is one indexed paper; a dead one has no key.
type doc struct {
	key    feed.Key
	score  float64
	sum    uint64 // fingerprint of its words and categories
	tokens span   // one hash byte (hashByte) of each of its words, in order
}

func (d *doc) live() bool { return d.key != "" }

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{terms: newTerms(), byKey: map[feed.Key]uint32{}}
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
		if k != "" { // no paper has an empty key; a dead document does
			x.put(k, papers[k])
		}
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
	tokens, terms, sum := x.tokenise(p)
	if had {
		d := &x.docs[old]
		if d.sum == sum {
			if d.score != p.Score {
				d.score = p.Score
				x.version++
			}
			return
		}
		x.kill(key, old)
	}
	x.add(doc{key: key, score: p.Score, sum: sum, tokens: x.tokens.add(tokens)}, terms)
}

// kill marks a document dead: postings and the arena keep it until
// compaction.
func (x *Index) kill(key feed.Key, id uint32) {
	x.docs[id] = doc{}
	delete(x.byKey, key)
	x.dead++
	x.version++
}

// add appends a document and the postings of its distinct terms.
func (x *Index) add(d doc, terms []uint32) {
	id := uint32(len(x.docs))
	x.docs = append(x.docs, d)
	x.byKey[d.key] = id
	for _, t := range terms {
		x.postings[t].add(id)
	}
	x.version++
}

// tokenise turns a paper's words and categories into term ids (adding
// new terms to the vocabulary): the hash bytes of its words in order,
// its distinct terms, and a fingerprint of both. tokens and terms are
// valid until the next call.
func (x *Index) tokenise(p *feed.Paper) (tokens []byte, terms []uint32, sum uint64) {
	tokens, terms = x.scratchTokens[:0], x.scratchTerms[:0]
	defer func() { x.scratchTokens, x.scratchTerms = tokens, terms }()
	h := fnv.New64a()
	var buf [4]byte
	topic.Words(p.Title, p.Abstract, func(w []byte) {
		id := x.term(w)
		tokens = append(tokens, hashByte(id))
		terms = append(terms, id)
		h.Write(binary.LittleEndian.AppendUint32(buf[:0], id))
	})
	h.Write([]byte{0xff, 0xff, 0xff, 0xff, 0xff}) // no word id: the categories follow
	for _, c := range p.Categories {
		id := x.term([]byte(categoryTerm(c)))
		terms = append(terms, id)
		h.Write(binary.LittleEndian.AppendUint32(buf[:0], id))
	}
	slices.Sort(terms)
	return tokens, slices.Compact(terms), h.Sum64()
}

// hashByte is the byte a word's id stands for in a document's tokens: a
// phrase found in them is there but for a chance of about one in 65,536
// per position, which Query.Match settles (Follower.Search).
func hashByte(id uint32) byte { return byte((id * 0x9E3779B1) >> 24) }

func categoryTerm(c string) string { return "cat:" + strings.ToLower(c) }

// term returns the id of a word, adding it when new.
func (x *Index) term(w []byte) uint32 {
	id, added := x.terms.intern(w)
	if added {
		x.postings = append(x.postings, posting{})
	}
	return id
}

// compact drops dead documents, numbering the live ones anew in the
// same order, and rewrites the postings and the arena without them.
func (x *Index) compact() {
	renum := make([]uint32, len(x.docs))
	live := make([]doc, 0, len(x.byKey))
	var tokens arena
	for i, d := range x.docs {
		if d.live() {
			renum[i] = uint32(len(live))
			x.byKey[d.key] = renum[i]
			d.tokens = tokens.add(x.tokens.bytes(d.tokens))
			live = append(live, d)
		}
	}
	for t := range x.postings {
		var p posting
		for _, id := range x.postings[t].ids() {
			if x.docs[id].live() {
				p.add(renum[id])
			}
		}
		x.postings[t] = p
	}
	x.docs, x.tokens, x.dead = live, tokens, 0
	x.trim()
}

// trim gives back the room that appends leave at the end of slices
// (up to half of each): after a full build, and after compaction.
func (x *Index) trim() {
	x.terms.trim()
	x.docs, x.postings = clip(x.docs), clip(x.postings)
	for t := range x.postings {
		x.postings[t].deltas = clip(x.postings[t].deltas)
	}
}

// Hit is one paper a query returns.
type Hit struct {
	Key   feed.Key
	Score float64
}

// Search returns the best n papers matching q, by score descending then
// key ascending (as topics rank), the index version they reflect, and
// whether they are exactly q's: when q has a phrase of several words,
// they may hold a paper that Query.Match refuses (see hashByte).
func (x *Index) Search(q *topic.Query, n int) (hits []Hit, version uint64, exact bool) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	ids := x.evaluate(q)
	return x.best(ids, n), x.version, !hasPhrase(q)
}

func hasPhrase(q *topic.Query) bool {
	for _, a := range append(slices.Concat(q.All...), q.None...) {
		if len(a.Words) > 1 {
			return true
		}
	}
	return false
}

// best selects the n best live documents among ids.
func (x *Index) best(ids []uint32, n int) []Hit {
	hits := make([]Hit, 0, min(len(ids), n+1))
	for _, id := range ids {
		d := &x.docs[id]
		if !d.live() {
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
	x.terms, x.postings, x.docs, x.tokens, x.byKey, x.dead = fresh.terms, fresh.postings, fresh.docs, fresh.tokens, fresh.byKey, fresh.dead
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
