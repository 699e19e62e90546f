package main

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/paperwire/paperwire/feed/feedtest"
)

// hostileFixtures are documents a source may serve that must not harm:
// hostile HTML in valid items, and broken or non-feed bodies (bad/).
func hostileFixtures(papers []*Paper, cvRSS []byte) map[string][]byte {
	return map[string][]byte{
		"xss.rss":             xssFeed(papers),
		"bad/truncated.rss":   truncated(cvRSS),
		"bad/html-page.html":  captivePortal(),
		"bad/empty.xml":       {},
		"bad/garbage.bin":     garbage(),
		"bad/entity-bomb.xml": entityBomb(papers[44]),
		"bad/no-ids.rss":      noIDs(),
	}
}

// xssItem is one item of xss.rss.
type xssItem struct {
	P           *Paper
	Title       string
	Creator     string
	Description string // raw XML for the <description> element body
}

// xssItems hide script in a CDATA description, an escaped description,
// links, a title and a dc:creator; each is still a valid arXiv paper.
func xssItems(papers []*Paper) []xssItem {
	a, b, c, d := papers[80], papers[81], papers[82], papers[83]
	esc, html := feedtest.EscapeText, feedtest.EscapeHTML
	return []xssItem{
		{a, a.Title, strings.Join(a.Authors, ", "),
			"<![CDATA[<p>" + html(sentences(a.Abstract, 2)) + "</p><script>alert(1)</script><p>Code: <a href=\"" + a.Code + "\">GitHub</a></p>]]>"},
		{b, b.Title, `"><script>alert(1)</script>, ` + strings.Join(b.Authors, ", "),
			esc(`<p><img src=x onerror=alert(1)>` + html(sentences(b.Abstract, 2)) + `</p>`)},
		{c, c.Title, strings.Join(c.Authors, ", "),
			"<![CDATA[<p>" + html(sentences(c.Abstract, 1)) + "</p><p><a href=\"javascript:alert(1)\">Project page</a> | <a href=\" JaVaScRiPt:alert(1)\">mirror</a></p>]]>"},
		{d, d.Title + ` <img src=x onerror=alert('title')>`, strings.Join(d.Authors, ", "),
			esc(`<p><a href="https://arxiv.org/abs/` + d.ID + `" onclick="alert(document.cookie)">Read the paper</a></p>` +
				`<iframe src="javascript:alert(1)"></iframe><svg onload=alert(1)></svg>` +
				`<div style="background:url(javascript:alert(1))">` + html(sentences(d.Abstract, 1)) + `</div>`)},
	}
}

// xssFeed is a hand-picked papers feed (RSS 2.0) of the xssItems.
func xssFeed(papers []*Paper) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Vision paper picks</title>
    <link>https://paperpicks.example.org/</link>
    <description>Hand-picked computer vision papers, with notes</description>
    <atom:link href="https://paperpicks.example.org/feed.xml" rel="self" type="application/rss+xml"/>
    <language>en</language>
    <lastBuildDate>Tue, 26 Mar 2024 10:00:00 +0000</lastBuildDate>
`)
	for i, it := range xssItems(papers) {
		p := it.P
		fmt.Fprintf(&b, "    <item>\n      <title>%s</title>\n", feedtest.EscapeText(it.Title))
		fmt.Fprintf(&b, "      <link>https://arxiv.org/abs/%s</link>\n", p.ID)
		fmt.Fprintf(&b, "      <guid isPermaLink=\"false\">oai:arXiv.org:%s</guid>\n", p.VID(p.Version))
		fmt.Fprintf(&b, "      <description>%s</description>\n", it.Description)
		fmt.Fprintf(&b, "      <dc:creator>%s</dc:creator>\n", feedtest.EscapeText(it.Creator))
		fmt.Fprintf(&b, "      <pubDate>Tue, 26 Mar 2024 0%d:00:00 +0000</pubDate>\n", 9-i)
		b.WriteString("    </item>\n")
	}
	b.WriteString("  </channel>\n</rss>\n")
	return []byte(b.String())
}

// truncated cuts a listing in the middle of the abstract of its 4th item, as
// a connection reset mid-transfer would.
func truncated(listing []byte) []byte {
	s := string(listing)
	at := 0
	for i := 0; i < 4; i++ {
		at += strings.Index(s[at:], "<item>") + len("<item>")
	}
	at += strings.Index(s[at:], "Abstract: ") + len("Abstract: ") + 120
	return []byte(s[:at])
}

func captivePortal() []byte {
	return []byte(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="30; url=https://portal.hotspot.example/login?orig=https%3A%2F%2Frss.arxiv.org%2Frss%2Fcs.CV">
<title>Sign in to Wi-Fi</title>
<style>body{font-family:sans-serif;max-width:32em;margin:3em auto}button{font-size:1.2em}</style>
</head>
<body>
<h1>Welcome to Terminal 2 Free Wi-Fi</h1>
<p>You need to accept the terms of use before you can access the internet.</p>
<form method="post" action="https://portal.hotspot.example/login">
<input type="hidden" name="orig" value="https://rss.arxiv.org/rss/cs.CV">
<label><input type="checkbox" name="accept" value="1"> I accept the <a href="https://portal.hotspot.example/terms">terms of use</a></label>
<p><button type="submit">Connect</button></p>
</form>
<p><small>Session limited to 60 minutes. Support: +1 800 555 0199</small></p>
</body>
</html>
`)
}

func garbage() []byte {
	rng := rand.New(rand.NewPCG(0xBAD, 0xF00D))
	out := make([]byte, 4096)
	for i := 0; i < len(out); i += 8 {
		binary.LittleEndian.PutUint64(out[i:], rng.Uint64())
	}
	return out
}

func entityBomb(p *Paper) []byte {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n  <!ENTITY lol \"lol\">\n")
	for i := 1; i <= 9; i++ {
		prev := "lol"
		if i > 1 {
			prev = fmt.Sprintf("lol%d", i-1)
		}
		fmt.Fprintf(&b, "  <!ENTITY lol%d \"%s\">\n", i, strings.Repeat("&"+prev+";", 10))
	}
	b.WriteString("]>\n")
	fmt.Fprintf(&b, `<rss version="2.0">
  <channel>
    <title>&lol9;</title>
    <link>http://rss.arxiv.org/rss/cs.CV</link>
    <description>&lol9;</description>
    <item>
      <title>%s</title>
      <link>https://arxiv.org/abs/%s</link>
      <description>&lol9;</description>
      <guid isPermaLink="false">oai:arXiv.org:%s</guid>
    </item>
  </channel>
</rss>
`, feedtest.EscapeText(p.Title), p.ID, p.VID(1))
	return []byte(b.String())
}

func noIDs() []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Vision reading group</title>
    <link>https://readinggroup.example.org/</link>
    <description>Announcements from the Thursday vision reading group</description>
    <language>en</language>
    <item>
      <title>Reading group moves to Thursday afternoons</title>
      <description>From next week we meet on Thursdays after lunch in the small seminar room. Bring your own coffee.</description>
    </item>
    <item>
      <title>This week: frozen foundation models for segmentation</title>
      <description>We will discuss a recent preprint on combining a frozen localisation model with a frozen vision-language model. Ask the organisers for the reading if you missed the email.</description>
    </item>
    <item>
      <title>Call for volunteers to present in April</title>
      <description>Three slots are still open. Any topic in computer vision or representation learning is welcome.</description>
    </item>
  </channel>
</rss>
`)
}
