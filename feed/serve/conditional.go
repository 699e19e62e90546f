package serve

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// representation is one rendered document, compressed once when built
// and served many times: no per-request gzip, hashing or rendering.
type representation struct {
	body, gz     []byte
	etag, gzETag string
	contentType  string
	modified     time.Time // zero: no Last-Modified
	lastModified string
	length       string
	gzLength     string
}

func newRepresentation(body []byte, contentType string, modified time.Time) *representation {
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:12])
	r := &representation{
		body:        body,
		gz:          gzipBytes(body),
		etag:        `"` + tag + `"`,
		gzETag:      `"` + tag + `-gz"`,
		contentType: contentType,
		length:      strconv.Itoa(len(body)),
	}
	r.gzLength = strconv.Itoa(len(r.gz))
	if !modified.IsZero() {
		r.modified = modified.UTC().Truncate(time.Second)
		r.lastModified = r.modified.Format(http.TimeFormat)
	}
	return r
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // a valid level: cannot fail
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// serve writes the representation, or 304 when the client's copy is
// current. maxAge is the Cache-Control max-age (0: no-cache).
func (rep *representation) serve(w http.ResponseWriter, r *http.Request, maxAge time.Duration) {
	useGzip := acceptsGzip(r.Header.Get("Accept-Encoding"))
	etag, body, length := rep.etag, rep.body, rep.length
	if useGzip {
		etag, body, length = rep.gzETag, rep.gz, rep.gzLength
	}
	rep.validators(w.Header(), etag, maxAge)
	if rep.notModified(r) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h := w.Header()
	h["X-Content-Type-Options"] = []string{"nosniff"}
	h["Content-Length"] = []string{length}
	if useGzip {
		h["Content-Encoding"] = []string{"gzip"}
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// validators sets the headers a 200 and a 304 share.
func (rep *representation) validators(h http.Header, etag string, maxAge time.Duration) {
	h["Content-Type"] = []string{rep.contentType}
	h["Etag"] = []string{etag}
	h["Vary"] = []string{"Accept-Encoding"}
	h["Cache-Control"] = []string{cacheControl(maxAge)}
	if rep.lastModified != "" {
		h["Last-Modified"] = []string{rep.lastModified}
	}
}

func cacheControl(maxAge time.Duration) string {
	if maxAge <= 0 {
		return "no-cache"
	}
	return "public, max-age=" + strconv.Itoa(int(maxAge.Seconds()))
}

// notModified applies If-None-Match (either encoding's tag matches: they
// name the same content) and, only without it, If-Modified-Since.
func (rep *representation) notModified(r *http.Request) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		return rep.etagMatches(inm)
	}
	ims := r.Header.Get("If-Modified-Since")
	if ims == "" || rep.modified.IsZero() {
		return false
	}
	t, err := http.ParseTime(ims)
	return err == nil && !rep.modified.After(t)
}

func (rep *representation) etagMatches(header string) bool {
	for _, tag := range strings.Split(header, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == "*" || tag == rep.etag || tag == rep.gzETag {
			return true
		}
	}
	return false
}

// acceptsGzip reports whether Accept-Encoding allows gzip (q > 0).
func acceptsGzip(ae string) bool {
	for _, part := range strings.Split(ae, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		q, ok := strings.CutPrefix(strings.TrimSpace(params), "q=")
		if !ok {
			return true
		}
		v, err := strconv.ParseFloat(q, 64)
		return err == nil && v > 0
	}
	return false
}
