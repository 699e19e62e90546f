package ingest_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/fetch"
	"github.com/paperwire/paperwire/feed/ingest"
	"github.com/paperwire/paperwire/feed/normalize"
)

// serveRSS makes the upstream serve items (RSS <item> elements) at name.
func (e *env) serveRSS(name string, items ...string) feed.Source {
	body := `<?xml version="1.0"?><rss version="2.0" xmlns:x="urn:x"><channel><title>t</title>` + strings.Join(items, "") + `</channel></rss>`
	e.up.handle(name, func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, body) })
	return e.source(strings.TrimSuffix(name, ".rss"), name, feed.RolePapers)
}

func item(id int, title, extra string) string {
	return fmt.Sprintf("<item><title>%s</title><link>https://arxiv.org/abs/2401.%05d</link>%s</item>", title, id, extra)
}

// A 5 MiB title is stored cut to its cap, and the report and the source
// state say how many items were trimmed and truncated.
func TestHostileSizesAreCutAndReported(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	items := []string{item(1, strings.Repeat("T", 5<<20), ""), item(2, "Fine", "")}
	for i := range 8 {
		items = append(items, item(10+i, "More", ""))
	}
	src := e.serveRSS("hostile.rss", items...)
	in := e.ingester(fetch.Options{MaxBody: 16 << 20}, func(c *ingest.Config) { c.MaxItems = 4 })
	r := in.Poll(ctx, src, false)
	if r.Status != ingest.StatusFetched || r.Items != 4 || r.Truncated != 6 || r.Trimmed != 1 || r.Rejected != 0 {
		t.Fatalf("report %+v", r)
	}
	if got := r.Cut(); got != "6 truncated, 1 trimmed" {
		t.Errorf("Cut() = %q", got)
	}
	p, err := e.store.Paper(ctx, "arxiv:2401.00001")
	if err != nil || len(p.Title) > normalize.MaxTitle {
		t.Fatalf("stored title: %d bytes, %v", len(p.Title), err)
	}
	st, err := e.store.SourceState(ctx, src.Name)
	if err != nil || st.Truncated != 6 || st.Trimmed != 1 {
		t.Errorf("source state %+v, %v", st, err)
	}
}

// A document nested beyond the bound is a named failure of its source.
func TestDeepNestingFailsTheSource(t *testing.T) {
	e := newEnv(t)
	deep := strings.Repeat("<x:a>", 100_000) + strings.Repeat("</x:a>", 100_000)
	src := e.serveRSS("deep.rss", item(1, "Deep", deep))
	r := e.ingester(fetch.Options{}).Poll(context.Background(), src, false)
	if r.Status != ingest.StatusFailed || !strings.Contains(r.Reason, "feed too deeply nested: depth > ") {
		t.Errorf("report %+v", r)
	}
}
