package render

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"strings"

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
		"dict":   dict,
		"join":   strings.Join,
		"why":    s.Why,
		"feed":   s.FeedURL,
		"topic":  s.TopicURL,
		"safe":   func(u string) bool { return safeURL(u) },
		"date":   func(it Item) string { return published(it.Paper).Format("2 Jan 2006") },
		"itemID": func(it Item) string { return it.Paper.Key.ItemID() },
		"link":   func(it Item) string { return itemLink(it.Paper) },
	}).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse templates: %w", err)
	}
	return &Pages{site: s, tmpl: t}, nil
}

// Index renders the home page: every topic with its subscribe links.
func (p *Pages) Index(topics []feed.Topic) ([]byte, error) {
	return p.exec("index.html", map[string]any{"Site": p.site, "Topics": topics})
}

// Topic renders a topic's page with its current items.
func (p *Pages) Topic(pg Page) ([]byte, error) {
	pg = pg.clean()
	return p.exec("topic.html", map[string]any{"Site": p.site, "Page": pg, "Topics": []feed.Topic{pg.Topic}})
}

func (p *Pages) exec(name string, data any) ([]byte, error) {
	var b bytes.Buffer
	if err := p.tmpl.ExecuteTemplate(&b, name, data); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return b.Bytes(), nil
}

// dict builds a map from alternating keys and values (for sub-templates).
func dict(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return m
}
