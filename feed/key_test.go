package feed

import "testing"

// Item ids come from the key only (ARCHITECTURE.md §D7), whatever its kind.
func TestKeyItemID(t *testing.T) {
	for key, want := range map[Key]string{
		ArxivKey("2403.15929"):           "https://arxiv.org/abs/2403.15929",
		ArxivKey("hep-th/9901001"):       "https://arxiv.org/abs/hep-th/9901001",
		DOIKey("10.1101/857789"):         "https://doi.org/10.1101/857789",
		TitleKey("0a1b2c3d4e5f60718293"): "urn:paperwire:title:0a1b2c3d4e5f60718293",
	} {
		if got := key.ItemID(); got != want {
			t.Errorf("%s.ItemID() = %q, want %q", key, got, want)
		}
	}
}

// The string form is the stored form: it must not change.
func TestKeyStringForm(t *testing.T) {
	cases := []struct {
		key  Key
		str  string
		kind KeyKind
		id   string
	}{
		{ArxivKey("2403.15929"), "arxiv:2403.15929", KeyArxiv, "2403.15929"},
		{ArxivKey("hep-th/9901001"), "arxiv:hep-th/9901001", KeyArxiv, "hep-th/9901001"},
		{DOIKey("10.1101/2024.03.20.585000"), "doi:10.1101/2024.03.20.585000", KeyDOI, "10.1101/2024.03.20.585000"},
		{TitleKey("0a1b2c3d4e5f60718293"), "title:0a1b2c3d4e5f60718293", KeyTitle, "0a1b2c3d4e5f60718293"},
	}
	for _, c := range cases {
		if c.key.String() != c.str || c.key.Kind() != c.kind || c.key.ID() != c.id {
			t.Errorf("%q: kind %q id %q, want %q %q %q", c.key, c.key.Kind(), c.key.ID(), c.str, c.kind, c.id)
		}
		if back, err := ParseKey(c.str); err != nil || back != c.key {
			t.Errorf("ParseKey(%q) = %q, %v", c.str, back, err)
		}
	}
}

func TestParseKeyRejects(t *testing.T) {
	for _, bad := range []string{"", "2403.15929", "arxiv:", "isbn:123", "title:", "doi:10.1/a b"} {
		if k, err := ParseKey(bad); err == nil {
			t.Errorf("ParseKey(%q) = %q, want an error", bad, k)
		}
	}
}
