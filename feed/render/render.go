// Package render writes a topic's ranked papers as RSS 2.0, Atom 1.0 and
// JSON Feed 1.1 (through gorilla/feeds, whose structs are wrapped where
// they fall short), and the HTML pages and OPML around them. Output
// depends on its input only — never on the clock — so every process
// renders the same bytes for the same stored state.
package render

import (
	"fmt"
	"html"
	"math"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/rank"
)

// Site is what every page shares.
type Site struct {
	Title   string
	BaseURL string // absolute, without trailing slash
	TTL     time.Duration
	Hub     string // WebSub hub, "" for none
	Params  rank.Params
}

// Page is one topic's current feed, or a query feed's (ARCHITECTURE.md §D11).
type Page struct {
	Topic   feed.Topic
	Query   string // the canonical query of a query feed; "" for a topic
	Items   []Item
	Updated time.Time // newest change of its items or curation; zero when none
}

// Item is one paper in a topic.
type Item struct {
	Paper  *feed.Paper
	Pinned bool
	// ScoreAt is when the shown score is valued. A page values every item
	// at one time (its Updated), so that shown scores follow the order;
	// zero means the paper's own last score change.
	ScoreAt time.Time
}

// Formats and their media types.
const (
	RSS  = "rss"
	Atom = "atom"
	JSON = "json"
)

// ContentType returns the media type of a feed format.
func ContentType(format string) string {
	switch format {
	case RSS:
		return "application/rss+xml; charset=utf-8"
	case Atom:
		return "application/atom+xml; charset=utf-8"
	case JSON:
		return "application/feed+json; charset=utf-8"
	}
	return "application/octet-stream"
}

// Feed renders the page in one of the three formats.
func (s Site) Feed(format string, p Page) ([]byte, error) {
	switch format {
	case RSS:
		return s.RSS(p)
	case Atom:
		return s.Atom(p)
	case JSON:
		return s.JSON(p)
	}
	return nil, fmt.Errorf("unknown feed format %q", format)
}

// TopicURL is the topic's HTML page; FeedURL one of its feeds.
func (s Site) TopicURL(slug string) string { return s.BaseURL + "/topics/" + slug }

// FeedURL is the URL of a topic's feed in a format.
func (s Site) FeedURL(slug, format string) string { return s.TopicURL(slug) + "." + format }

// SearchURL is the HTML page of a query: the one URL of its canonical
// form. SearchFeedURL is one of its feeds.
func (s Site) SearchURL(query string) string {
	return s.BaseURL + "/search?q=" + url.QueryEscape(query)
}

// SearchFeedURL is the URL of a query's feed in a format.
func (s Site) SearchFeedURL(query, format string) string {
	return s.BaseURL + "/search." + format + "?q=" + url.QueryEscape(query)
}

// PageURL is the HTML page of a topic or query feed.
func (s Site) PageURL(p Page) string {
	if p.Query != "" {
		return s.SearchURL(p.Query)
	}
	return s.TopicURL(p.Topic.Slug)
}

// PageFeedURL is a topic's or query's feed in a format (its rel="self").
func (s Site) PageFeedURL(p Page, format string) string {
	if p.Query != "" {
		return s.SearchFeedURL(p.Query, format)
	}
	return s.FeedURL(p.Topic.Slug, format)
}

// LinkHeader is the HTTP Link header of a feed whose rel="self" is self:
// its hub and self ("" when no hub is advertised), for WebSub discovery
// without parsing the body.
func (s Site) LinkHeader(self string) string {
	if s.Hub == "" {
		return ""
	}
	return "<" + s.Hub + `>; rel="hub", <` + self + `>; rel="self"`
}

// itemLink is where a reader clicking the item goes: an absolute http(s)
// URL, or "" when the paper has none (never a javascript: or data: URL).
func itemLink(p *feed.Paper) string {
	if safeURL(p.Links.Abstract) {
		return p.Links.Abstract
	}
	if id := p.Key.ItemID(); safeURL(id) {
		return id
	}
	for _, s := range p.Sightings {
		if safeURL(s.URL) {
			return s.URL
		}
	}
	return ""
}

// published is when the paper appeared: its own date, else first sighting.
func published(p *feed.Paper) time.Time {
	if !p.Published.IsZero() {
		return p.Published.UTC()
	}
	return p.FirstSeen.UTC()
}

