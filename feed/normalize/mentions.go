package normalize

import (
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/paperwire/paperwire/feed"
)

// mentions reads an item that talks about papers: one observation per
// arXiv id or DOI it links to, in order of appearance.
func mentions(src feed.Source, it *gofeed.Item, seenAt time.Time) ([]feed.Observation, string) {
	text := it.Link + " " + strings.Join(it.Links, " ") + " " + it.Description + " " + it.Content
	refs := scanArxiv(text, maxMentions)
	var dois []string
	for _, d := range scanDOIs(text, maxMentions) {
		if !strings.HasPrefix(d, "10.48550/") {
			dois = append(dois, d)
		}
	}
	if len(refs)+len(dois) == 0 {
		return nil, SkipNoPaper
	}
	b := base(src, it, seenAt)
	b.Quality = feed.QualityMention
	b.Signals = signals(it)
	b.URL = discussionURL(it, refs)
	title := mentionTitle(markupOf(src, it).clean(it.Title))
	var out []feed.Observation
	for _, r := range refs {
		o := b
		o.Key = feed.ArxivKey(r.ID)
		o.Fields = feed.Fields{ArxivID: r.ID, Version: r.Version, Links: feed.Links{
			Abstract: "https://arxiv.org/abs/" + r.ID, PDF: "https://arxiv.org/pdf/" + r.ID,
		}}
		if strings.Contains(text, "huggingface.co/papers/"+r.ID) {
			o.Fields.Links.HF = "https://huggingface.co/papers/" + r.ID
		}
		out = append(out, o)
	}
	for _, d := range dois {
		o := b
		o.Key = feed.DOIKey(d)
		o.Fields = feed.Fields{DOI: d, Links: feed.Links{Abstract: "https://doi.org/" + d}}
		out = append(out, o)
	}
	if len(out) == 1 {
		out[0].Fields.Title = title // a post about several papers is titled for none of them
	}
	return out, ""
}

// discussionURL is where the mention can be read: the item's own page,
// unless that is the paper itself (hnrss links the article and keeps the
// thread in the guid).
func discussionURL(it *gofeed.Item, refs []ArxivRef) string {
	link := httpOnly(it.Link)
	if _, isPaper := findArxiv(link); link != "" && !isPaper {
		return link
	}
	if g := httpOnly(it.GUID); g != "" {
		return g
	}
	if len(refs) == 0 {
		return link
	}
	return ""
}

// mentionTitle drops the "[R] " style tags forums put before a cleaned
// title.
func mentionTitle(t string) string {
	for len(t) > 4 && t[0] == '[' {
		end := strings.IndexByte(t, ']')
		if end < 0 || end > 6 {
			break
		}
		t = strings.TrimSpace(t[end+1:])
	}
	return t
}
