// Package normalize turns parsed feed items into observations of papers
// with a canonical identity (ARCHITECTURE.md §D3): a versionless arXiv id, else a
// DOI, else a fingerprint of the title.
package normalize

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/paperwire/paperwire/feed"
)

// Why an item yields no observation.
const (
	SkipNoIdentity = "no link or identifier"
	SkipNoPaper    = "links no paper"
	SkipNoTitle    = "no title"
)

// maxMentions bounds how many papers one mention item may name.
const maxMentions = 20

// Item turns one item of src, polled at seenAt, into observations: one
// for a papers source, one per linked paper for a mentions source. When
// it yields none, skip says why.
func Item(src feed.Source, it *gofeed.Item, seenAt time.Time) (obs []feed.Observation, skip string) {
	if src.Role == feed.RoleMentions {
		return mentions(src, it, seenAt)
	}
	o, skip := paper(src, it, seenAt)
	if skip != "" {
		return nil, skip
	}
	return []feed.Observation{o}, ""
}

func base(src feed.Source, it *gofeed.Item, seenAt time.Time) feed.Observation {
	return feed.Observation{
		Source: src.Name,
		Role:   src.Role,
		Weight: src.Weight,
		SeenAt: seenAt,
		At:     itemTime(it, seenAt),
	}
}

// paper reads an item that is itself a paper.
func paper(src feed.Source, it *gofeed.Item, seenAt time.Time) (feed.Observation, string) {
	o := base(src, it, seenAt)
	o.Listing, o.Update = listing(it)
	o.Quality = quality(src)
	o.Fields = fields(it, o.Listing, markupOf(src, it))
	o.Signals = signals(it)
	key, ok := identify(it, &o.Fields)
	if !ok {
		return o, SkipNoIdentity
	}
	if o.Fields.Title == "" {
		return o, SkipNoTitle
	}
	o.Key = key
	completeLinks(&o.Fields, it)
	o.Fields.Repo, o.RepoDeclared = itemRepo(it, o.Fields.Abstract)
	return o, ""
}

func quality(src feed.Source) feed.Quality {
	if src.Kind == feed.KindHFDaily {
		return feed.QualityAggregator
	}
	return feed.QualityListing
}

// identify picks the canonical key, first match wins: arXiv id (guid,
// links, text), then DOI, then a title fingerprint for an item that has
// at least a link.
func identify(it *gofeed.Item, f *feed.Fields) (feed.Key, bool) {
	if ref, ok := arxivOf(it); ok {
		f.ArxivID = ref.ID
		f.Version = max(f.Version, ref.Version)
		return feed.ArxivKey(ref.ID), true
	}
	if doi := doiOf(it); doi != "" {
		f.DOI = doi
		return feed.DOIKey(doi), true
	}
	if it.Link == "" && it.GUID == "" && len(it.Links) == 0 {
		return "", false
	}
	return TitleKey(f.Title, firstAuthor(f.Authors)), true
}

// arxivOf looks for the arXiv id where arXiv and its mirrors put it.
func arxivOf(it *gofeed.Item) (ArxivRef, bool) {
	for _, s := range append([]string{it.GUID, it.Link}, it.Links...) {
		if ref, ok := findArxiv(s); ok {
			return ref, true
		}
	}
	if ref, ok := findArxiv(it.Description); ok && strings.HasPrefix(strings.TrimSpace(it.Description), "arXiv:") {
		return ref, true
	}
	return ArxivRef{}, false
}

func doiOf(it *gofeed.Item) string {
	if it.DublinCoreExt != nil {
		for _, id := range it.DublinCoreExt.Identifier {
			if d := scanDOIs(id, 1); len(d) > 0 {
				return d[0]
			}
		}
	}
	for _, s := range append([]string{it.GUID, it.Link}, it.Links...) {
		if d := scanDOIs(s, 1); len(d) > 0 {
			return d[0]
		}
	}
	return ""
}

// TitleKey is the fingerprint key of a paper known only by its title
// (and first author's family name, when known).
func TitleKey(title, author string) feed.Key {
	n := fold(title)
	if a := fold(author); a != "" {
		n += "|" + a
	}
	sum := sha256.Sum256([]byte(n))
	return feed.TitleKey(hex.EncodeToString(sum[:10]))
}

func firstAuthor(authors []string) string {
	if len(authors) == 0 {
		return ""
	}
	parts := strings.Fields(authors[0])
	if len(parts) == 0 {
		return ""
	}
	return parts[len(parts)-1]
}

// itemTime is when the item says it happened, never after seenAt.
func itemTime(it *gofeed.Item, seenAt time.Time) time.Time {
	t := it.PublishedParsed
	if t == nil {
		t = it.UpdatedParsed
	}
	if t == nil || t.After(seenAt) {
		return seenAt
	}
	return t.UTC()
}
