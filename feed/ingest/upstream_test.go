package ingest_test

import (
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// upstream serves the fixtures of feed/testdata like a real feed host:
// with an ETag and Last-Modified it honours, unless told otherwise. It
// counts requests and remembers the conditional headers it was sent.
type upstream struct {
	*httptest.Server
	mu          sync.Mutex
	hits        map[string]int
	conditional map[string]int // requests that carried If-None-Match
	override    map[string]http.HandlerFunc
	validators  bool
}

func newUpstream(t *testing.T) *upstream {
	u := &upstream{hits: map[string]int{}, conditional: map[string]int{}, override: map[string]http.HandlerFunc{}, validators: true}
	u.Server = httptest.NewServer(http.HandlerFunc(u.serve))
	t.Cleanup(u.Close)
	return u
}

func (u *upstream) serve(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/")
	u.mu.Lock()
	u.hits[name]++
	if r.Header.Get("If-None-Match") != "" {
		u.conditional[name]++
	}
	h, validators := u.override[name], u.validators
	u.mu.Unlock()
	if h != nil {
		h(w, r)
		return
	}
	body, err := os.ReadFile(filepath.Join("..", "testdata", name))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if validators {
		etag := fmt.Sprintf(`"%x"`, sha256.Sum256(body))
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.Write(body)
}

// handle replaces what a path serves.
func (u *upstream) handle(name string, h http.HandlerFunc) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.override[name] = h
}

func (u *upstream) count(name string) (hits, conditional int) {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.hits[name], u.conditional[name]
}

func (u *upstream) setValidators(on bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.validators = on
}
