package feed

import (
	"fmt"
	"strings"
)

// Key is a paper's canonical identity (ARCHITECTURE.md §3, §D3):
// "arxiv:2403.15929", "doi:10.1101/857789" or "title:<fingerprint>". Its
// string form is what stores persist and what feeds derive item ids from,
// so it never changes for a paper. Build one with ArxivKey, DOIKey or
// TitleKey, or read one with ParseKey; nothing else should put a key
// together or take one apart.
type Key string

// KeyKind says which identity a key is built on.
type KeyKind string

const (
	KeyArxiv KeyKind = "arxiv"
	KeyDOI   KeyKind = "doi"
	KeyTitle KeyKind = "title"
)

// ArxivKey is the key of an arXiv paper, by its id without version
// ("2403.15929", "hep-th/9901001").
func ArxivKey(id string) Key { return Key(string(KeyArxiv) + ":" + id) }

// DOIKey is the key of a paper known by its DOI, normalised to lower case.
func DOIKey(doi string) Key { return Key(string(KeyDOI) + ":" + doi) }

// TitleKey is the key of a paper known only by the fingerprint of its
// title (see normalize.TitleKey, which computes it).
func TitleKey(fingerprint string) Key { return Key(string(KeyTitle) + ":" + fingerprint) }

// ParseKey reads a key in its canonical string form, as stored or as
// printed by String. It checks the form, not that the paper exists; a
// key as a user types it (a URL, "2403.15929v2") is read by
// normalize.ParseKey.
func ParseKey(s string) (Key, error) {
	kind, id, ok := strings.Cut(s, ":")
	switch k := KeyKind(kind); {
	case !ok || id == "" || strings.ContainsAny(id, " \t\r\n"):
	case k == KeyArxiv || k == KeyDOI || k == KeyTitle:
		return Key(s), nil
	}
	return "", fmt.Errorf("%q is not a paper key (arxiv:ID, doi:DOI or title:FINGERPRINT)", s)
}

// Kind is the identity the key is built on ("" for the zero key).
func (k Key) Kind() KeyKind {
	kind, _, _ := strings.Cut(string(k), ":")
	return KeyKind(kind)
}

// ID is the key without its kind: the arXiv id, the DOI or the fingerprint.
func (k Key) ID() string {
	_, id, _ := strings.Cut(string(k), ":")
	return id
}

// ItemID is the paper's id in every feed, derived from the key only, so
// it never changes with version, score, topic or format: the arXiv
// abstract URL, the DOI resolver URL, or a urn for a fingerprint.
func (k Key) ItemID() string {
	switch k.Kind() {
	case KeyArxiv:
		return "https://arxiv.org/abs/" + k.ID()
	case KeyDOI:
		return "https://doi.org/" + k.ID()
	}
	return "urn:paperwire:" + string(k)
}

// String is the canonical form ("arxiv:2403.15929").
func (k Key) String() string { return string(k) }

// IsZero reports whether k is the zero key (no identity).
func (k Key) IsZero() bool { return k == "" }

// Keys converts canonical strings to keys without checking them; for
// values read back from a store, which only ever holds keys.
func Keys(ss []string) []Key {
	out := make([]Key, len(ss))
	for i, s := range ss {
		out[i] = Key(s)
	}
	return out
}
