// Package parse turns fetched bytes into feed items. Every RSS, Atom and
// JSON Feed document goes through gofeed; the Hugging Face daily papers
// API has a small adapter producing the same gofeed items, so that one
// normaliser serves all sources.
package parse

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"

	"github.com/paperwire/paperwire/feed"
)

// MaxItems is the default bound on items taken from one document.
const MaxItems = 5000

// Parser parses documents of every source kind. It is safe for
// concurrent use.
type Parser struct {
	MaxItems int
}

// Result is what a document holds.
type Result struct {
	Items     []*gofeed.Item
	Truncated int // items dropped beyond MaxItems
}

// Parse reads body as a document of the given kind.
func (p Parser) Parse(kind feed.Kind, body []byte) (res Result, err error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return Result{}, errors.New("empty body")
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("parser failed on malformed input: %v", r)
		}
	}()
	var items []*gofeed.Item
	if kind == feed.KindHFDaily {
		items, err = hfDaily(body)
	} else {
		items, err = gofeedItems(body)
	}
	if err != nil {
		return Result{}, err
	}
	return p.bound(items), nil
}

func (p Parser) bound(items []*gofeed.Item) Result {
	limit := p.MaxItems
	if limit <= 0 {
		limit = MaxItems
	}
	if len(items) <= limit {
		return Result{Items: items}
	}
	return Result{Items: items[:limit], Truncated: len(items) - limit}
}

func gofeedItems(body []byte) ([]*gofeed.Item, error) {
	if declaresEntities(body) {
		return nil, errors.New("refused: the document declares XML entities (<!ENTITY>), which no feed needs")
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		return nil, fmt.Errorf("not an RSS, Atom or JSON feed (starts with %q)", head(body))
	}
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", sniff(body), err)
	}
	return f.Items, nil
}

// head returns the first bytes of body, printable, for error messages.
func head(body []byte) string {
	b := bytes.TrimSpace(body)
	b = b[:min(len(b), 40)]
	if !utf8.Valid(b) {
		return fmt.Sprintf("%d bytes of binary data", len(body))
	}
	return string(b)
}

func sniff(body []byte) string {
	switch gofeed.DetectFeedType(bytes.NewReader(body[:min(len(body), 4096)])) {
	case gofeed.FeedTypeAtom:
		return "atom"
	case gofeed.FeedTypeRSS:
		return "rss"
	case gofeed.FeedTypeJSON:
		return "json feed"
	}
	return "feed"
}

// declaresEntities reports whether the prolog (the bytes before the root
// element) declares entities. gofeed never expands them, but a feed that
// carries a "billion laughs" DTD is hostile or broken: it is refused.
func declaresEntities(body []byte) bool {
	prolog := body[:min(len(body), 64<<10)]
	doctype := bytes.Index(prolog, []byte("<!DOCTYPE"))
	return doctype >= 0 && bytes.Contains(prolog[doctype:], []byte("<!ENTITY"))
}
