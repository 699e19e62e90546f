package feed

import (
	"testing"
	"time"
)

func TestPeriods(t *testing.T) {
	at := time.Date(2024, 12, 31, 13, 0, 0, 0, time.UTC) // a Tuesday in ISO week 2025-W01
	for _, tc := range []struct {
		kind           DigestKind
		id, start, end string
		prevID, nextID string
	}{
		{Daily, "2024-12-31", "2024-12-31", "2025-01-01", "2024-12-30", "2025-01-01"},
		{Weekly, "2025-W01", "2024-12-30", "2025-01-06", "2024-W52", "2025-W02"},
	} {
		p := PeriodAt(tc.kind, at)
		if p.ID() != tc.id || p.Start.Format(time.DateOnly) != tc.start || p.End().Format(time.DateOnly) != tc.end {
			t.Errorf("%s: %s %s..%s, want %s %s..%s", tc.kind, p.ID(), p.Start, p.End(), tc.id, tc.start, tc.end)
		}
		if p.Prev().ID() != tc.prevID || p.Next().ID() != tc.nextID {
			t.Errorf("%s: prev %s next %s, want %s %s", tc.kind, p.Prev().ID(), p.Next().ID(), tc.prevID, tc.nextID)
		}
		back, err := ParsePeriod(tc.kind, tc.id)
		if err != nil || back != p {
			t.Errorf("ParsePeriod(%s) = %v, %v; want %v", tc.id, back, err, p)
		}
	}
}

func TestParsePeriodRejects(t *testing.T) {
	for _, tc := range []struct {
		kind DigestKind
		id   string
	}{
		{Daily, "2024-3-25"}, {Daily, "2024-02-30"}, {Daily, "yesterday"}, {Daily, "2024-03-25x"},
		{Weekly, "2024-W54"}, {Weekly, "2024-W1"}, {Weekly, "2024-W00"}, {Weekly, "2024-03-25"}, {Weekly, "2024-W13x"},
		{"monthly", "2024-03"},
	} {
		if p, err := ParsePeriod(tc.kind, tc.id); err == nil {
			t.Errorf("ParsePeriod(%s, %q) = %v, want an error", tc.kind, tc.id, p)
		}
	}
}
