package normalize

import "testing"

func TestUntex(t *testing.T) {
	cases := map[string]string{
		`M\"uller`:            "Müller",
		`M\"{u}ller`:          "Müller",
		`Garc\'ia`:            "García",
		`Garc\'{\i}a`:         "García",
		`Ta\c{s}kin`:          "Taşkin",
		`Jos\'e`:              "José",
		`G\"{o}khan`:          "Gökhan",
		`{\O}stergaard`:       "Østergaard",
		`Dvo\v{r}\'ak`:        "Dvořák",
		`Fran\c{c}ois`:        "François",
		`Stra\ss e`:           "Straße",
		`\AA{}ngstr\"om`:      "Ångström",
		`Le\~na`:              "Leña",
		`plain name`:          "plain name",
		"Nicol\\`o":           "Nicolò",
		`Erd\H{o}s`:           "Erdős",
		`unknown \command`:    `unknown \command`,
		`trailing backslash\`: `trailing backslash\`,
	}
	for in, want := range cases {
		if got := untex(in); got != want {
			t.Errorf("untex(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCleanText(t *testing.T) {
	cases := map[string]string{
		"  wrapped\n  title\twith   spaces ":                 "wrapped title with spaces",
		"<p>Hello <b>world</b></p><script>alert(1)</script>": "Hello world",
		"a &amp; b &lt;c&gt;":                                "a & b <c>",
		`<img src=x onerror="alert(1)">text`:                 "text",
		"ctrl\x0bchar\x00s":                                  "ctrl chars", // VT is white space, NUL is dropped
		"<style>p{}</style>kept":                             "kept",
		"line<br>break":                                      "line break",
		"already clean":                                      "already clean",
	}
	for in, want := range cases {
		if got := cleanText(in); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStripListingPrefix(t *testing.T) {
	abs, v := stripListingPrefix("arXiv:2403.15929v2 Announce Type: replace \nAbstract: We study things.")
	if abs != " We study things." || v != 2 {
		t.Errorf("stripListingPrefix = %q, %d", abs, v)
	}
	if abs, v := stripListingPrefix("A normal abstract."); abs != "A normal abstract." || v != 0 {
		t.Errorf("plain abstract changed: %q, %d", abs, v)
	}
}

func TestSplitNames(t *testing.T) {
	cases := map[string][]string{
		"Anna Müller, Luis García, Wei Zhang": {"Anna Müller", "Luis García", "Wei Zhang"},
		"A One, B Two and C Three":            {"A One", "B Two", "C Three"},
		"A One, B Two, and C Three":           {"A One", "B Two", "C Three"},
		"Okafor, H., Lindqvist, B.":           {"H. Okafor", "B. Lindqvist"},
	}
	for in, want := range cases {
		got := splitNames(in)
		if len(got) != len(want) {
			t.Errorf("splitNames(%q) = %q, want %q", in, got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("splitNames(%q) = %q, want %q", in, got, want)
			}
		}
	}
}

func TestCodeURL(t *testing.T) {
	cases := map[string]string{
		"Code is available at https://github.com/chenxi52/FrozenSeg.":          "https://github.com/chenxi52/FrozenSeg",
		"code: https://github.com/a/b) and more":                               "https://github.com/a/b",
		"see https://github.com/mxin262/SwinTextSpotterv2{SwinTextSpotter v2}": "https://github.com/mxin262/SwinTextSpotterv2",
		"our org https://github.com/google":                                    "",
		"no code":                                                              "",
	}
	for in, want := range cases {
		if got := codeURL(in); got != want {
			t.Errorf("codeURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// Only real tags are markup in HTML text: math, angle-bracketed tokens
// and bare words between < and > stay text.
func TestCleanTextKeepsTextBetweenAngles(t *testing.T) {
	cases := map[string]string{
		"for $k<n$ and $m>n$ we":             "for $k<n$ and $m>n$ we",
		"The <SEP> Token Matters":            "The <SEP> Token Matters",
		"genes with FDR<q and log2FC>1":      "genes with FDR<q and log2FC>1",
		"a <b>bold</b> claim":                "a bold claim",
		"<p class=x data-y='1>2'>para</p>":   "para",
		`<img src=x onerror=alert(1)>text`:   "text",
		"<input disabled>kept":               "kept",
		"the pair <u, v> and <i>x</i>":       "the pair <u, v> and x",
		"IC<sub>50</sub> of 3 &lt;b&gt; nM":  "IC50 of 3 <b> nM",
		"an unclosed <a href='x' tag":        "an unclosed <a href='x' tag",
		"x<!-- note -->y":                    "xy",
		"$0<a<b<1$ & $\\|x\\|>1$":            "$0<a<b<1$ & $\\|x\\|>1$",
		"end with <br":                       "end with <br",
		"<script>if (a<b) x()</script>after": "after",
	}
	for in, want := range cases {
		if got := cleanText(in); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
		}
	}
}

// Plain text (arXiv, Hugging Face) keeps every character, even what would
// be a real HTML tag: "<s>" is a token there.
func TestCleanPlainKeepsEverything(t *testing.T) {
	cases := map[string]string{
		"Does the <s> Token Carry Meaning?": "Does the <s> Token Carry Meaning?",
		" $k<n$ &amp;\n $m>n$ ":             "$k<n$ &amp; $m>n$",
		"ctrl\x00char":                      "ctrlchar",
	}
	for in, want := range cases {
		if got := cleanPlain(in); got != want {
			t.Errorf("cleanPlain(%q) = %q, want %q", in, got, want)
		}
	}
}
