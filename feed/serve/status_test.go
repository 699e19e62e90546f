package serve_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/render"
	"github.com/paperwire/paperwire/storage/redis"
	"github.com/paperwire/paperwire/storage/redis/redistest"
)

func testSources() []feed.Source {
	return []feed.Source{
		{Name: "arxiv-cs-cv", URL: "https://rss.arxiv.org/rss/cs.CV", Every: time.Hour},
		{Name: "hf-daily", URL: "https://huggingface.co/api/daily_papers", Kind: feed.KindHFDaily, Every: time.Hour},
		{Name: "hn-arxiv", URL: "https://hnrss.org/newest?q=arxiv.org", Role: feed.RoleMentions, Every: 30 * time.Minute},
	}
}

// states: one source healthy, one failing three times in a row, one
// never polled.
func saveStates(t *testing.T, s interface {
	SaveSourceState(context.Context, feed.SourceState) error
}) {
	t.Helper()
	for _, st := range []feed.SourceState{
		{Name: "arxiv-cs-cv", LastAttempt: t0, LastSuccess: t0, LastStatus: "fetched", Items: 42},
		{Name: "hf-daily", LastAttempt: t0, LastSuccess: t0.Add(-6 * time.Hour), LastFailure: t0, LastStatus: "failed",
			LastError: "status 502 Bad Gateway", Failures: 3, NotBefore: t0.Add(8 * time.Minute), NotBeforeWhy: "backoff", Items: 50},
	} {
		if err := s.SaveSourceState(context.Background(), st); err != nil {
			t.Fatal(err)
		}
	}
}

func getStatus(t *testing.T, h http.Handler) (render.Status, int) {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/status.json", nil))
	var st render.Status
	if err := json.Unmarshal(w.Body.Bytes(), &st); err != nil {
		t.Fatalf("/status.json: %v\n%s", err, w.Body)
	}
	return st, w.Code
}

