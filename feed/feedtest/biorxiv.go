package feedtest

import (
	"fmt"
	"strings"
	"time"
)

// BiorxivItem is one preprint of a bioRxiv subject collection.
type BiorxivItem struct {
	DOI, Title, Abstract string
	Creator              string // "Last, F., Last, F."
	Date                 time.Time
}

// link is the preprint's page, as the feed links it.
func (it BiorxivItem) link() string { return "https://www.biorxiv.org/content/" + it.DOI + "v1?rss=1" }

// BiorxivRDF writes the RSS 1.0 (RDF) feed of a bioRxiv subject
// collection: items keyed by dc:identifier doi:10.1101/….
func BiorxivRDF(subject string, items []BiorxivItem) []byte {
	chanURL := "http://connect.biorxiv.org/biorxiv_xml/" + strings.ToLower(subject)
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:admin="http://webns.net/mvcb/" xmlns:prism="http://purl.org/rss/1.0/modules/prism/" xmlns:taxo="http://purl.org/rss/1.0/modules/taxonomy/" xmlns:syn="http://purl.org/rss/1.0/modules/syndication/" xmlns="http://purl.org/rss/1.0/">
`)
	fmt.Fprintf(&b, " <channel rdf:about=\"%s\">\n  <title>bioRxiv Subject Collection: %s</title>\n  <link>%s</link>\n", chanURL, subject, chanURL)
	fmt.Fprintf(&b, "  <description>This feed contains articles for bioRxiv Subject Collection \"%s\"</description>\n  <items>\n   <rdf:Seq>\n", subject)
	for _, it := range items {
		fmt.Fprintf(&b, "    <rdf:li rdf:resource=\"%s\"/>\n", it.link())
	}
	b.WriteString("   </rdf:Seq>\n  </items>\n  <prism:eIssn/>\n  <prism:publicationName>bioRxiv</prism:publicationName>\n  <prism:issn/>\n </channel>\n")
	for _, it := range items {
		writeBiorxivItem(&b, it)
	}
	b.WriteString("</rdf:RDF>\n")
	return []byte(b.String())
}

func writeBiorxivItem(b *strings.Builder, it BiorxivItem) {
	date := it.Date.Format(time.DateOnly)
	fmt.Fprintf(b, " <item rdf:about=\"%s\">\n", it.link())
	fmt.Fprintf(b, "  <title><![CDATA[%s]]></title>\n", it.Title)
	fmt.Fprintf(b, "  <link>%s</link>\n", it.link())
	fmt.Fprintf(b, "  <description><![CDATA[%s]]></description>\n", it.Abstract)
	fmt.Fprintf(b, "  <dc:creator><![CDATA[%s]]></dc:creator>\n", it.Creator)
	fmt.Fprintf(b, "  <dc:date>%s</dc:date>\n", date)
	fmt.Fprintf(b, "  <dc:identifier>doi:%s</dc:identifier>\n", it.DOI)
	fmt.Fprintf(b, "  <dc:title><![CDATA[%s]]></dc:title>\n", it.Title)
	b.WriteString("  <dc:publisher>Cold Spring Harbor Laboratory</dc:publisher>\n")
	fmt.Fprintf(b, "  <prism:publicationDate>%s</prism:publicationDate>\n", date)
	b.WriteString("  <prism:section></prism:section>\n </item>\n")
}
