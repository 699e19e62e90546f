package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// farm is the loopback feed farm: it serves one document per source path
// like a real feed host, with an ETag and Last-Modified it honours, or —
// when told to ignore validators — always the full body.
type farm struct {
	srv  *http.Server
	base string // http://127.0.0.1:port

	mu       sync.RWMutex
	docs     map[string]*doc
	onServe  func(path string) // called after a path is served (nil: none)
	requests atomic.Int64
	bodies   atomic.Int64 // 200 answers
	ignore   atomic.Bool  // ignore If-None-Match / If-Modified-Since
}

type doc struct {
	body     []byte
	etag     string
	modified string
}

// startFarm listens on a free loopback port.
func startFarm() (*farm, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("farm: %w", err)
	}
	f := &farm{docs: map[string]*doc{}, base: "http://" + ln.Addr().String()}
	f.srv = &http.Server{Handler: http.HandlerFunc(f.serve), ReadHeaderTimeout: 10 * time.Second}
	go f.srv.Serve(ln)
	return f, nil
}

func (f *farm) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = f.srv.Shutdown(ctx)
}

// url is the address of a source path ("/s/0001.rss").
func (f *farm) url(path string) string { return f.base + path }

// set publishes body at path, with validators derived from it.
func (f *farm) set(path string, body []byte, modified time.Time) {
	sum := sha256.Sum256(body)
	d := &doc{body: body, etag: `"` + hex.EncodeToString(sum[:8]) + `"`, modified: modified.UTC().Format(http.TimeFormat)}
	f.mu.Lock()
	f.docs[path] = d
	f.mu.Unlock()
}

// reset forgets every document.
func (f *farm) reset() {
	f.mu.Lock()
	f.docs = map[string]*doc{}
	f.onServe = nil
	f.mu.Unlock()
}

func (f *farm) setOnServe(fn func(path string)) {
	f.mu.Lock()
	f.onServe = fn
	f.mu.Unlock()
}

func (f *farm) serve(w http.ResponseWriter, r *http.Request) {
	f.requests.Add(1)
	f.mu.RLock()
	d, hook := f.docs[r.URL.Path], f.onServe
	f.mu.RUnlock()
	if d == nil {
		http.NotFound(w, r)
		return
	}
	if hook != nil {
		defer hook(r.URL.Path)
	}
	h := w.Header()
	if !f.ignore.Load() {
		h["Etag"] = []string{d.etag}
		h["Last-Modified"] = []string{d.modified}
		if inm := r.Header.Get("If-None-Match"); inm == d.etag || inm == "" && r.Header.Get("If-Modified-Since") == d.modified {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	f.bodies.Add(1)
	h["Content-Type"] = []string{"application/rss+xml; charset=utf-8"}
	h["Content-Length"] = []string{strconv.Itoa(len(d.body))}
	w.Write(d.body)
}
