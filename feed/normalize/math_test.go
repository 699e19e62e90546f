package normalize_test

import (
	"strings"
	"testing"
)

// Text between < and > survives in every source kind: arXiv and Hugging
// Face write plain text (nothing is markup there, "<s>" is a token);
// the others write HTML, of which only real tags are dropped.
func TestTextBetweenAnglesSurvives(t *testing.T) {
	cases := []struct {
		file    string
		want    []string // each in the title or abstract of the first observation
		dropped []string // real tags, gone
		wantObs int
	}{
		{"math/arxiv-math.rss", []string{"The <SEP> Token Matters", "$k<n$ attention heads", "$m>n$ layers",
			"$\\|A\\|_{1\\to\\infty}<1$ & a coupling", "BERT & RoBERTa", "<b>-tagged spans"}, nil, 2},
		{"math/arxiv-math.atom", []string{"when $p<\\log n/n$", "let $k<n$ be fixed", "$p>(1+\\varepsilon)",
			"$\\Pr[\\kappa(G)<k]", "the pair $<u,v>$"}, nil, 1},
		{"math/arxiv-api-math.atom", []string{"Does the <s> Token Carry", "token <s> absorbs", "$L>4096$",
			"$\\alpha<0.1$", "a learned <sink> token", "$1\\%$ & frees"}, nil, 1},
		{"math/hf-daily-math.json", []string{"Does the <s> Token Carry", "$L>4096$ and heads whose sink ratio satisfies $\\alpha<0.1$",
			"<sink>"}, nil, 1},
		{"math/hnrss-math.rss", []string{"The <SEP> Token Matters"}, nil, 2},
		{"math/reddit-math.atom", []string{"when p<log n/n"}, nil, 1},
		{"math/blog-math.rss", []string{"the <SEP> token, and why $k<n$ heads suffice"}, nil, 2},
		{"math/biorxiv-math.rss", []string{"IFN-γ in organoids with n<k replicates", "FDR<q and log2FC>1 (q=0.05)",
			"the IC50 of the response", "p<0.01", "stays <5%"}, []string{"<i>", "<sub>"}, 1},
	}
	for _, c := range cases {
		res := fixture(t, c.file)
		if len(res.Observations) != c.wantObs {
			t.Errorf("%s: %d observations, want %d", c.file, len(res.Observations), c.wantObs)
			continue
		}
		f := res.Observations[0].Fields
		text := f.Title + "\n" + f.Abstract
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: %q lost; got\n%s", c.file, w, text)
			}
		}
		for _, d := range c.dropped {
			if strings.Contains(text, d) {
				t.Errorf("%s: tag %q kept; got\n%s", c.file, d, text)
			}
		}
	}
}
