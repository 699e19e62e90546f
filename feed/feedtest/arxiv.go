package feedtest

import (
	"fmt"
	"strings"
	"time"
)

// Entry is one item of an arXiv listing.
type Entry struct {
	Paper   Paper
	Type    string // new, cross, replace, replace-cross
	Version int    // 1 for new and cross
	// DOI and JournalRef name the published version, when the paper
	// has one (a journal DOI, not arXiv's own).
	DOI, JournalRef string
}

// Listing returns entries for papers: "new" where cat is the primary
// category, else "cross".
func Listing(cat string, papers []Paper) []Entry {
	out := make([]Entry, len(papers))
	for k, p := range papers {
		typ := "cross"
		if p.Categories[0] == cat {
			typ = "new"
		}
		out[k] = Entry{Paper: p, Type: typ, Version: 1}
	}
	return out
}

// licenseCCBY is the licence every listing item states.
const licenseCCBY = "http://creativecommons.org/licenses/by/4.0/"

// vid is the versioned id of the entry's version, e.g. 2403.15123v2.
func (e Entry) vid() string { return fmt.Sprintf("%sv%d", e.Paper.ID, e.Version) }

// summary is the announce line and abstract a listing item carries.
func (e Entry) summary() string {
	return fmt.Sprintf("arXiv:%s Announce Type: %s \nAbstract: %s", e.vid(), e.Type, e.Paper.Abstract)
}

// ListingRSS writes an rss.arxiv.org RSS 2.0 listing of cat announced on
// date (midnight New York time, as arXiv dates them).
func ListingRSS(cat string, date time.Time, entries []Entry) []byte {
	var b strings.Builder
	b.Grow(len(entries)*2300 + 1200)
	writeRSSChannel(&b, cat, date)
	for _, e := range entries {
		writeRSSItem(&b, date, e)
	}
	b.WriteString("  </channel>\n</rss>\n")
	return []byte(b.String())
}

func writeRSSChannel(b *strings.Builder, cat string, date time.Time) {
	b.WriteString("<?xml version='1.0' encoding='UTF-8'?>\n")
	b.WriteString(`<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">` + "\n")
	b.WriteString("  <channel>\n")
	fmt.Fprintf(b, "    <title>%s updates on arXiv.org</title>\n", cat)
	fmt.Fprintf(b, "    <link>http://rss.arxiv.org/rss/%s</link>\n", cat)
	fmt.Fprintf(b, "    <description>%s updates on the arXiv.org e-print archive.</description>\n", cat)
	fmt.Fprintf(b, "    <atom:link href=\"http://rss.arxiv.org/rss/%s\" rel=\"self\" type=\"application/rss+xml\"/>\n", cat)
	b.WriteString("    <docs>http://www.rssboard.org/rss-specification</docs>\n    <language>en-us</language>\n")
	fmt.Fprintf(b, "    <lastBuildDate>%s</lastBuildDate>\n", date.Add(time.Second).UTC().Format(time.RFC1123Z))
	b.WriteString("    <managingEditor>rss-help@arxiv.org</managingEditor>\n")
	fmt.Fprintf(b, "    <pubDate>%s</pubDate>\n", date.Format(time.RFC1123Z))
	b.WriteString("    <skipDays>\n      <day>Sunday</day>\n      <day>Saturday</day>\n    </skipDays>\n")
}

func writeRSSItem(b *strings.Builder, date time.Time, e Entry) {
	p := e.Paper
	b.WriteString("    <item>\n")
	fmt.Fprintf(b, "      <title>%s</title>\n", EscapeText(p.Title))
	fmt.Fprintf(b, "      <link>https://arxiv.org/abs/%s</link>\n", p.ID)
	fmt.Fprintf(b, "      <description>%s</description>\n", EscapeText(e.summary()))
	fmt.Fprintf(b, "      <guid isPermaLink=\"false\">oai:arXiv.org:%s</guid>\n", e.vid())
	for _, c := range p.Categories {
		fmt.Fprintf(b, "      <category>%s</category>\n", c)
	}
	fmt.Fprintf(b, "      <pubDate>%s</pubDate>\n", date.Format(time.RFC1123Z))
	fmt.Fprintf(b, "      <arxiv:announce_type>%s</arxiv:announce_type>\n", e.Type)
	fmt.Fprintf(b, "      <dc:rights>%s</dc:rights>\n", licenseCCBY)
	if e.DOI != "" {
		fmt.Fprintf(b, "      <arxiv:DOI>%s</arxiv:DOI>\n", EscapeText(e.DOI))
	}
	if e.JournalRef != "" {
		fmt.Fprintf(b, "      <arxiv:journal_reference>%s</arxiv:journal_reference>\n", EscapeText(e.JournalRef))
	}
	fmt.Fprintf(b, "      <dc:creator>%s</dc:creator>\n", EscapeText(strings.Join(p.Authors, ", ")))
	b.WriteString("    </item>\n")
}

