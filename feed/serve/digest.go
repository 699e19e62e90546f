package serve

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/render"
)

// DigestKeep is how many periods a digest feed shows (ARCHITECTURE.md §D11).
const DigestKeep = 30

// archiveMaxAge: a closed period never changes (RFC 5005 archives).
const archiveMaxAge = 365 * 24 * time.Hour

// maxDigestEntries bounds the digest renderings kept; the keys are
// bounded too (topics × kinds × kept periods × formats).
const maxDigestEntries = 1024

// digestKey names one digest feed (period "") or archive.
type digestKey struct {
	slug   string
	kind   feed.DigestKind
	period string
	format string
}

// digestCache keeps digest renderings while their digests' revision is
// unchanged; when the store is away the last good rendering is served.
type digestCache struct {
	revs  *Cache // the revisions, read by the topic cache
	store Store
	site  render.Site

	mu      sync.Mutex
	entries map[digestKey]*cacheEntry
}

func (c *digestCache) get(ctx context.Context, t feed.Topic, k digestKey) (*representation, error) {
	rev := c.revs.Revision(feed.DigestRevision(k.slug, k.kind))
	c.mu.Lock()
	old := c.entries[k]
	c.mu.Unlock()
	if old != nil && old.rev == rev {
		return old.rep, nil
	}
	rep, err := c.render(ctx, t, k)
	if err != nil {
		if old != nil && !isNotFound(err) {
			return old.rep, nil
		}
		return nil, err
	}
	c.mu.Lock()
	if len(c.entries) >= maxDigestEntries {
		clear(c.entries)
	}
	c.entries[k] = &cacheEntry{rev: rev, rep: rep}
	c.mu.Unlock()
	return rep, nil
}

func (c *digestCache) render(ctx context.Context, t feed.Topic, k digestKey) (*representation, error) {
	ctx, cancel := context.WithTimeout(ctx, renderTimeout)
	defer cancel()
	page := render.DigestPage{Topic: t, Kind: k.kind, Archive: k.period != ""}
	if page.Archive {
		d, err := c.store.Digest(ctx, k.slug, k.kind, k.period)
		if err != nil {
			return nil, err
		}
		if d, err = c.withoutTrimmedPrev(ctx, d); err != nil {
			return nil, err
		}
		page.Digests = []feed.Digest{d}
	} else {
		ds, err := c.store.Digests(ctx, k.slug, k.kind, DigestKeep)
		if err != nil {
			return nil, err
		}
		page.Digests = ds
	}
	body, err := c.site.DigestFeed(k.format, page)
	if err != nil {
		return nil, err
	}
	var modified time.Time
	if len(page.Digests) > 0 {
		modified = page.Digests[0].End
	}
	rep := newRepresentation(body, render.ContentType(k.format), modified)
	rep.immutable = page.Archive
	if !page.Archive { // an archive never changes: no hub
		rep.withLink(c.site.LinkHeader(c.site.DigestURL(k.slug, k.kind, k.format)))
	}
	return rep, nil
}

// withoutTrimmedPrev drops d's link to the period before once that period
// has been trimmed out of retention: the oldest archive links no archive
// that will never exist again. (A revision bump re-renders it: a trim is
// part of the close that bumps it.)
func (c *digestCache) withoutTrimmedPrev(ctx context.Context, d feed.Digest) (feed.Digest, error) {
	if d.Prev == "" {
		return d, nil
	}
	_, err := c.store.Digest(ctx, d.Topic, d.Kind, d.Prev)
	if isNotFound(err) {
		d.Prev = ""
		return d, nil
	}
	return d, err
}

// handleDigest serves /topics/{slug}/{daily,weekly}.{rss,atom,json}.
func (s *server) handleDigest(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	kind, format, known := splitFormat(r.PathValue("name"))
	t, ok := s.topics[slug]
	if !ok || !digestKind(kind) || !known || format == "html" {
		http.Error(w, fmt.Sprintf("no digest feed %s: want /topics/SLUG/daily.atom (or weekly; .rss, .json)", echo(r.URL.Path)), http.StatusNotFound)
		return
	}
	rep, err := s.digests.get(r.Context(), t, digestKey{slug: slug, kind: feed.DigestKind(kind), format: format})
	if err != nil {
		s.unavailable(w, slug+"/"+kind, format, err)
		return
	}
	rep.serve(w, r, s.Site.MaxAge())
}

// handleArchive serves one closed period: /topics/{slug}/{kind}/{period}.{format}.
func (s *server) handleArchive(w http.ResponseWriter, r *http.Request) {
	slug, kind := r.PathValue("slug"), r.PathValue("kind")
	id, format, known := splitFormat(r.PathValue("name"))
	t, ok := s.topics[slug]
	if !ok || !digestKind(kind) || !known || format == "html" {
		http.Error(w, fmt.Sprintf("no archive %s: want /topics/SLUG/daily/YYYY-MM-DD.atom or /weekly/YYYY-Www.atom", echo(r.URL.Path)), http.StatusNotFound)
		return
	}
	p, err := feed.ParsePeriod(feed.DigestKind(kind), id)
	if len(id) > len("2024-03-25") {
		err = fmt.Errorf("period %s is no date YYYY-MM-DD nor ISO week YYYY-Www", echo(id))
	}
	if err != nil {
		http.Error(w, "no archive: "+err.Error(), http.StatusNotFound)
		return
	}
	if p.End().After(s.Now()) {
		http.Error(w, fmt.Sprintf("no archive: period %s is not closed yet", echo(id)), http.StatusNotFound)
		return
	}
	rep, err := s.digests.get(r.Context(), t, digestKey{slug: slug, kind: p.Kind, period: id, format: format})
	switch {
	case errors.Is(err, feed.ErrNotFound):
		http.Error(w, fmt.Sprintf("no archive: period %s is not closed yet or out of retention (the last %d are kept)", echo(id), DigestKeep), http.StatusNotFound)
	case err != nil:
		s.unavailable(w, slug+"/"+kind+"/"+id, format, err)
	default:
		rep.serve(w, r, archiveMaxAge)
	}
}

func digestKind(kind string) bool {
	return kind == string(feed.Daily) || kind == string(feed.Weekly)
}
