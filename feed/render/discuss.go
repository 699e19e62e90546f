package render

import (
	"fmt"
	"html"
	"strings"

	"github.com/paperwire/paperwire/feed"
)

// Discussion is a place where a paper is talked about: the thread or post
// of a mentions source (a Hacker News thread, a Reddit post, a blog).
type Discussion struct {
	Source   string `json:"source"`
	URL      string `json:"url"`
	Points   int64  `json:"points,omitempty"`
	Comments int64  `json:"comments,omitempty"`
}

// discussions are the paper's mention sightings that link somewhere a
// reader can open, in stored order.
func discussions(p *feed.Paper) []Discussion {
	var out []Discussion
	for _, g := range p.Sightings {
		if g.Role == feed.RoleMentions && safeURL(g.URL) {
			out = append(out, Discussion{Source: g.Source, URL: g.URL, Points: g.Signals.Points, Comments: g.Signals.Comments})
		}
	}
	return out
}

// Detail is the discussion's engagement: "87 points, 12 comments", or "".
func (d Discussion) Detail() string {
	return strings.Join(engagement(feed.Signals{Points: d.Points, Comments: d.Comments}), ", ")
}

// discussionHTML is the item's line of discussion links, with their
// points and comments, or "" when nobody has discussed the paper.
func discussionHTML(ds []Discussion) string {
	if len(ds) == 0 {
		return ""
	}
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = fmt.Sprintf(`<a href="%s">%s</a>`, html.EscapeString(d.URL), html.EscapeString(d.Source))
		if detail := d.Detail(); detail != "" {
			parts[i] += " (" + detail + ")"
		}
	}
	return "<p>Discussed on " + strings.Join(parts, " · ") + "</p>\n"
}

// commentsURL is the RSS <comments> of an item: its most-pointed
// discussion (the first one on a tie), or "".
func commentsURL(ds []Discussion) string {
	best := -1
	for i, d := range ds {
		if best < 0 || d.Points > ds[best].Points {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return ds[best].URL
}