// ListingAtom writes the Atom flavour of an rss.arxiv.org listing, with
// the updated stamps feedgen writes.
func ListingAtom(cat string, date time.Time, entries []Entry) []byte {
	var b strings.Builder
	b.WriteString("<?xml version='1.0' encoding='UTF-8'?>\n")
	b.WriteString(`<feed xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns="http://www.w3.org/2005/Atom" xml:lang="en-us">` + "\n")
	fmt.Fprintf(&b, "  <id>http://rss.arxiv.org/atom/%s</id>\n", cat)
	fmt.Fprintf(&b, "  <title>%s updates on arXiv.org</title>\n", cat)
	fmt.Fprintf(&b, "  <updated>%s</updated>\n", feedgenStamp(date, 0))
	fmt.Fprintf(&b, "  <link href=\"http://rss.arxiv.org/atom/%s\" rel=\"self\" type=\"application/atom+xml\"/>\n", cat)
	fmt.Fprintf(&b, "  <subtitle>%s updates on the arXiv.org e-print archive.</subtitle>\n", cat)
	for i, e := range entries {
		writeAtomEntry(&b, date, i+1, e)
	}
	b.WriteString("</feed>\n")
	return []byte(b.String())
}

// feedgenStamp imitates the datetime.now() stamps feedgen writes into Atom
// listings: a few seconds after 04:00 UTC, microsecond precision, increasing.
func feedgenStamp(date time.Time, i int) string {
	t := date.UTC().Add(5*time.Second + time.Duration(207312+i*187)*time.Microsecond)
	return t.Format("2006-01-02T15:04:05.000000-07:00")
}

func writeAtomEntry(b *strings.Builder, date time.Time, i int, e Entry) {
	p := e.Paper
	b.WriteString("  <entry>\n")
	fmt.Fprintf(b, "    <id>oai:arXiv.org:%s</id>\n", e.vid())
	fmt.Fprintf(b, "    <title>%s</title>\n", EscapeText(p.Title))
	fmt.Fprintf(b, "    <updated>%s</updated>\n", feedgenStamp(date, i))
	fmt.Fprintf(b, "    <link href=\"https://arxiv.org/abs/%s\" rel=\"alternate\" type=\"text/html\"/>\n", p.ID)
	fmt.Fprintf(b, "    <summary>%s</summary>\n", EscapeText(e.summary()))
	for _, c := range p.Categories {
		fmt.Fprintf(b, "    <category term=\"%s\" scheme=\"http://arxiv.org/schemas/atom\"/>\n", c)
	}
	fmt.Fprintf(b, "    <published>%s</published>\n", date.Format(time.RFC3339))
	fmt.Fprintf(b, "    <arxiv:announce_type>%s</arxiv:announce_type>\n", e.Type)
	fmt.Fprintf(b, "    <dc:rights>%s</dc:rights>\n", licenseCCBY)
	if e.JournalRef != "" {
		fmt.Fprintf(b, "    <arxiv:journal_reference>%s</arxiv:journal_reference>\n", EscapeText(e.JournalRef))
	}
	if e.DOI != "" {
		fmt.Fprintf(b, "    <arxiv:DOI>%s</arxiv:DOI>\n", EscapeText(e.DOI))
	}
	fmt.Fprintf(b, "    <dc:creator>%s</dc:creator>\n", EscapeText(strings.Join(p.Authors, ", ")))
	b.WriteString("  </entry>\n")
}
