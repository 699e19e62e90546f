package render

import (
	"fmt"
	"html"
	"net/url"
	"strings"
	"time"

	"github.com/paperwire/paperwire/feed"
)

// DigestPage is a topic's digest feed of a kind (its stored periods,
// newest first) or, with Archive set, one closed period as an RFC 5005
// archive document.
type DigestPage struct {
	Topic   feed.Topic
	Kind    feed.DigestKind
	Digests []feed.Digest
	Archive bool
}

// historyNS is RFC 5005's namespace (fh:archive).
const historyNS = "http://purl.org/syndication/history/1.0"

// DigestFeed renders a digest feed or archive in one of the three formats.
func (s Site) DigestFeed(format string, p DigestPage) ([]byte, error) {
	p = p.clean()
	switch format {
	case RSS:
		return s.digestRSS(p)
	case Atom:
		return s.digestAtom(p)
	case JSON:
		return s.digestJSON(p)
	}
	return nil, fmt.Errorf("unknown feed format %q", format)
}

// DigestURL is a topic's digest feed: BASE/topics/SLUG/daily.atom.
func (s Site) DigestURL(slug string, kind feed.DigestKind, format string) string {
	return s.TopicURL(slug) + "/" + string(kind) + "." + format
}

// ArchiveURL is one closed period: BASE/topics/SLUG/daily/2024-03-25.atom.
func (s Site) ArchiveURL(slug string, kind feed.DigestKind, period, format string) string {
	return s.TopicURL(slug) + "/" + string(kind) + "/" + period + "." + format
}

// DigestItemID is a period's item id, stable forever:
// tag:HOST,2024-03-25:/topics/SLUG/daily (a week is dated by its Monday).
func (s Site) DigestItemID(d feed.Digest) string {
	host := "localhost"
	if u, err := url.Parse(s.BaseURL); err == nil && u.Hostname() != "" {
		host = strings.ToLower(u.Hostname())
	}
	return fmt.Sprintf("tag:%s,%s:/topics/%s/%s", host, d.Start.UTC().Format(time.DateOnly), d.Topic, d.Kind)
}

// DigestEntry is a paper as a digest shows it, valued at the close:
// score is its log-form score then, at the close's time.
func (s Site) DigestEntry(p *feed.Paper, score float64, at time.Time) feed.DigestEntry {
	c := cleanPaper(p)
	c.Score, c.ScoreAt = score, at
	it := Item{Paper: c, ScoreAt: at}
	v, _ := s.Score(it)
	e := feed.DigestEntry{Key: c.Key, Title: c.Title, Link: itemLink(c), Authors: c.Authors, Score: round2(v), Why: s.Why(it)}
	if safeURL(c.Links.PDF) {
		e.PDF = c.Links.PDF
	}
	if safeURL(c.Links.Code) {
		e.Code = c.Links.Code
	}
	return e
}

// digestLinks are the feed's links by relation, in a fixed order: self,
// alternate, then RFC 5005's current, prev-archive and next-archive.
type digestLink struct{ rel, href string }

func (s Site) digestLinks(p DigestPage, format string) []digestLink {
	slug := p.Topic.Slug
	links := []digestLink{{"self", s.DigestURL(slug, p.Kind, format)}, {"alternate", s.TopicURL(slug)}}
	if !p.Archive {
		if len(p.Digests) > 0 {
			links = append(links, digestLink{"prev-archive", s.ArchiveURL(slug, p.Kind, p.Digests[0].Period, format)})
		}
		if s.Hub != "" {
			links = append(links, digestLink{"hub", s.Hub})
		}
		return links
	}
	d := p.Digests[0]
	links[0].href = s.ArchiveURL(slug, p.Kind, d.Period, format)
	links = append(links, digestLink{"current", s.DigestURL(slug, p.Kind, format)})
	if d.Prev != "" {
		links = append(links, digestLink{"prev-archive", s.ArchiveURL(slug, p.Kind, d.Prev, format)})
	}
	next := feed.PeriodAt(p.Kind, d.Start).Next().ID()
	return append(links, digestLink{"next-archive", s.ArchiveURL(slug, p.Kind, next, format)})
}

// digestUpdated is the end of the newest period (the Unix epoch when none).
func (p DigestPage) updated() time.Time {
	if len(p.Digests) == 0 {
		return time.Unix(0, 0).UTC()
	}
	return p.Digests[0].End.UTC()
}

