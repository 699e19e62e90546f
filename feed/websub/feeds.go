package websub

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
)

// rendering is one of our feeds as the server currently answers it.
type rendering struct {
	body        []byte
	contentType string
	etag        string
	self        string
}

// errNotFeed: a hub.topic that is not one of our feed URLs.
var errNotFeed = errors.New("not a feed of this server")

// feedTypes are the media types of feeds.
var feedTypes = map[string]bool{
	"application/rss+xml": true, "application/atom+xml": true, "application/feed+json": true,
}

// feeds reads our feeds in process, through the server's handler: every
// feed route (topics, queries, digests) is one, whoever added it.
type feeds struct {
	base    string
	handler http.Handler
}

// fetch asks the feed handler for topic, which must be the canonical
// URL of one of our feeds (its rel="self").
func (f feeds) fetch(ctx context.Context, topic string) (*rendering, error) {
	path, ok := strings.CutPrefix(topic, f.base+"/")
	if !ok {
		return nil, fmt.Errorf("%w: %s is not under %s/", errNotFeed, topic, f.base)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "/"+path, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", errNotFeed, topic, err)
	}
	w := &recorder{header: http.Header{}, code: http.StatusOK}
	f.handler.ServeHTTP(w, req)
	mediaType, _, _ := mime.ParseMediaType(w.header.Get("Content-Type"))
	if w.code != http.StatusOK || !feedTypes[mediaType] {
		return nil, fmt.Errorf("%w: %s answers %d %s", errNotFeed, topic, w.code, mediaType)
	}
	r := &rendering{body: w.body.Bytes(), contentType: w.header.Get("Content-Type"), etag: w.header.Get("ETag"), self: topic}
	if self := linkSelf(w.header.Values("Link")); self != "" && self != topic {
		return nil, fmt.Errorf("%w: %s is not the canonical URL of its feed; use %s", errNotFeed, topic, self)
	}
	if r.etag == "" {
		r.etag = etagOf(r.body)
	}
	return r, nil
}

// linkSelf returns the rel="self" target of Link header values.
func linkSelf(values []string) string {
	for _, v := range values {
		for part := range strings.SplitSeq(v, ",") {
			target, params, ok := strings.Cut(strings.TrimSpace(part), ";")
			if ok && strings.Contains(strings.ReplaceAll(params, " ", ""), `rel="self"`) {
				return strings.Trim(strings.TrimSpace(target), "<>")
			}
		}
	}
	return ""
}

// recorder keeps one in-process response.
type recorder struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(code int)        { r.code = code }
