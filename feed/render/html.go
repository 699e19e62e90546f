package render

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/paperwire/paperwire/feed"
)

//go:embed templates/*.html
var templateFS embed.FS

// Pages renders the HTML index and topic pages.
type Pages struct {
	site Site
	tmpl *template.Template
}

// NewPages parses the embedded templates.
func NewPages(s Site) (*Pages, error) {
	t, err := template.New("").Funcs(template.FuncMap{
		"dict":        dict,
		"join":        strings.Join,
		"why":         s.Why,
		"feed":        s.FeedURL,
		"digest":      func(slug string, kind feed.DigestKind, format string) string { return s.DigestURL(slug, kind, format) },
		"kinds":       func() []feed.DigestKind { return feed.DigestKinds },
		"topic":       s.TopicURL,
		"searchfeed":  s.SearchFeedURL,
		"safe":        func(u string) bool { return safeURL(u) },
		"date":        func(it Item) string { return published(it.Paper).Format("2 Jan 2006") },
		"itemID":      func(it Item) string { return it.Paper.Key.ItemID() },
		"link":        func(it Item) string { return itemLink(it.Paper) },
		"stamp":       stamp,
		"sub":         func(a, b int) int { return a - b },
		"discussions": func(it Item) []Discussion { return discussions(it.Paper) },
	}).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse templates: %w", err)
	}
	return &Pages{site: s, tmpl: t}, nil
}

// Index renders the home page: every topic with its subscribe links,
// and what is wrong with the sources when something is.
func (p *Pages) Index(topics []feed.Topic, h Health) ([]byte, error) {
	return p.exec("index.html", map[string]any{"Site": p.site, "Topics": topics, "Health": h})
}

// Topic renders a topic's page with its current items, and what is
// wrong with the sources when something is.
func (p *Pages) Topic(pg Page, h Health) ([]byte, error) {
	pg = pg.clean()
	return p.exec("topic.html", map[string]any{"Site": p.site, "Page": pg, "Topics": []feed.Topic{pg.Topic}, "Health": h})
}

// Search renders a query's page: its results when query is the
// canonical query of a page of results, else the search form with the
// problem (if any) and the typed text q.
func (p *Pages) Search(pg Page, q, problem string) ([]byte, error) {
	pg = pg.clean()
	title := p.site.Title + ": search"
	if pg.Query != "" {
		title, q = p.site.Title+": papers matching "+pg.Query, pg.Query
	}
	return p.exec("search.html", map[string]any{"Site": p.site, "Title": title, "Page": pg, "Query": pg.Query, "Q": q, "Problem": problem})
}

func (p *Pages) exec(name string, data any) ([]byte, error) {
	var b bytes.Buffer
	if err := p.tmpl.ExecuteTemplate(&b, name, data); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return b.Bytes(), nil
}

// stamp shows a stored time to the second, "never" for none.
func stamp(t *time.Time) string {
	if t == nil {
		return "never"
	}
	return t.UTC().Format("2006-01-02 15:04:05")
}

// dict builds a map from alternating keys and values (for sub-templates).
func dict(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return m
}
