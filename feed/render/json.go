package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/gorilla/feeds"
)

// gorilla/feeds' JSONFeed drops "items" when empty and has no room for
// the reasons an item is in the feed; the wrappers keep both.
type jsonFeed struct {
	*feeds.JSONFeed
	Items []*jsonItem `json:"items"`
}

type jsonItem struct {
	*feeds.JSONItem
	Paperwire *jsonWhy `json:"_paperwire,omitempty"`
}

// jsonWhy is the item's explanation (a JSON Feed extension).
type jsonWhy struct {
	Key     string   `json:"key"`
	Pinned  bool     `json:"pinned,omitempty"`
	Sources []string `json:"sources"`
	Upvotes int64    `json:"upvotes,omitempty"`
	Points  int64    `json:"points,omitempty"`
	Stars   int64    `json:"stars,omitempty"`
	Stars24 int64    `json:"stars_24h,omitempty"` // stars gained in the 24 h before score_at
	Repo    string   `json:"repo,omitempty"`
	Score   float64  `json:"score"`
	ScoreAt string   `json:"score_at"`
	Why     string   `json:"why"`
	// Discussions are the threads and posts that talk about the paper.
	Discussions []Discussion `json:"discussions,omitempty"`
}

// JSON renders the page as JSON Feed 1.1.
func (s Site) JSON(p Page) ([]byte, error) {
	p = p.clean()
	f := &jsonFeed{JSONFeed: s.jsonHead(p), Items: make([]*jsonItem, 0, len(p.Items))}
	for _, it := range p.Items {
		f.Items = append(f.Items, s.jsonItem(it))
	}
	return encodeJSONFeed(f)
}

// encodeJSONFeed writes a JSON Feed document, HTML unescaped, indented.
func encodeJSONFeed(f any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("encode json feed: %w", err)
	}
	// Indented as SetIndent("", "  ") would, several times faster.
	return indentJSON(make([]byte, 0, b.Len()*5/4), b.Bytes()), nil
}

// jsonHead is the feed's metadata, with feed_url (its self link).
func (s Site) jsonHead(p Page) *feeds.JSONFeed {
	f := &feeds.JSONFeed{
		Version: "https://jsonfeed.org/version/1.1", Title: s.feedTitle(p.Topic), Language: "en",
		HomePageUrl: s.PageURL(p), FeedUrl: s.PageFeedURL(p, JSON), Description: s.description(p.Topic),
		Authors: []*feeds.JSONAuthor{{Name: s.Title, Url: s.BaseURL + "/"}},
	}
	if s.Hub != "" {
		f.Hubs = []*feeds.JSONHub{{Type: "WebSub", Url: s.Hub}}
	}
	return f
}

func (s Site) jsonItem(it Item) *jsonItem {
	p := it.Paper
	pub, mod := published(p), p.Updated.UTC()
	ji := &feeds.JSONItem{
		Id: p.Key.ItemID(), Url: itemLink(p), Title: p.Title, ContentHTML: s.contentHTML(it),
		Summary: p.Abstract, PublishedDate: &pub, ModifiedDate: &mod, Tags: p.Categories,
	}
	for _, a := range p.Authors {
		ji.Authors = append(ji.Authors, &feeds.JSONAuthor{Name: a})
	}
	return &jsonItem{JSONItem: ji, Paperwire: s.jsonWhy(it)}
}

// jsonWhy is the item's explanation, in fields a program can read.
func (s Site) jsonWhy(it Item) *jsonWhy {
	p, sig := it.Paper, it.Paper.Signals()
	score, at := s.Score(it)
	if n := p.Stars.At(at); n > 0 {
		sig.Stars = n
	}
	return &jsonWhy{
		Key: p.Key.String(), Pinned: it.Pinned, Sources: sources(p), Upvotes: sig.Upvotes, Points: sig.Points, Stars: sig.Stars,
		Stars24: p.Stars.Gained(at, StarWindow), Repo: p.Repo, Score: round2(score), ScoreAt: at.Format(time.RFC3339), Why: s.Why(it),
		Discussions: discussions(p),
	}
}

func round2(f float64) float64 {
	return math.Round(f*100) / 100
}
