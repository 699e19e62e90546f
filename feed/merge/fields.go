package merge

import (
	"slices"

	"github.com/paperwire/paperwire/feed"
)

// mergeFields takes o's descriptive fields into p. A better source (or an
// equal one announcing a newer version) overrides; a lesser one only
// fills gaps, so two sources that disagree never flap.
func mergeFields(p *feed.Paper, o feed.Observation) bool {
	f, in := &p.Fields, o.Fields
	override := o.Quality > p.Quality || (o.Quality == p.Quality && in.Version > f.Version)
	changed := false
	set := func(dst *string, v string) {
		if v != "" && *dst != v && (override || *dst == "") {
			*dst, changed = v, true
		}
	}
	set(&f.ArxivID, in.ArxivID)
	set(&f.DOI, in.DOI)
	set(&f.Title, in.Title)
	set(&f.Abstract, in.Abstract)
	set(&f.Links.Abstract, in.Links.Abstract)
	set(&f.Links.PDF, in.Links.PDF)
	set(&f.Links.Code, in.Links.Code)
	set(&f.Links.HF, in.Links.HF)
	if len(in.Authors) > 0 && !slices.Equal(f.Authors, in.Authors) && (override || len(f.Authors) == 0) {
		f.Authors, changed = slices.Clone(in.Authors), true
	}
	for _, c := range in.Categories {
		if !slices.Contains(f.Categories, c) {
			f.Categories, changed = append(f.Categories, c), true
		}
	}
	if in.Version > f.Version {
		f.Version, changed = in.Version, true
	}
	if !in.Published.IsZero() && (f.Published.IsZero() || in.Published.Before(f.Published)) {
		f.Published, changed = in.Published, true
	}
	if o.Quality > p.Quality {
		p.Quality, changed = o.Quality, true
	}
	return mergeRepo(p, o) || changed
}

// mergeRepo takes the paper's repository from a papers source (never
// from a mention): a declared one (Hugging Face's githubRepo) beats one
// found in an abstract, and otherwise the first one found stays.
func mergeRepo(p *feed.Paper, o feed.Observation) bool {
	r := o.Fields.Repo
	if r == "" || o.Role == feed.RoleMentions || r == p.Repo {
		return false
	}
	if p.Repo != "" && (p.RepoDeclared || !o.RepoDeclared) {
		return false
	}
	p.Repo, p.RepoDeclared = r, o.RepoDeclared
	return true
}
