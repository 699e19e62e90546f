package main

func nginxTarget(ng *helper) (*target, error) {
	etag, err := etagOf(ng.base+"/all.rss", true)
	if err != nil {
		return nil, err
	}
	return newTarget("nginx static + gzip_static (context)", ng.base+"/all.rss", etag), nil
}

func newTarget(name, url, gzETag string) *target {
	return &target{name: name, url: url, figs: map[string]*figure{}, p99: map[string]*figure{},
		headers: map[string][]string{
			"plain": nil,
			"gzip":  {"Accept-Encoding: gzip"},
			"304":   {"Accept-Encoding: gzip", "If-None-Match: " + gzETag},
		}}
}

// layout adds the figures of every target, kind by kind.
func layout(s *section, base, mine *target, targets []*target) {
	for _, kind := range servingKinds() {
		bf := s.fig(&figure{name: kind + ": " + base.name, unit: "req/s"})
		base.figs[kind] = bf
		mine.figs[kind] = s.fig(&figure{name: kind + ": " + mine.name, unit: "req/s", base: bf, target: "≥ 0.9", pass: ratioAtLeast(0.9)})
		mine.p99[kind] = s.fig(&figure{name: kind + ": paperwire serve, p99 latency at 64 connections", unit: "ms", target: "< 10 ms", pass: valueBelow(10)})
		for _, t := range targets[2:] {
			t.figs[kind] = s.fig(&figure{name: kind + ": " + t.name, unit: "req/s"})
		}
	}
}

// compareNginx adds paperwire's figures as ratios to nginx's.
func compareNginx(s *section, mine *target, targets []*target) {
	for _, t := range targets[2:] {
		for _, kind := range servingKinds() {
			s.fig(&figure{name: kind + ": paperwire serve vs " + t.name, unit: "req/s", samples: mine.figs[kind].samples, base: t.figs[kind]})
		}
	}
}
