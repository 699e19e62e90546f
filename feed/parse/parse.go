// Package parse turns fetched bytes into feed items. Every RSS, Atom and
// JSON Feed document goes through gofeed; the Hugging Face daily papers
// API has a small adapter producing the same gofeed items, so that one
// normaliser serves all sources.
package parse

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"

	"github.com/paperwire/paperwire/feed"
)

// MaxItems is the default bound on items taken from one document.
const MaxItems = 5000

// Parser parses documents of every source kind. It is safe for
// concurrent use.
type Parser struct {
	MaxItems int // items kept from one document (default MaxItems)
	MaxDepth int // elements open at once in an XML document (default MaxDepth)
	MaxNodes int // elements and attributes in the items kept (default MaxNodes)
}

// Result is what a document holds.
type Result struct {
	Items     []*gofeed.Item
	Truncated int // items dropped beyond MaxItems
}

// Parse reads body as a document of the given kind. Error messages are
// printable: a user sees them as they are. An XML document deeper or
// larger than the Parser's bounds is refused with ErrTooDeep or
// ErrTooLarge before it is parsed; items beyond MaxItems are cut from XML
// and JSON Feed documents before gofeed sees them, and counted in
// Result.Truncated.
func (p Parser) Parse(kind feed.Kind, body []byte) (Result, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return Result{}, errors.New("empty body")
	}
	keep := orDefault(p.MaxItems, MaxItems)
	body, cut, err := p.prepare(kind, body, keep)
	if err != nil {
		return Result{}, err
	}
	items, err := parseItems(kind, body)
	if err != nil {
		return Result{}, printableError{err}
	}
	res := bound(items, keep)
	res.Truncated += cut
	return res, nil
}

// prepare bounds a document before it is parsed: an XML document is
// checked against the shape bounds and the items beyond keep are cut
// from it; a JSON Feed has its items cut too, and any JSON document may
// hold at most MaxNodes values (encoding/json bounds its depth). It
// returns how many items it cut.
func (p Parser) prepare(kind feed.Kind, body []byte, keep int) ([]byte, int, error) {
	if kind != feed.KindHFDaily && isMarkup(body) {
		sh, err := p.scanShape(body, keep)
		if err != nil {
			return nil, 0, err
		}
		return sh.apply(body), max(sh.items-keep, 0), nil
	}
	cut := 0
	if kind != feed.KindHFDaily {
		body, cut = cutJSONItems(body, keep)
	}
	if limit := orDefault(p.MaxNodes, MaxNodes); jsonValues(body) > limit {
		return nil, 0, fmt.Errorf("%w: more than %d JSON values", ErrTooLarge, limit)
	}
	return body, cut, nil
}

// parseItems parses body; a panic in a parser becomes an error.
func parseItems(kind feed.Kind, body []byte) (items []*gofeed.Item, err error) {
	defer func() {
		if r := recover(); r != nil {
			items, err = nil, fmt.Errorf("parser failed on malformed input: %v", r)
		}
	}()
	if kind == feed.KindHFDaily {
		return hfDaily(body)
	}
	return gofeedItems(body)
}

// printableError escapes what a parser quoted from the input (invalid
// UTF-8, control characters) so that no raw bytes reach a report.
type printableError struct{ err error }

func (e printableError) Error() string {
	msg := e.err.Error()
	if utf8.ValidString(msg) && !strings.ContainsFunc(msg, unicode.IsControl) {
		return msg
	}
	q := strconv.Quote(msg)
	return q[1 : len(q)-1]
}

func (e printableError) Unwrap() error { return e.err }

func bound(items []*gofeed.Item, limit int) Result {
	if len(items) <= limit {
		return Result{Items: items}
	}
	return Result{Items: items[:limit], Truncated: len(items) - limit}
}

func gofeedItems(body []byte) ([]*gofeed.Item, error) {
	if declaresEntities(body) {
		return nil, errors.New("refused: the document declares XML entities (<!ENTITY>), which no feed needs")
	}
	f, err := newGofeed().Parse(bytes.NewReader(body))
	if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		return nil, fmt.Errorf("not an RSS, Atom or JSON feed (%s)", head(body))
	}
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", sniff(body), err)
	}
	if f.FeedType == "json" && f.FeedVersion == "" {
		// gofeed takes any JSON object for a JSON Feed: an API's error
		// object would otherwise pass as an empty feed.
		return nil, fmt.Errorf("not an RSS, Atom or JSON feed: JSON without a JSON Feed version (%s)", head(body))
	}
	return f.Items, nil
}

// newGofeed returns gofeed's parser without the item image scan, a
// full HTML parse of every RSS item's description and content that looks
// for an <img> (gofeed.Item.Image) Paperwire never reads: an eighth of
// the cost of parsing an arXiv listing.
func newGofeed() *gofeed.Parser {
	p := gofeed.NewParser()
	p.RSSTranslator = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}
	return p
}

// headRunes is how much of a text body an error message quotes.
const headRunes = 40

// head describes the start of body for error messages: its first
// characters, quoted, or only its size when it is binary.
func head(body []byte) string {
	b := bytes.TrimSpace(body)
	if looksBinary(b[:min(len(b), 512)]) {
		return fmt.Sprintf("%d bytes of binary data", len(body))
	}
	r := []rune(string(b[:min(len(b), utf8.UTFMax*headRunes)]))
	return fmt.Sprintf("starts with %q", string(r[:min(len(r), headRunes)]))
}

// looksBinary reports whether b holds invalid UTF-8 or control
// characters other than whitespace. A rune cut off at the end of b is
// not held against it.
func looksBinary(b []byte) bool {
	for len(b) > 0 && utf8.FullRune(b) {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 || r < ' ' && !strings.ContainsRune("\t\n\r", r) || r == 0x7f {
			return true
		}
		b = b[n:]
	}
	return false
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