// /status.json says, per source, the last success, the last error with
// its reason and time, the failures in a row, the next poll and the
// items of the last document; what is unknown is null.
func TestStatusJSON(t *testing.T) {
	t.Parallel()
	s := openStore(t, filepath.Join(t.TempDir(), "paperwire.db"))
	saveStates(t, s)
	h, _ := serverOver(t, s, testSite(), nil, testSources())
	st, code := getStatus(t, h)
	if code != http.StatusOK || st.Store != "up" || st.Failing != 1 || len(st.Sources) != 3 {
		t.Fatalf("status %d: %+v", code, st)
	}
	cv, hf, hn := st.Sources[0], st.Sources[1], st.Sources[2]
	if cv.State != render.StateOK || !cv.LastSuccess.Equal(t0) || cv.Items != 42 || !cv.NextPoll.Equal(t0.Add(time.Hour)) || cv.LastError != "" {
		t.Errorf("healthy source: %+v", cv)
	}
	if hf.State != render.StateFailing || hf.Failures != 3 || hf.LastError != "status 502 Bad Gateway" || !hf.LastFailure.Equal(t0) ||
		!hf.LastSuccess.Equal(t0.Add(-6*time.Hour)) || !hf.NextPoll.Equal(t0.Add(8*time.Minute)) || hf.NextWhy != "backoff" {
		t.Errorf("failing source: %+v", hf)
	}
	if hn.State != render.StateNever || hn.LastSuccess != nil || hn.LastAttempt != nil || hn.NextPoll != nil || hn.Every != "30m0s" {
		t.Errorf("never polled source: %+v", hn)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/status.json", nil))
	if !strings.Contains(w.Body.String(), `"last_success": null`) {
		t.Errorf("unknown times are not null:\n%s", w.Body)
	}
}

// The HTML status page shows the same, and is linked from the index.
func TestStatusPage(t *testing.T) {
	t.Parallel()
	s := openStore(t, filepath.Join(t.TempDir(), "paperwire.db"))
	saveStates(t, s)
	h, _ := serverOver(t, s, testSite(), nil, testSources())
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/status", nil))
	body := w.Body.String()
	for _, want := range []string{"hf-daily", "status 502 Bad Gateway", "failing", "never polled", "2024-03-25 10:08:00", "42"} {
		if !strings.Contains(body, want) {
			t.Errorf("/status lacks %q", want)
		}
	}
	if ct := w.Header().Get("Content-Type"); w.Code != http.StatusOK || !strings.HasPrefix(ct, "text/html") {
		t.Errorf("/status: %d %s", w.Code, ct)
	}
	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
	if !strings.Contains(w.Body.String(), `href="`+baseURL+`/status"`) {
		t.Errorf("index does not link /status")
	}
}

// The index and an empty topic's page say that sources are failing
// instead of just "No papers yet", until they recover; the source
// metrics follow the stored states.
func TestPagesSayWhenSourcesFail(t *testing.T) {
	t.Parallel()
	s := openStore(t, filepath.Join(t.TempDir(), "paperwire.db"))
	merge(t, s, seedPapers()...)
	saveStates(t, s)
	h, metrics := serverOver(t, s, testSite(), nil, testSources())
	e := &env{store: s, server: h, metrics: metrics}
	e.refresh(t)
	const notice = "1 of 3 sources failing: hf-daily"
	if !strings.Contains(e.get(t, "/").Body.String(), notice) {
		t.Errorf("index does not say a source is failing:\n%s", e.get(t, "/").Body)
	}
	page := e.get(t, "/topics/empty").Body.String()
	if !strings.Contains(page, notice) || !strings.Contains(page, "No papers yet: sources are failing") {
		t.Errorf("empty topic page does not say sources are failing:\n%s", page)
	}
	for series, want := range map[string]float64{
		`paperwire_source_consecutive_failures{source="hf-daily"}`:              3,
		`paperwire_source_last_success_timestamp_seconds{source="arxiv-cs-cv"}`: float64(t0.Unix()),
		`paperwire_source_items{source="arxiv-cs-cv"}`:                          42,
	} {
		if got := e.metric(series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	if err := s.SaveSourceState(context.Background(), feed.SourceState{Name: "hf-daily", LastAttempt: t0, LastSuccess: t0, Items: 50}); err != nil {
		t.Fatal(err)
	}
	e.refresh(t)
	if strings.Contains(e.get(t, "/").Body.String(), "sources failing") || strings.Contains(e.get(t, "/topics/empty").Body.String(), "sources failing") {
		t.Errorf("pages still say sources are failing after they recovered")
	}
	if page := e.get(t, "/topics/empty").Body.String(); !strings.Contains(page, "No papers yet: 1 of 3 sources not polled successfully yet") {
		t.Errorf("empty topic page does not say a source was never polled:\n%s", page)
	}
}

// With Redis, source state is in the store: a server shows what another
// process's poller saved, and says when the store is away.
func TestStatusSharedThroughRedis(t *testing.T) {
	t.Parallel()
	inst := redistest.Server(t)
	ctx := context.Background()
	open := func() *redis.Store {
		// With Redis stopped, a read fails at its first refused dial, not
		// after 4 attempts of 5 dials 100 ms apart.
		st, err := redis.Open(ctx, inst.URL()+"?max_retries=-1&dialer_retries=1", redis.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	poller, server := open(), open()
	saveStates(t, poller)
	h, _ := serverOver(t, server, testSite(), nil, testSources())
	st, code := getStatus(t, h)
	if code != http.StatusOK || st.Failing != 1 || st.Sources[1].Failures != 3 || st.Sources[0].Items != 42 {
		t.Fatalf("status over Redis %d: %+v", code, st)
	}
	inst.Stop()
	st, code = getStatus(t, h)
	if code != http.StatusServiceUnavailable || st.Store != "down" || st.Sources[0].State != render.StateUnknown {
		t.Errorf("status with Redis down %d: %+v", code, st)
	}
}
