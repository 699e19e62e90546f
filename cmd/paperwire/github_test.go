package main

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed/github/githubtest"
	"github.com/paperwire/paperwire/storage/redis/redistest"
)

// githubAPI is a fake GitHub serving the fixtures' repositories, with
// stars growing by repository order.
func githubAPI(t *testing.T, limit int) *githubtest.API {
	t.Helper()
	api := githubtest.New(limit, time.Now)
	t.Cleanup(api.Close)
	for i, name := range []string{
		"bollossom/e-3dsnn", "chenxi52/FrozenSeg", "chips96/DEYOLO", "dyzhang09/ToC3D", "google-research/maxvit",
		"hsouri/Battle-of-the-Backbones", "mxin262/SwinTextSpotterv2", "nihukat/Concept-Conductor",
		"prismformore/Multi-Task-Transformer", "songtaoliu0823/LAGNN", "thuml/iTransformer", "traffic-x/ViT-CoMer",
		"weiliu89/caffe", "wwsource/SplatFlow", "xuanmay2701/shapeformer", "hustvl/Vim", "Haiyang-W/DSVT",
	} {
		api.Set(githubtest.Repo{FullName: name, Stars: int64(100 * (i + 1)), Created: time.Now().AddDate(0, -3, 0)})
	}
	return api
}

// useGitHub points an e2e config's signals at api with a budget.
func (e *e2e) useGitHub(t *testing.T, api string, perHour int) {
	t.Helper()
	raw, err := os.ReadFile(e.config)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^  github: .*$`)
	cfg := re.ReplaceAllString(string(raw), fmt.Sprintf("  github: {api: %q, per_hour: %d}", api, perHour))
	if err := os.WriteFile(e.config, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
}

var githubLine = regexp.MustCompile(`github: (\d+) repos checked, (\d+) unchanged \(304\), (\d+) stars gained, budget left (\d+)`)

func parseGitHubLine(t *testing.T, out string) []int {
	t.Helper()
	m := githubLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("fetch printed no github line:\n%s", out)
	}
	var n []int
	for _, s := range m[1:] {
		v, _ := strconv.Atoi(s)
		n = append(n, v)
	}
	return n
}

// fetch polls the sources, then refreshes signals once and says so; the
// repository and stars show in the feed and in /api/papers.
func TestFetchRefreshesGitHubSignals(t *testing.T) {
	t.Parallel() // shares nothing: its own upstream, port and store
	up := fixtureServer(t)
	api := githubAPI(t, 0)
	e := newE2E(t, up.URL)
	e.useGitHub(t, api.URL, 50)
	out, _, err := e.run("fetch")
	if err != nil {
		t.Fatal(err)
	}
	first := parseGitHubLine(t, out)
	if first[0] == 0 || first[1] != 0 || first[3] != 50-first[0] {
		t.Errorf("first signal pass: %v (checked, 304, gained, left)\n%s", first, out)
	}
	api.AddStars("chenxi52/FrozenSeg", 300)
	out, _, err = e.run("fetch")
	if err != nil {
		t.Fatal(err)
	}
	second := parseGitHubLine(t, out)
	if second[1] != second[0]-1 || second[2] != 300 {
		t.Errorf("second pass: %v, want every repository but one 304 and 300 stars gained\n%s", second, out)
	}
	logs, stop := e.serve()
	defer stop()
	_, body := e.get("/api/papers/arxiv:2403.15157")
	var view struct {
		Repo  string `json:"repo"`
		Stars struct {
			Count   int64             `json:"count"`
			History []json.RawMessage `json:"history"`
		} `json:"stars"`
	}
	if err := json.Unmarshal(body, &view); err != nil {
		t.Fatal(err)
	}
	if view.Repo != "chenxi52/frozenseg" || view.Stars.Count != 500 || len(view.Stars.History) != 2 {
		t.Errorf("/api/papers: repo %q, %d stars, %d points; want chenxi52/frozenseg, 500, 2\n%s\n%s", view.Repo, view.Stars.Count, len(view.Stars.History), body, logs)
	}
	waitFor(t, "serve's signal pass in /metrics", 10*time.Second, func() bool {
		_, m := e.get("/metrics")
		return strings.Contains(string(m), `paperwire_github_requests_total{outcome="304"} 5`) &&
			strings.Contains(string(m), "paperwire_github_budget_remaining ")
	})
	_, feedBody := e.get("/topics/all.rss")
	if !strings.Contains(string(feedBody), "code chenxi52/frozenseg · ★ 500 (+380 in the last 24 h)") { // 120 from Hugging Face, then 200 and 500 from GitHub
		t.Errorf("the feed does not say the repository and its stars:\n%s", feedBody)
	}
}

// Three processes on one Redis Cluster spend one GitHub budget: their
// concurrent signal passes make at most per_hour requests together, and
// no repository is asked twice.
func TestGitHubBudgetSharedByProcesses(t *testing.T) {
	t.Parallel() // shares nothing but the package's cluster, under a prefix of its own
	cl := redistest.SharedCluster(t)
	up := fixtureServer(t)
	api := githubAPI(t, 0)
	const perHour = 10
	var procs []*e2e
	for range 3 {
		p := newE2EWith(t, up.URL, freePort(t), "http://paperwire.test", redisStorage(t, cl.URL(), cl.Prefix()))
		p.useGitHub(t, api.URL, perHour)
		procs = append(procs, p)
	}
	hour := time.Now().Truncate(time.Hour)
	var wg sync.WaitGroup
	outs := make([]string, len(procs))
	for i, p := range procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, _, err := p.run("fetch")
			if err != nil {
				t.Errorf("fetch %d: %v", i, err)
			}
			outs[i] = out
		}()
	}
	wg.Wait()
	if time.Now().Truncate(time.Hour) != hour {
		t.Skip("the clock hour changed during the test: the budget restarted")
	}
	asked := map[string]int{}
	for _, r := range api.Requests() {
		asked[r.Path]++
	}
	checked := 0
	for i, out := range outs {
		n := parseGitHubLine(t, out)
		checked += n[0]
		t.Logf("process %d: %v", i, n)
	}
	if len(api.Requests()) != perHour || checked != perHour {
		t.Errorf("three processes made %d requests (reported %d), want the one budget of %d", len(api.Requests()), checked, perHour)
	}
	for path, n := range asked {
		if n > 1 {
			t.Errorf("%s asked %d times", path, n)
		}
	}
}
