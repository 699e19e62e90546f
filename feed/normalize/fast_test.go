package normalize

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The scanners and text cleaners were rewritten for speed (issue 4).
// These are the earlier implementations, kept as references: on every
// input the new ones must give the same result.

func refScanArxiv(s string, limit int) []ArxivRef {
	var refs []ArxivRef
	lower := strings.ToLower(s)
	for i := 0; i < len(lower) && len(refs) < limit; {
		best, m := -1, ""
		for _, mk := range arxivMarkers {
			if j := strings.Index(lower[i:], mk); j >= 0 && (best < 0 || j < best) {
				best, m = j, mk
			}
		}
		if best < 0 {
			break
		}
		start := i + best + len(m)
		ref, n := parseArxivID(s[start:])
		if n > 0 && boundaryBefore(lower, i+best, m) {
			refs = addRef(refs, ref)
		}
		i = start + max(n, 0)
	}
	return refs
}

func refCollapse(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func refDropControls(s string) string {
	return strings.Map(func(r rune) rune {
		if r == utf8.RuneError || (unicode.IsControl(r) && !unicode.IsSpace(r)) {
			return -1
		}
		return r
	}, s)
}

func refCleanText(s string) string {
	if strings.ContainsAny(s, "<&") {
		s = htmlText(s)
	}
	return refCollapse(refDropControls(s))
}

func refCodeURL(abstract string) string {
	best := -1
	for _, h := range codeHosts {
		if i := strings.Index(abstract, h); i >= 0 && (best < 0 || i < best) {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return repoURL(abstract[best:])
}

// texts are the fixtures' contents cut into pieces, and random strings
// built from the characters the fast paths treat specially.
func texts(t *testing.T) []string {
	t.Helper()
	var out []string
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "*.*"))
	math, _ := filepath.Glob(filepath.Join("..", "testdata", "math", "*.*"))
	files = append(files, math...)
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, strings.SplitAfter(string(raw), "\n")...)
		out = append(out, string(raw))
	}
	alphabet := []string{"a", "Z", "0", " ", "  ", "\t", "\n", "\r", "\v", "\f", "\x00", "\x01", "\x7f", "\u0085", "\u00a0", "\u2003",
		"\u3000", "é", "İ", "\xff", "\xc3", "\ufffd", "<b>", "<SEP>", "$k<n$", "<p class=x>", "<!-- c -->", "&amp;", "arXiv:", "ARXIV.ORG/ABS/", "2403.15929", "v2", "hep-th/9901001",
		"https://github.com/a/b", "http", "huggingface.co/papers/", "doi:10.48550/arXiv.", ".", "/", "(", "x"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for n := rng.IntN(24); n > 0; n-- {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		out = append(out, b.String())
	}
	return out
}

func TestFastPathsMatchReferences(t *testing.T) {
	for _, s := range texts(t) {
		if got, want := cleanText(s), refCleanText(s); got != want {
			t.Fatalf("cleanText(%q) = %q, want %q", s, got, want)
		}
		if got, want := collapse(s), refCollapse(s); got != want {
			t.Fatalf("collapse(%q) = %q, want %q", s, got, want)
		}
		if got, want := dropControls(s), refDropControls(s); got != want {
			t.Fatalf("dropControls(%q) = %q, want %q", s, got, want)
		}
		if got, want := codeURL(s), refCodeURL(s); got != want {
			t.Fatalf("codeURL(%q) = %q, want %q", s, got, want)
		}
		if !lowerKeepsOffsets(s) {
			continue // the reference misplaces ids after such text (see below)
		}
		if got, want := scanArxiv(s, 20), refScanArxiv(s, 20); !equalRefs(got, want) {
			t.Fatalf("scanArxiv(%q) = %v, want %v", s, got, want)
		}
	}
}

// lowerKeepsOffsets reports whether every byte offset of s is the same in
// strings.ToLower(s).
func lowerKeepsOffsets(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if utf8.RuneLen(unicode.ToLower(r)) != utf8.RuneLen(r) {
			return false
		}
	}
	return true
}

// The earlier scanner searched a lower-cased copy but read ids from the
// original at the copy's offsets: after a character whose lower case is
// shorter (İ) or after invalid UTF-8 (U+FFFD is longer), it read the id
// at the wrong place and missed it. The new one reads
// the original only.
func TestScanArxivAfterLongerLowerCase(t *testing.T) {
	for _, s := range []string{"İ arxiv.org/abs/2403.15929v2", "\xff see https://arxiv.org/abs/2403.15929v2"} {
		if got := scanArxiv(s, 1); len(got) != 1 || got[0] != (ArxivRef{ID: "2403.15929", Version: 2}) {
			t.Errorf("scanArxiv(%q) = %v, want 2403.15929 v2", s, got)
		}
		if got := refScanArxiv(s, 1); len(got) != 0 {
			t.Logf("the reference finds %v in %q", got, s)
		}
	}
}

func equalRefs(a, b []ArxivRef) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
