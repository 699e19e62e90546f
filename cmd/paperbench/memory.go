package main

import (
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/paperwire/paperwire/config"
)

// memoryTopics are the built-in topics and 13 more: 20 in all.
func memoryTopics(n int) []config.TopicEntry {
	topics := config.DefaultTopics()
	extra := []string{"transformer", "reinforcement learning", "3D", "medical", "graph", "robot", "video",
		"benchmark", "retrieval", "attention", "generative", "depth", "point cloud"}
	for i := 0; len(topics) < n && i < len(extra); i++ {
		topics = append(topics, config.TopicEntry{Slug: fmt.Sprintf("extra-%02d", i), Title: extra[i], Keywords: []string{extra[i]}})
	}
	return topics
}

// memorySection measures target 5: serve's resident set with 100k papers
// and 20 topics, and fetch's peak with 1,000 and 10,000 sources.
func (b *bench) memorySection() *section {
	s := &section{title: "5. Memory",
		intro: fmt.Sprintf("Serve: `paperwire serve` on a store of %d papers (filled by a fetch of %d sources × 50) with %d topics, after its start-up work "+
			"(pruning scans every paper) and after every topic was requested in every format, plain and gzip, and loaded with wrk; "+
			"VmRSS and VmHWM from /proc/PID/status, and RssAnon (the part that is not the mapped store file); then once more after a first query feed "+
			"(the search index is built by the first query, so a server nobody queries holds none). "+
			"Fetch: peak resident set (VmHWM, read every 10 ms) of `paperwire fetch` rounds on a fresh embedded store. Body cap: 16 MiB (the default).",
			b.sizes.memoryPapers, b.sizes.memoryPapers/50, b.sizes.memoryTopics)}
	b.serveMemory(s)
	b.fetchMemory(s)
	return s
}

func (b *bench) serveMemory(s *section) {
	c := makeCorpus(b.gen, b.sizes.memoryPapers/50, 50, 10_000_000, benchDate())
	c.publish(b.farm, benchDate())
	defer b.farm.reset()
	for _, be := range b.backends(false) {
		b.progress("serve memory, %s", be.name)
		if be.flush != nil {
			if err := be.flush(b.ctx); err != nil {
				s.notef("%s: %v", be.name, err)
				continue
			}
		}
		m, searched, err := b.serveMemoryOnce(c, be)
		if err != nil {
			s.notef("%s: %v", be.name, err)
			continue
		}
		s.fig(&figure{name: "serve VmHWM (peak), " + be.name, unit: "MB", samples: series{mb(m.hwm)}, target: "< 100 MB", pass: valueBelow(100)})
		s.fig(&figure{name: "serve VmRSS at the end, " + be.name, unit: "MB", samples: series{mb(m.rss)}})
		s.fig(&figure{name: "serve RssAnon at the end (its own memory), " + be.name, unit: "MB", samples: series{mb(m.anon)},
			target: "< 100 MB", pass: valueBelow(100)})
		s.fig(&figure{name: "serve RssAnon after a first query feed (search index built), " + be.name, unit: "MB", samples: series{mb(searched.anon)}})
	}
	s.notef("A server builds its search index at its first query: the index of 100k papers is ~50 MB, and with GOGC 200 " +
		"(cmd/paperwire/gc.go) the heap reaches about three times its live size.")
}

// serveMemoryOnce measures a server after its topics were asked for, then
// after a first query feed.
func (b *bench) serveMemoryOnce(c corpus, be backend) (topics, searched memory, err error) {
	pw, err := b.startServed(c, memoryTopics(b.sizes.memoryTopics), be.url)
	if err != nil {
		return memory{}, memory{}, err
	}
	defer pw.stop()
	for _, t := range pw.cfg.Topics {
		for _, f := range []string{"", ".rss", ".atom", ".json"} {
			for _, ae := range []string{"", "gzip"} {
				if err := get(pw.srv.base+"/topics/"+t.Slug+f, ae); err != nil {
					return memory{}, memory{}, err
				}
			}
		}
	}
	if _, err := runWrk(b.ctx, pw.srv.base+"/topics/all.rss", 2, 64, "Accept-Encoding: gzip"); err != nil {
		b.log.Warn("wrk burst skipped", "err", err)
	}
	if topics, err = pw.srv.memory(); err != nil {
		return memory{}, memory{}, err
	}
	if err := getUntilOK(pw.srv.base+"/search.atom?q=diffusion+models", 2*time.Minute); err != nil {
		return memory{}, memory{}, err
	}
	waitIdle(pw.srv.cmd.Process.Pid, 30*time.Second)
	searched, err = pw.srv.memory()
	return topics, searched, err
}

// getUntilOK asks for url until it answers 200: a first query that
// outlasts the render timeout (the index build) answers 503 while the
// build goes on.
func getUntilOK(url string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		err := get(url, "")
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(time.Second)
	}
}

func get(url, acceptEncoding string) error {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("get %s: %w", url, err)
	}
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return fmt.Errorf("get %s: %w", url, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("get %s: %s", url, resp.Status)
	}
	return nil
}

// fetchMemory runs fetch rounds of 1,000 × 50 and 10,000 × 10 sources.
func (b *bench) fetchMemory(s *section) {
	for _, dim := range [][2]int{{1000, 50}, {10000, 10}} {
		c := makeCorpus(b.gen, dim[0], dim[1], 20_000_000, benchDate())
		c.publish(b.farm, benchDate())
		for _, be := range b.backends(false) {
			name := fmt.Sprintf("fetch, %d sources × %d new items, %s", dim[0], dim[1], be.name)
			total := s.fig(&figure{name: name + ": peak VmHWM", unit: "MB", target: "< 116 MB (100 MB + body cap)", pass: valueBelow(116)})
			anon := s.fig(&figure{name: name + ": peak RssAnon", unit: "MB", target: "< 116 MB", pass: valueBelow(116)})
			b.fetchMemoryRounds(c, be, total, anon)
		}
		b.farm.reset()
	}
	s.notef("VmHWM counts the pages of the embedded store's file that the process mapped (bbolt reads through mmap): they grow with the store, " +
		"not with the number of sources, and are page cache the kernel reclaims; RssAnon is the process's own memory.")
}

func (b *bench) fetchMemoryRounds(c corpus, be backend, total, anon *figure) {
	for round := range b.rounds {
		b.progress("fetch memory %d×%d %s, round %d/%d", len(c.sources), c.items, be.name, round+1, b.rounds)
		r, _, err := b.fetchRound(c, be, false)
		if err != nil {
			b.log.Warn("fetch memory round failed", "err", err)
			return
		}
		total.add(mb(r.maxRSS))
		anon.add(mb(r.maxAnon))
	}
}
