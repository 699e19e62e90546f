package parse

import (
	"bytes"
	"errors"
	"fmt"
)

// Bounds on the shape of an XML document, checked before gofeed sees it.
// gofeed builds an extension tree for namespaced elements by recursion:
// a million nested elements cost gigabytes of stack and heap. Real feeds
// nest fewer than twenty deep (XHTML content included) and hold a few
// dozen nodes per item.
const (
	MaxDepth = 256     // open elements at once
	MaxNodes = 100_000 // elements plus attributes in the items kept
)

// Named failures of a document whose shape is out of bounds.
var (
	ErrTooDeep  = errors.New("feed too deeply nested")
	ErrTooLarge = errors.New("feed has too many elements")
)

// shape is what a scan of the raw markup finds.
type shape struct {
	items  int // items (RSS) or entries (Atom) at the top of the document
	cut    int // > 0: the offset of the first item beyond the kept ones
	resume int // where the document continues after the dropped items
}

// scanner walks an XML document's markup without decoding it: it tracks
// the open elements, counts nodes and top-level items and notes where to
// cut the items beyond keep. Like gofeed's decoder (encoding/xml, not
// strict), an end tag closes every element opened after the one it
// names, so unclosed HTML in a description does not add up to depth.
// Markup gofeed would reject is left to gofeed to report.
type scanner struct {
	body      []byte
	keep      int
	maxDepth  int
	maxNodes  int
	open      [][]byte // local names of the open elements
	nodes     int
	itemDepth int
	shape     shape
}

// scanShape checks body against the bounds and finds where to cut it.
func (p Parser) scanShape(body []byte, keep int) (shape, error) {
	s := scanner{body: body, keep: keep, maxDepth: orDefault(p.MaxDepth, MaxDepth), maxNodes: orDefault(p.MaxNodes, MaxNodes)}
	for i := 0; i < len(body); {
		j := bytes.IndexByte(body[i:], '<')
		if j < 0 {
			break
		}
		next, err := s.markup(i + j)
		if err != nil {
			return shape{}, err
		}
		i = next
	}
	if s.shape.cut > 0 && s.shape.resume == 0 {
		s.shape.resume = len(body)
	}
	return s.shape, nil
}

// markup reads the construct starting with the '<' at i and returns the
// offset after it.
func (s *scanner) markup(i int) (int, error) {
	rest := s.body[i:]
	switch {
	case bytes.HasPrefix(rest, []byte("<!--")):
		return s.skipPast(i, "-->"), nil
	case bytes.HasPrefix(rest, []byte("<![CDATA[")):
		return s.skipPast(i, "]]>"), nil
	case bytes.HasPrefix(rest, []byte("<?")):
		return s.skipPast(i, "?>"), nil
	case bytes.HasPrefix(rest, []byte("<!")):
		return s.directive(i), nil
	case bytes.HasPrefix(rest, []byte("</")):
		return s.end(i), nil
	}
	return s.start(i)
}

func (s *scanner) skipPast(i int, close string) int {
	j := bytes.Index(s.body[i:], []byte(close))
	if j < 0 {
		return len(s.body)
	}
	return i + j + len(close)
}

// directive skips a <!DOCTYPE …> with its internal subset in brackets.
func (s *scanner) directive(i int) int {
	brackets := 0
	for k := i + 2; k < len(s.body); k++ {
		switch s.body[k] {
		case '[':
			brackets++
		case ']':
			brackets--
		case '>':
			if brackets <= 0 {
				return k + 1
			}
		}
	}
	return len(s.body)
}

// end closes the element it names and those opened after it (only the
// innermost when it names none); closing the items' container marks
// where the document resumes after a cut.
func (s *scanner) end(i int) int {
	k := i + 2
	for k < len(s.body) && !isTagSpace(s.body[k]) && s.body[k] != '>' {
		k++
	}
	name := localName(s.body[i+2 : k])
	top := len(s.open) - 1
	for top > 0 && !bytes.Equal(s.open[top], name) {
		top--
	}
	if top < 0 || !bytes.Equal(s.open[top], name) {
		top = max(len(s.open)-1, 0)
	}
	s.open = s.open[:top]
	if s.shape.cut > 0 && s.shape.resume == 0 && len(s.open) < s.itemDepth-1 {
		s.shape.resume = i
	}
	return s.skipPast(k, ">")
}

// start opens an element (or a self-closed one) and checks the bounds.
func (s *scanner) start(i int) (int, error) {
	name, attrs, selfClosed, next := s.tag(i)
	name = localName(name)
	depth := len(s.open) + 1
	if depth > s.maxDepth {
		return 0, fmt.Errorf("%w: depth > %d", ErrTooDeep, s.maxDepth)
	}
	s.item(i, name, depth)
	if s.shape.cut == 0 {
		if s.nodes += 1 + attrs; s.nodes > s.maxNodes {
			return 0, fmt.Errorf("%w: more than %d elements and attributes", ErrTooLarge, s.maxNodes)
		}
	}
	if !selfClosed {
		s.open = append(s.open, name)
	}
	return next, nil
}

// item counts a top-level item or entry at depth and notes where the
// first one beyond keep starts.
func (s *scanner) item(i int, name []byte, depth int) {
	if string(name) != "item" && string(name) != "entry" {
		return
	}
	if s.itemDepth == 0 && depth <= 3 {
		s.itemDepth = depth
	}
	if depth != s.itemDepth {
		return
	}
	if s.shape.items++; s.shape.items == s.keep+1 {
		s.shape.cut = i
	}
}

// tag reads a start tag at i: its name, how many attributes it has,
// whether it closes itself, and the offset after it.
func (s *scanner) tag(i int) (name []byte, attrs int, selfClosed bool, next int) {
	b := s.body
	k := i + 1
	for k < len(b) && !isTagSpace(b[k]) && b[k] != '>' && b[k] != '/' {
		k++
	}
	name = b[i+1 : k]
	for ; k < len(b); k++ {
		switch b[k] {
		case '"', '\'':
			if q := bytes.IndexByte(b[k+1:], b[k]); q >= 0 {
				k += q + 1
			} else {
				k = len(b)
			}
		case '=':
			attrs++
		case '>':
			return name, attrs, b[k-1] == '/', k + 1
		}
	}
	return name, attrs, false, len(b)
}

// localName drops a namespace prefix.
func localName(name []byte) []byte {
	if k := bytes.IndexByte(name, ':'); k >= 0 {
		return name[k+1:]
	}
	return name
}

func isTagSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

func orDefault(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}

// apply cuts the dropped items out of body.
func (sh shape) apply(body []byte) []byte {
	if sh.cut == 0 {
		return body
	}
	return append(body[:sh.cut:sh.cut], body[sh.resume:]...)
}

// isMarkup reports whether body starts (after a byte order mark and
// white space) like an XML document.
func isMarkup(body []byte) bool {
	b := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	return len(b) > 0 && b[0] == '<'
}
