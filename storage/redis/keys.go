package redis

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/paperwire/paperwire/feed"
)

// partitions is the fixed number of paper partitions. Changing it moves
// every paper: it is part of the stored format.
const partitions = 16

// keys builds every Redis key of one store (one prefix).
type keys struct {
	prefix string
	tags   [partitions]string // "{prefix}{pN}:"
}

func newKeys(prefix string) keys {
	k := keys{prefix: prefix}
	for p := range partitions {
		k.tags[p] = fmt.Sprintf("%s{p%d}:", prefix, p)
	}
	return k
}

// partition maps a paper key to its partition: FNV-1a 32, mod 16.
func partition(key feed.Key) int {
	const offset, prime = 2166136261, 16777619
	h := uint32(offset)
	for i := 0; i < len(key); i++ {
		h ^= uint32(key[i])
		h *= prime
	}
	return int(h % partitions)
}

func (k keys) paper(key feed.Key) string {
	return k.tags[partition(key)] + "paper:" + key.String()
}

func (k keys) all(p int) string { return k.tags[p] + "all" }

func (k keys) updated(p int) string { return k.tags[p] + "updated" }

// changed (a zset of paper key → seq of its last write), gone (of the
// last maxGone deletions), seq (the partition's change counter) and
// horizon (the seq of the newest deletion forgotten) are the partition's
// change log.
func (k keys) changed(p int) string { return k.tags[p] + "changed" }

func (k keys) gone(p int) string { return k.tags[p] + "gone" }

func (k keys) seq(p int) string { return k.tags[p] + "seq" }

func (k keys) horizon(p int) string { return k.tags[p] + "horizon" }

// tokens is the partition's zset of the tokens of its last merge writes
// (token → change-log sequence), so that a merge script run twice writes once.
func (k keys) tokens(p int) string { return k.tags[p] + "tokens" }

func (k keys) rank(p int, slug string) string { return k.tags[p] + "rank:" + slug }

func (k keys) rev() string { return k.prefix + "rev" }

func (k keys) curation(slug string) string { return k.prefix + "curation:" + slug }

func (k keys) source(name string) string { return k.prefix + "source:" + name }

func (k keys) lease(name string) string { return k.prefix + "lease:" + name }

func (k keys) meta() string { return k.prefix + "meta" }

// websubSubs and websubSent hold WebSub subscriptions (field: topic NL
// callback) and the ETags claimed for each; one slot, so that a claim is
// one script.
func (k keys) websubSubs() string { return k.prefix + "{websub}subs" }

func (k keys) websubSent() string { return k.prefix + "{websub}sent" }

func (k keys) repos() string { return k.prefix + "repos" }

func (k keys) budget(name string, window int64) string {
	return k.prefix + "budget:" + name + ":" + strconv.FormatInt(window, 10)
}

// digests is the hash of one topic's digests of a kind (name "slug/kind").
func (k keys) digests(name string) string { return k.prefix + "digests:" + name }

// scanCursor is where a Scan continues: after key `after` of partition p.
type scanCursor struct {
	p     int
	after string // "" to start at the partition's first key
}

func (c scanCursor) String() string { return strconv.Itoa(c.p) + "|" + c.after }

func parseCursor(s string) (scanCursor, error) {
	if s == "" {
		return scanCursor{}, nil
	}
	ps, after, ok := strings.Cut(s, "|")
	p, err := strconv.Atoi(ps)
	if !ok || err != nil || p < 0 || p >= partitions {
		return scanCursor{}, fmt.Errorf("invalid scan cursor %q", s)
	}
	return scanCursor{p: p, after: after}, nil
}
