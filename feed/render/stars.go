package render

import (
	"fmt"
	"strconv"
	"time"

	"github.com/paperwire/paperwire/feed"
)

// StarWindow is the growth window an item's star line reports.
const StarWindow = 24 * time.Hour

// repoLine says the paper's repository and its stars valued at `at`:
// "code owner/repo", "★ 4,730 (+312 in the last 24 h)". Stored state
// only, never the clock: at is the time the page values its items at.
func repoLine(p *feed.Paper, at time.Time) []string {
	var out []string
	if p.Repo != "" {
		out = append(out, "code "+p.Repo)
	}
	if line := StarLine(p, at); line != "" {
		out = append(out, line)
	}
	return out
}

// StarLine is "★ 4,730 (+312 in the last 24 h)" as of t ("★ 4,730"
// without growth, "" without stars). A zero t means the newest count.
func StarLine(p *feed.Paper, t time.Time) string {
	st := p.Stars
	if t.IsZero() && len(st.History) > 0 {
		t = st.History[len(st.History)-1].At
	}
	n := st.At(t)
	if n == 0 {
		n = p.Signals().Stars // stored before the one counter, or reported without history
		if n == 0 {
			return ""
		}
		return "★ " + thousands(n)
	}
	if g := st.Gained(t, StarWindow); g > 0 {
		return fmt.Sprintf("★ %s (+%s in the last 24 h)", thousands(n), thousands(g))
	}
	return "★ " + thousands(n)
}

// thousands writes n with comma separators: 4730 → "4,730".
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	if n < 0 {
		return "-" + thousands(-n)
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}