// items are the periods shown as items: an archive shows its period
// even when empty; a digest feed leaves out the periods without papers.
func (p DigestPage) items() []feed.Digest {
	if p.Archive {
		return p.Digests
	}
	var out []feed.Digest
	for _, d := range p.Digests {
		if len(d.Entries) > 0 {
			out = append(out, d)
		}
	}
	return out
}

func (s Site) digestTitle(p DigestPage) string {
	t := fmt.Sprintf("%s: %s, %s digest", s.Title, p.Topic.Title, p.Kind)
	if p.Archive {
		t += " of " + p.Digests[0].Period
	}
	return t
}

func (s Site) digestDescription(p DigestPage) string {
	span := "day (UTC)"
	if p.Kind == feed.Weekly {
		span = "ISO week"
	}
	return fmt.Sprintf("%s: the most trending research papers of each %s, one item per %s.", p.Topic.Title, span, span)
}

// digestItemTitle names a period: "Object detection: daily digest, Mon 25 Mar 2024".
func digestItemTitle(d feed.Digest) string {
	if d.Kind == feed.Weekly {
		last := d.End.AddDate(0, 0, -1)
		return fmt.Sprintf("%s: weekly digest, %s (%s to %s)", d.TopicTitle, d.Period,
			d.Start.UTC().Format("2 Jan"), last.UTC().Format("2 Jan 2006"))
	}
	return fmt.Sprintf("%s: daily digest, %s", d.TopicTitle, d.Start.UTC().Format("Mon 2 Jan 2006"))
}

// digestHTML is a period's item body: an ordered list of its papers with
// their links and why they are there, escaped here from plain text.
func digestHTML(d feed.Digest) string {
	var b strings.Builder
	when := "on " + d.Start.UTC().Format("Monday 2 January 2006") + " (UTC)"
	if d.Kind == feed.Weekly {
		when = "in ISO week " + d.Period
	}
	if len(d.Entries) == 0 {
		fmt.Fprintf(&b, "<p>No paper of %s had any activity %s.</p>", html.EscapeString(d.TopicTitle), when)
		return b.String()
	}
	fmt.Fprintf(&b, "<p>The %d most trending papers of %s %s, of %d with activity, ranked by their score at the close.</p>\n<ol>\n",
		len(d.Entries), html.EscapeString(d.TopicTitle), when, d.Candidates)
	for _, e := range d.Entries {
		b.WriteString("<li>")
		title := html.EscapeString(e.Title)
		if safeURL(e.Link) {
			title = fmt.Sprintf(`<a href="%s">%s</a>`, html.EscapeString(e.Link), title)
		}
		fmt.Fprintf(&b, "<strong>%s</strong>", title)
		if len(e.Authors) > 0 {
			fmt.Fprintf(&b, "<br><em>%s</em>", html.EscapeString(strings.Join(e.Authors, ", ")))
		}
		if links := entryLinks(e); links != "" {
			b.WriteString("<br>" + links)
		}
		fmt.Fprintf(&b, "<br><small>%s</small></li>\n", html.EscapeString(e.Why))
	}
	b.WriteString("</ol>")
	return b.String()
}

func entryLinks(e feed.DigestEntry) string {
	var out []string
	for _, l := range []struct{ name, href string }{{"Abstract", e.Link}, {"PDF", e.PDF}, {"Code", e.Code}} {
		if safeURL(l.href) {
			out = append(out, fmt.Sprintf(`<a href="%s">%s</a>`, html.EscapeString(l.href), l.name))
		}
	}
	return strings.Join(out, " · ")
}

// clean strips what no feed may carry from the stored text.
func (p DigestPage) clean() DigestPage {
	p.Topic.Title = cleanText(p.Topic.Title)
	ds := make([]feed.Digest, len(p.Digests))
	for i, d := range p.Digests {
		d.TopicTitle = cleanText(d.TopicTitle)
		entries := make([]feed.DigestEntry, len(d.Entries))
		for k, e := range d.Entries {
			e.Title, e.Why = cleanText(e.Title), cleanText(e.Why)
			e.Authors = append([]string(nil), e.Authors...)
			for a := range e.Authors {
				e.Authors[a] = cleanText(e.Authors[a])
			}
			entries[k] = e
		}
		d.Entries = entries
		ds[i] = d
	}
	p.Digests = ds
	return p
}
