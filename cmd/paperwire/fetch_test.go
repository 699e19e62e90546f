package main

import (
	"strings"
	"testing"

	"github.com/paperwire/paperwire/feed/ingest"
)

// The summary says on each source's line what was cut from its document.
func TestFetchSummaryShowsCuts(t *testing.T) {
	var b strings.Builder
	printReports(&b, []ingest.Report{
		{Source: "big", Status: ingest.StatusFetched, Items: 5000, Truncated: 195000, Trimmed: 2},
		{Source: "fine", Status: ingest.StatusFetched, Items: 10},
	})
	lines := strings.Split(b.String(), "\n")
	if len(lines) < 4 || !strings.HasSuffix(strings.TrimSpace(lines[0]), "CUT") {
		t.Fatalf("summary:\n%s", b.String())
	}
	for i, want := range []string{"195000 truncated, 2 trimmed", "-", "195000 truncated, 2 trimmed"} {
		if l := strings.TrimSpace(lines[1+i]); !strings.HasSuffix(l, want) {
			t.Errorf("line %q does not end with %q", l, want)
		}
	}
}
