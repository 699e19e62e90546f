package feedtest

import (
	"crypto/sha1"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
)

// APIEntry is one entry of an export.arxiv.org API answer (the legacy
// Atom of /api/query).
type APIEntry struct {
	Paper   Paper // authors in Unicode, as the API writes them
	Version int   // the latest version
	// Published and Updated are the submissions of v1 and of the latest
	// version.
	Published, Updated time.Time
	Comment            string
	DOI, JournalRef    string            // the published version, if any
	Affiliations       map[string]string // author name → affiliation
}

const (
	arxivNS      = `xmlns:arxiv="http://arxiv.org/schemas/atom"`
	openSearchNS = `xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"`
)

// APIFeed writes the API's answer to an id_list query of the entries'
// papers, made at updated.
func APIFeed(updated time.Time, entries []APIEntry) []byte {
	var ids []string
	for _, e := range entries {
		ids = append(ids, e.Paper.ID)
	}
	query := fmt.Sprintf("search_query=&id_list=%s&start=0&max_results=10", strings.Join(ids, ","))
	var b strings.Builder
	writeAPIHead(&b, query, updated, len(entries))
	for _, e := range entries {
		writeAPIEntry(&b, e)
	}
	b.WriteString("</feed>\n")
	return []byte(b.String())
}

func writeAPIHead(b *strings.Builder, query string, updated time.Time, n int) {
	selfQuery := strings.NewReplacer("=", "%3D", "&", "%26", ",", "%2C", "/", "%2F").Replace(query)
	sum := sha1.Sum([]byte(query))
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom">` + "\n")
	fmt.Fprintf(b, "  <link href=\"http://arxiv.org/api/query?%s\" rel=\"self\" type=\"application/atom+xml\"/>\n", selfQuery)
	fmt.Fprintf(b, "  <title type=\"html\">ArXiv Query: %s</title>\n", EscapeText(query))
	fmt.Fprintf(b, "  <id>http://arxiv.org/api/%s</id>\n", base64.RawURLEncoding.EncodeToString(sum[:]))
	fmt.Fprintf(b, "  <updated>%s</updated>\n", updated.Format(time.RFC3339))
	fmt.Fprintf(b, "  <opensearch:totalResults %s>%d</opensearch:totalResults>\n", openSearchNS, n)
	fmt.Fprintf(b, "  <opensearch:startIndex %s>0</opensearch:startIndex>\n", openSearchNS)
	fmt.Fprintf(b, "  <opensearch:itemsPerPage %s>10</opensearch:itemsPerPage>\n", openSearchNS)
}

func writeAPIEntry(b *strings.Builder, e APIEntry) {
	p := e.Paper
	vid := fmt.Sprintf("%sv%d", p.ID, e.Version)
	b.WriteString("  <entry>\n")
	fmt.Fprintf(b, "    <id>http://arxiv.org/abs/%s</id>\n", vid)
	fmt.Fprintf(b, "    <updated>%s</updated>\n", e.Updated.Format(time.RFC3339))
	fmt.Fprintf(b, "    <published>%s</published>\n", e.Published.Format(time.RFC3339))
	fmt.Fprintf(b, "    <title>%s</title>\n", EscapeText(strings.Join(wrap(p.Title, 72, 0, 2), "\n  ")))
	fmt.Fprintf(b, "    <summary>  %s\n</summary>\n", EscapeText(strings.Join(wrap(p.Abstract, 80, 2, 0), "\n")))
	writeAPIAuthors(b, e)
	writeAPIExtras(b, e)
	fmt.Fprintf(b, "    <link href=\"http://arxiv.org/abs/%s\" rel=\"alternate\" type=\"text/html\"/>\n", vid)
	fmt.Fprintf(b, "    <link title=\"pdf\" href=\"http://arxiv.org/pdf/%s\" rel=\"related\" type=\"application/pdf\"/>\n", vid)
	fmt.Fprintf(b, "    <arxiv:primary_category %s term=\"%s\" scheme=\"http://arxiv.org/schemas/atom\"/>\n", arxivNS, p.Categories[0])
	for _, c := range p.Categories {
		fmt.Fprintf(b, "    <category term=\"%s\" scheme=\"http://arxiv.org/schemas/atom\"/>\n", c)
	}
	b.WriteString("  </entry>\n")
}

func writeAPIAuthors(b *strings.Builder, e APIEntry) {
	for _, name := range e.Paper.Authors {
		b.WriteString("    <author>\n")
		fmt.Fprintf(b, "      <name>%s</name>\n", EscapeText(name))
		if aff, ok := e.Affiliations[name]; ok {
			fmt.Fprintf(b, "      <arxiv:affiliation %s>%s</arxiv:affiliation>\n", arxivNS, EscapeText(aff))
		}
		b.WriteString("    </author>\n")
	}
}

// writeAPIExtras writes the DOI, comment and journal reference, each
// hard-wrapped as the API does.
func writeAPIExtras(b *strings.Builder, e APIEntry) {
	if e.DOI != "" {
		fmt.Fprintf(b, "    <arxiv:doi %s>%s</arxiv:doi>\n", arxivNS, EscapeText(e.DOI))
		fmt.Fprintf(b, "    <link title=\"doi\" href=\"http://dx.doi.org/%s\" rel=\"related\"/>\n", EscapeAttr(e.DOI))
	}
	if e.Comment != "" {
		fmt.Fprintf(b, "    <arxiv:comment %s>%s</arxiv:comment>\n", arxivNS, EscapeText(strings.Join(wrap(e.Comment, 72, 0, 2), "\n  ")))
	}
	if e.JournalRef != "" {
		fmt.Fprintf(b, "    <arxiv:journal_ref %s>%s</arxiv:journal_ref>\n", arxivNS, EscapeText(strings.Join(wrap(e.JournalRef, 72, 0, 2), "\n  ")))
	}
}
