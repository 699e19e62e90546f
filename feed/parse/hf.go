package parse

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// hfEntry is one element of https://huggingface.co/api/daily_papers.
// Absent keys stay nil: a missing upvote count is not zero upvotes.
type hfEntry struct {
	Paper struct {
		ID      string `json:"id"`
		Title   string `json:"title"`
		Summary string `json:"summary"`
		Authors []struct {
			Name string `json:"name"`
		} `json:"authors"`
		PublishedAt *time.Time `json:"publishedAt"`
		Upvotes     *int64     `json:"upvotes"`
		GithubRepo  *string    `json:"githubRepo"`
		GithubStars *int64     `json:"githubStars"`
	} `json:"paper"`
	Title       string     `json:"title"`
	PublishedAt *time.Time `json:"publishedAt"`
	NumComments *int64     `json:"numComments"`
}

// hfDaily adapts the daily papers JSON array into gofeed items: the
// paper page is the link, its arXiv id the guid, and the signals go into
// Custom under "hf.*" keys.
func hfDaily(body []byte) ([]*gofeed.Item, error) {
	if b := bytes.TrimSpace(body); len(b) == 0 || b[0] != '[' {
		return nil, fmt.Errorf("not a hugging face daily papers list: expected a JSON array (%s)", head(body))
	}
	var entries []hfEntry
	if err := json.Unmarshal(body, &entries); err != nil {
		return nil, fmt.Errorf("parse hugging face daily papers: %w", err)
	}
	items := make([]*gofeed.Item, 0, len(entries))
	for _, e := range entries {
		if it := e.item(); it != nil {
			items = append(items, it)
		}
	}
	return items, nil
}

func (e hfEntry) item() *gofeed.Item {
	id := strings.TrimSpace(e.Paper.ID)
	if id == "" {
		return nil
	}
	it := &gofeed.Item{
		Title:       firstOf(e.Paper.Title, e.Title),
		Description: e.Paper.Summary,
		Link:        "https://huggingface.co/papers/" + id,
		GUID:        "https://huggingface.co/papers/" + id,
		Custom:      map[string]string{},
	}
	for _, a := range e.Paper.Authors {
		it.Authors = append(it.Authors, &gofeed.Person{Name: a.Name})
	}
	if t := firstTime(e.Paper.PublishedAt, e.PublishedAt); t != nil {
		it.PublishedParsed = t
		it.Published = t.Format(time.RFC3339)
	}
	setInt(it.Custom, "hf.upvotes", e.Paper.Upvotes)
	setInt(it.Custom, "hf.githubStars", e.Paper.GithubStars)
	setInt(it.Custom, "hf.comments", e.NumComments)
	if e.Paper.GithubRepo != nil {
		it.Custom["hf.githubRepo"] = *e.Paper.GithubRepo
	}
	return it
}

func setInt(m map[string]string, key string, v *int64) {
	if v != nil {
		m[key] = strconv.FormatInt(*v, 10)
	}
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func firstTime(ts ...*time.Time) *time.Time {
	for _, t := range ts {
		if t != nil && !t.IsZero() {
			u := t.UTC()
			return &u
		}
	}
	return nil
}
