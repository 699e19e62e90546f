package serve_test

import (
	"encoding/json"
	"encoding/xml"
	"path/filepath"
	"strings"
	"testing"
)

// xmlLinks are the atom:link elements of an Atom feed or RSS channel.
type xmlLinks struct {
	Links   []xmlLink `xml:"link"`
	Channel struct {
		Links []xmlLink `xml:"http://www.w3.org/2005/Atom link"`
	} `xml:"channel"`
}

type xmlLink struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
}

// With a hub, every feed advertises it and exactly one rel="self" (its
// own URL) in its body and in Link headers on 200 and 304.
func TestFeedsAdvertiseHub(t *testing.T) {
	t.Parallel()
	site := testSite()
	site.Hub = baseURL + "/websub"
	s := openStore(t, filepath.Join(t.TempDir(), "paperwire.db"))
	merge(t, s, seedPapers()...)
	e := startEnv(t, s, site)
	for format := range formats {
		self := baseURL + "/topics/all." + format
		w := e.get(t, "/topics/all."+format+"?limit=3")
		want := "<" + site.Hub + `>; rel="hub", <` + self + `>; rel="self"`
		if got := w.Header().Get("Link"); got != want {
			t.Errorf("%s: Link %q, want %q", format, got, want)
		}
		hubs, selves := advertised(t, format, w.Body.Bytes())
		if len(hubs) != 1 || hubs[0] != site.Hub || len(selves) != 1 || selves[0] != self {
			t.Errorf("%s: body advertises hubs %q and selves %q", format, hubs, selves)
		}
		etag := e.get(t, "/topics/all."+format).Header().Get("ETag")
		nm := e.do("GET", "/topics/all."+format, "If-None-Match", etag)
		if nm.Code != 304 || nm.Header().Get("Link") != want {
			t.Errorf("%s: 304 %d with Link %q", format, nm.Code, nm.Header().Get("Link"))
		}
	}
	for _, path := range []string{"/search.atom?q=Segmentation+cs.CV", "/search.json?q=segmentation", "/topics/all/daily.rss", "/topics/all/weekly.json"} {
		w := e.get(t, path)
		format := strings.SplitN(strings.SplitN(path, ".", 2)[1], "?", 2)[0] // atom, rss or json
		hubs, selves := advertised(t, format, w.Body.Bytes())
		want := "<" + site.Hub + `>; rel="hub", <` + strings.Join(selves, "") + `>; rel="self"`
		if len(hubs) != 1 || len(selves) != 1 || w.Header().Get("Link") != want {
			t.Errorf("%s: body advertises hubs %q and selves %q; Link %q", path, hubs, selves, w.Header().Get("Link"))
		}
	}
	plain := newEnv(t)
	if got := plain.get(t, "/topics/all.atom").Header().Get("Link"); got != "" {
		t.Errorf("no hub configured, yet Link %q", got)
	}
}

// advertised returns the hub and self links of a feed body.
func advertised(t *testing.T, format string, body []byte) (hubs, selves []string) {
	t.Helper()
	if format == "json" {
		var f struct {
			FeedURL string `json:"feed_url"`
			Hubs    []struct{ Type, URL string }
		}
		if err := json.Unmarshal(body, &f); err != nil {
			t.Fatal(err)
		}
		for _, h := range f.Hubs {
			if strings.EqualFold(h.Type, "websub") {
				hubs = append(hubs, h.URL)
			}
		}
		return hubs, []string{f.FeedURL}
	}
	var doc xmlLinks
	if err := xml.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	for _, l := range append(doc.Links, doc.Channel.Links...) {
		switch l.Rel {
		case "hub":
			hubs = append(hubs, l.Href)
		case "self":
			selves = append(selves, l.Href)
		}
	}
	return hubs, selves
}
