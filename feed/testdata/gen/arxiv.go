package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/paperwire/paperwire/feed/feedtest"
)

// journalPub is the published version of a paper, shown by listings and the API.
type journalPub struct{ DOI, Ref string }

var published = map[int]journalPub{
	14: {DOI: "10.1109/TPAMI.2024.3381152", Ref: "IEEE Transactions on Pattern Analysis and Machine Intelligence, 46(7):4810-4825, 2024"},
	70: {DOI: "10.1007/s11263-024-02031-7", Ref: "International Journal of Computer Vision 132, 2980-2997 (2024)"},
}

// arxivFixtures are the listings and the API answer.
func arxivFixtures(papers []*Paper) map[string][]byte {
	return map[string][]byte{
		"arxiv-listing-cs.CV.rss":   feedtest.ListingRSS("cs.CV", day("2024-03-25"), cvMonday(papers)),
		"arxiv-listing-cs.LG.rss":   feedtest.ListingRSS("cs.LG", day("2024-03-26"), lgTuesday(papers)),
		"arxiv-listing-cs.CV.atom":  feedtest.ListingAtom("cs.CV", day("2024-03-27"), cvWednesday(papers)),
		"arxiv-listing-weekend.rss": feedtest.ListingRSS("cs.CV", day("2024-03-30"), nil),
		"arxiv-api.atom":            feedtest.APIFeed(day("2024-03-27"), apiEntries(papers)),
	}
}

// cvMonday is the cs.CV listing of Monday 25 March 2024.
func cvMonday(papers []*Paper) []feedtest.Entry {
	return listing(announce(papers, "new", 0, 4, 10, 12, 20, 26, 29, 67), announce(papers, "cross", 1, 7, 23),
		announce(papers, "replace", 14, 70), announce(papers, "replace-cross", 61))
}

// lgTuesday is the cs.LG listing of Tuesday 26 March: seed 0's v2 among them.
func lgTuesday(papers []*Paper) []feedtest.Entry {
	return listing(announce(papers, "new", 38, 42, 85, 87, 93), announce(papers, "cross", 4, 29),
		announce(papers, "replace-cross", 0))
}

// cvWednesday is the cs.CV Atom listing of Wednesday 27 March.
func cvWednesday(papers []*Paper) []feedtest.Entry {
	return listing(announce(papers, "new", 2, 5, 32, 50, 79), announce(papers, "cross", 23))
}

// announce returns the listing entries of type typ for the papers of
// seeds: version 1 for new and cross, the latest for replacements.
func announce(papers []*Paper, typ string, seeds ...int) []feedtest.Entry {
	var out []feedtest.Entry
	for _, s := range seeds {
		p := papers[s]
		e := feedtest.Entry{Paper: p.Paper, Type: typ, Version: 1, DOI: published[s].DOI, JournalRef: published[s].Ref}
		if strings.HasPrefix(typ, "replace") {
			e.Version = p.Version
		}
		out = append(out, e)
	}
	return out
}

// listing orders entries as arXiv does: by type, then by id.
func listing(groups ...[]feedtest.Entry) []feedtest.Entry {
	var all []feedtest.Entry
	for _, g := range groups {
		all = append(all, g...)
	}
	rank := map[string]int{"new": 0, "cross": 1, "replace": 2, "replace-cross": 3}
	sort.SliceStable(all, func(i, j int) bool {
		if rank[all[i].Type] != rank[all[j].Type] {
			return rank[all[i].Type] < rank[all[j].Type]
		}
		return all[i].Paper.ID < all[j].Paper.ID
	})
	return all
}

// apiEntries answer an id_list query: seed 0 at v2, a replaced paper with
// an affiliation, the two old-style ids and two unpinned papers.
func apiEntries(papers []*Paper) []feedtest.APIEntry {
	return []feedtest.APIEntry{
		apiEntry(papers[0], "14 pages, 9 figures; code: https://github.com/chenxi52/FrozenSeg", nil),
		apiEntry(papers[14], "Accepted to IEEE TPAMI. Extended version of the NeurIPS 2023 Datasets and Benchmarks paper; 23 pages, 11 figures",
			map[string]string{"Mette Østergaard": "Aarhus University"}),
		apiEntry(papers[90], "", nil),
		apiEntry(papers[91], "", nil),
		apiEntry(papers[68], "", nil),
		apiEntry(papers[89], "", nil),
	}
}

// apiEntry is the paper's latest version as the API shows it: Unicode
// authors, submission times, its journal publication.
func apiEntry(p *Paper, comment string, affiliations map[string]string) feedtest.APIEntry {
	fp := p.Paper
	fp.Authors = p.UnicodeAuthors()
	pub := published[p.Index]
	return feedtest.APIEntry{
		Paper: fp, Version: p.Version,
		Published: submitted(p, p.Announced, "v1"), Updated: submitted(p, p.Replaced, fmt.Sprintf("v%d", p.Version)),
		Comment: comment, DOI: pub.DOI, JournalRef: pub.Ref, Affiliations: affiliations,
	}
}
