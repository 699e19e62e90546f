package render

import (
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/rank"
)

// base is the fixed instant every fixture is dated from.
var base = time.Date(2024, 3, 25, 10, 0, 0, 0, time.UTC)

func testSite() Site {
	return Site{Title: "Paperwire", BaseURL: "https://papers.example.org", TTL: 30 * time.Minute, Params: rank.Defaults()}
}

func testTopic() feed.Topic {
	return feed.Topic{Slug: "computer-vision", Title: "Computer vision", Categories: []string{"cs.CV"}, Limit: 50}
}

// score sums sighting events the way the store does.
func score(events ...float64) float64 {
	s := rank.Empty
	for _, e := range events {
		s = rank.Add(s, e)
	}
	return s
}

// arxivPaper has every link, Unicode authors, several categories and
// every kind of signal.
func arxivPaper() *feed.Paper {
	params := rank.Defaults()
	seen := base.Add(-6 * time.Hour)
	return &feed.Paper{
		Key: "arxiv:2403.15929",
		Fields: feed.Fields{
			ArxivID: "2403.15929", Version: 2, DOI: "10.1109/cvpr52733.2024.01234",
			Title:      "Segment Anything, Faster: Ünïcode Masks & <Fast> Decoders",
			Abstract:   "We make mask decoding 3× faster & keep quality (IoU > 0.9).",
			Authors:    []string{"Zoë Müller", "Jürgen Šimůnek", "李小龙", "Ólafur Þórsson"},
			Categories: []string{"cs.CV", "cs.LG", "cs.AI"},
			Links: feed.Links{
				Abstract: "https://arxiv.org/abs/2403.15929v2", PDF: "https://arxiv.org/pdf/2403.15929v2",
				Code: "https://github.com/example/fast-sam", HF: "https://huggingface.co/papers/2403.15929",
			},
			Published: base.Add(-30 * time.Hour),
			Repo:      "example/fast-sam",
		},
		Stars:   feed.Stars{History: []feed.StarPoint{{At: seen.Add(-20 * time.Hour), Stars: 922}, {At: seen.Add(time.Hour), Stars: 1234}}},
		Quality: feed.QualityListing,
		Sightings: []feed.Sighting{
			{Source: "arxiv-cs-cv", Role: feed.RolePapers, Listing: true, At: seen, URL: "https://arxiv.org/abs/2403.15929v2", Weight: 1, Score: params.Event(1, seen)},
			{Source: "hf-daily", Role: feed.RolePapers, At: seen.Add(time.Hour), Signals: feed.Signals{Upvotes: 42}, Weight: 1, Score: params.Event(1+42*0.2+1234*0.01, seen.Add(time.Hour))},
			{Source: "hn-arxiv", Role: feed.RoleMentions, At: seen.Add(2 * time.Hour), URL: "https://news.ycombinator.com/item?id=39812345", Signals: feed.Signals{Points: 87}, Weight: 2, Score: params.Event(2+8.7, seen.Add(2*time.Hour))},
		},
		Score:     score(params.Event(1, seen), params.Event(1+42*0.2+1234*0.01, seen.Add(time.Hour)), params.Event(2+8.7, seen.Add(2*time.Hour))),
		ScoreAt:   seen.Add(2 * time.Hour),
		FirstSeen: seen,
		Updated:   seen.Add(2 * time.Hour),
		Topics:    []string{"all", "computer-vision"},
	}
}

// doiPaper is keyed by a non-arXiv DOI.
func doiPaper() *feed.Paper {
	seen := base.Add(-26 * time.Hour)
	return &feed.Paper{
		Key: "doi:10.1101/857789",
		Fields: feed.Fields{
			DOI: "10.1101/857789", Title: "Cortical maps of visual attention", Abstract: "A bioRxiv preprint.",
			Authors: []string{"Ana Pérez"}, Categories: []string{"Neuroscience"},
			Links:     feed.Links{Abstract: "https://doi.org/10.1101/857789", PDF: "https://www.biorxiv.org/content/10.1101/857789v1.full.pdf"},
			Published: base.Add(-48 * time.Hour),
		},
		Quality:   feed.QualityListing,
		Sightings: []feed.Sighting{{Source: "biorxiv", Role: feed.RolePapers, At: seen, Weight: 1, Score: rank.Defaults().Event(1, seen)}},
		Score:     rank.Defaults().Event(1, seen),
		ScoreAt:   seen, FirstSeen: seen, Updated: seen,
		Topics: []string{"all", "computer-vision"},
	}
}

// titlePaper has no identifier and only the blog post that mentioned it.
func titlePaper() *feed.Paper {
	seen := base.Add(-3 * time.Hour)
	return &feed.Paper{
		Key:       "title:0a1b2c3d4e5f60718293",
		Fields:    feed.Fields{Title: "Why vision transformers dream of grids"},
		Quality:   feed.QualityMention,
		Sightings: []feed.Sighting{{Source: "blog", Role: feed.RoleMentions, At: seen, URL: "https://blog.example.com/2024/03/grids", Weight: 2, Score: rank.Defaults().Event(2, seen)}},
		Score:     rank.Defaults().Event(2, seen),
		ScoreAt:   seen, FirstSeen: seen, Updated: seen,
		Topics: []string{"all", "computer-vision"},
	}
}

// hostilePaper carries markup and script URLs in every text field.
func hostilePaper() *feed.Paper {
	p := arxivPaper()
	p.Key, p.ArxivID = "arxiv:2401.00001", "2401.00001"
	p.Title = `<script>alert(1)</script><img src=x onerror=alert(1)>Hostile`
	p.Abstract = `Look <img src=x onerror="alert(2)"> <a href="javascript:alert(3)" onclick="x()">here</a><script>alert(4)</script>`
	p.Authors = []string{"<script>alert(5)</script>", `Eve <img src=x onerror=alert(6)>`, `"><svg onload=alert(7)>`}
	p.Categories = []string{"<script>alert(8)</script>", `cs.CV" onmouseover="alert(9)`}
	p.Links = feed.Links{Abstract: "javascript:alert(10)", PDF: " javascript:alert(11)", Code: "JaVaScRiPt:alert(12)", HF: "data:text/html,<script>alert(13)</script>"}
	for i := range p.Sightings {
		p.Sightings[i].URL = "javascript:alert(14)"
	}
	return p
}

// populated is the page of the golden files: a pinned arXiv paper, a DOI
// paper and a title-key paper.
func populated() Page {
	a, d, t := arxivPaper(), doiPaper(), titlePaper()
	return Page{
		Topic:   testTopic(),
		Items:   []Item{{Paper: a, Pinned: true}, {Paper: t}, {Paper: d}},
		Updated: t.Updated,
	}
}

// untitledPage holds a paper only a mention has linked so far.
func untitledPage() Page {
	p := arxivPaper()
	p.Key, p.ArxivID, p.Title, p.Abstract, p.Authors = "arxiv:2402.19579", "2402.19579", "", "", nil
	return Page{Topic: testTopic(), Items: []Item{{Paper: p}}, Updated: p.Updated}
}

func empty() Page {
	return Page{Topic: feed.Topic{Slug: "quantum-origami", Title: "Quantum origami", Keywords: []string{"origami"}, Limit: 50}}
}