// Score is the item's trending score and the time it is valued at (0
// when it has none, so that no feed ever carries Inf or NaN). Scores
// depend on stored times only, never on the clock.
func (s Site) Score(it Item) (float64, time.Time) {
	at := it.ScoreAt
	if at.IsZero() {
		at = it.Paper.ScoreAt
	}
	if at.IsZero() {
		return 0, at
	}
	v := s.Params.Value(it.Paper.Score, at)
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, at
	}
	return v, at.UTC()
}

// TTLMinutes is the RSS <ttl>: the TTL rounded up to whole minutes.
func (s Site) TTLMinutes() int {
	return int((s.TTL + time.Minute - 1) / time.Minute)
}

// MaxAge is the HTTP Cache-Control max-age that agrees with <ttl>.
func (s Site) MaxAge() time.Duration {
	return time.Duration(s.TTLMinutes()) * time.Minute
}

// Why says in one line why the paper is in the feed: pinned, where it
// was seen, its engagement and its score.
func (s Site) Why(it Item) string {
	p := it.Paper
	var parts []string
	if it.Pinned {
		parts = append(parts, "Pinned by the editors")
	}
	if names := sources(p); len(names) > 0 {
		parts = append(parts, "seen on "+strings.Join(names, ", "))
	}
	sig := p.Signals()
	sig.Stars = 0 // said by the star line, with its growth
	parts = append(parts, engagement(sig)...)
	score, at := s.Score(it)
	parts = append(parts, repoLine(p, at)...)
	if !at.IsZero() {
		parts = append(parts, fmt.Sprintf("score %.2f as of %s", score, at.Format("2006-01-02 15:04 MST")))
	} else {
		parts = append(parts, "no score yet")
	}
	return strings.Join(parts, " · ")
}

// sources names the sources that saw the paper, in stored order.
func sources(p *feed.Paper) []string {
	names := make([]string, len(p.Sightings))
	for i, g := range p.Sightings {
		names[i] = g.Source
	}
	return names
}

// engagement lists the non-zero counters: "42 upvotes", "1 point".
func engagement(sig feed.Signals) []string {
	var out []string
	for _, c := range []struct {
		n    int64
		unit string
	}{{sig.Upvotes, "upvote"}, {sig.Points, "point"}, {sig.Stars, "star"}, {sig.Comments, "comment"}} {
		if c.n > 0 {
			out = append(out, plural(c.n, c.unit))
		}
	}
	return out
}

func plural(n int64, unit string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", unit)
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// contentHTML is the item body: abstract, links, where it is discussed
// (Hacker News threads with their points, posts) and why it is here. It
// is built from plain text, escaped here, so nothing from a source can
// inject markup.
func (s Site) contentHTML(it Item) string {
	p := it.Paper
	var b strings.Builder
	if len(p.Authors) > 0 {
		fmt.Fprintf(&b, "<p><em>%s</em></p>\n", html.EscapeString(strings.Join(p.Authors, ", ")))
	}
	if p.Abstract != "" {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p.Abstract))
	}
	if links := linkList(p); links != "" {
		fmt.Fprintf(&b, "<p>%s</p>\n", links)
	}
	b.WriteString(discussionHTML(discussions(p)))
	fmt.Fprintf(&b, "<p><small>%s</small></p>", html.EscapeString(s.Why(it)))
	return b.String()
}

func linkList(p *feed.Paper) string {
	var out []string
	links := []struct{ name, href string }{
		{"Abstract", p.Links.Abstract}, {"PDF", p.Links.PDF}, {"Code", p.Links.Code}, {"Hugging Face", p.Links.HF},
	}
	if !safeURL(p.Links.Abstract) {
		links[0] = struct{ name, href string }{"Link", itemLink(p)}
	}
	for _, l := range links {
		if safeURL(l.href) {
			out = append(out, fmt.Sprintf(`<a href="%s">%s</a>`, html.EscapeString(l.href), l.name))
		}
	}
	return strings.Join(out, " · ")
}

// safeURL admits only absolute http(s) URLs with a host and without
// white space, control characters, quotes or angle brackets.
func safeURL(u string) bool {
	if strings.ContainsFunc(u, func(r rune) bool { return r <= ' ' || unicode.IsControl(r) || strings.ContainsRune("<>\"'`\\", r) }) {
		return false
	}
	parsed, err := url.Parse(u)
	return err == nil && (parsed.Scheme == "https" || parsed.Scheme == "http") && parsed.Host != ""
}

// description of a topic feed.
func (s Site) description(t feed.Topic) string {
	return fmt.Sprintf("%s: trending research papers, ranked by %s from sightings and engagement.", t.Title, s.Title)
}

func (s Site) feedTitle(t feed.Topic) string {
	return s.Title + ": " + t.Title
}
