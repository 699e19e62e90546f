package serve

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// representation is one rendered document, compressed once when built
// and served many times: no per-request gzip, hashing or rendering, and
// its header values are built once too (net/http only reads them).
type representation struct {
	body, gz     []byte
	etag, gzETag string
	contentType  string
	modified     time.Time // zero: no Last-Modified
	lastModified string
	length       string
	immutable    bool // Cache-Control says so: a closed archive
	gzLength     string

	plainHdr, gzHdr headerValues
	cacheControl    atomic.Pointer[cacheControlValue] // of the last max-age asked for
}

// headerValues are the values of one encoding's headers.
type headerValues struct {
	contentType, etag, vary, lastModified, length, nosniff, encoding, link []string
}

type cacheControlValue struct {
	maxAge time.Duration
	value  []string
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
	r.plainHdr = r.headerValues(r.etag, r.length, nil)
	r.gzHdr = r.headerValues(r.gzETag, r.gzLength, []string{"gzip"})
	return r
}

// withLink sets the Link header of the representation ("" for none)
// before it is served.
func (rep *representation) withLink(link string) *representation {
	if link != "" {
		rep.plainHdr.link, rep.gzHdr.link = []string{link}, []string{link}
	}
	return rep
}

func (rep *representation) headerValues(etag, length string, encoding []string) headerValues {
	h := headerValues{
		contentType: []string{rep.contentType}, etag: []string{etag}, vary: []string{"Accept-Encoding"},
		length: []string{length}, nosniff: []string{"nosniff"}, encoding: encoding,
	}
	if rep.lastModified != "" {
		h.lastModified = []string{rep.lastModified}
	}
	return h
}

// size is the memory of the bodies, plain and compressed.
func (rep *representation) size() int { return len(rep.body) + len(rep.gz) }

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
	useGzip := acceptsGzip(r.Header["Accept-Encoding"])
	hv, body := &rep.plainHdr, rep.body
	if useGzip {
		hv, body = &rep.gzHdr, rep.gz
	}
	h := w.Header()
	rep.validators(h, hv, maxAge)
	if rep.notModified(r) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h["X-Content-Type-Options"] = hv.nosniff
	h["Content-Length"] = hv.length
	if hv.encoding != nil {
		h["Content-Encoding"] = hv.encoding
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// validators sets the headers a 200 and a 304 share.
func (rep *representation) validators(h http.Header, hv *headerValues, maxAge time.Duration) {
	h["Content-Type"] = hv.contentType
	h["Etag"] = hv.etag
	h["Vary"] = hv.vary
	h["Cache-Control"] = rep.cacheControlFor(maxAge)
	if hv.lastModified != nil {
		h["Last-Modified"] = hv.lastModified
	}
	if hv.link != nil {
		h["Link"] = hv.link
	}
}

// cacheControlFor is the Cache-Control value of maxAge, built once for
// the max-age the server asks for every time.
func (rep *representation) cacheControlFor(maxAge time.Duration) []string {
	if cc := rep.cacheControl.Load(); cc != nil && cc.maxAge == maxAge {
		return cc.value
	}
	v := cacheControl(maxAge)
	if rep.immutable && maxAge > 0 {
		v += ", immutable"
	}
	cc := &cacheControlValue{maxAge: maxAge, value: []string{v}}
	rep.cacheControl.Store(cc)
	return cc.value
}

func cacheControl(maxAge time.Duration) string {
	if maxAge <= 0 {
		return "no-cache"
	}
	return "public, max-age=" + strconv.Itoa(int(maxAge.Seconds()))
}

// notModified applies If-None-Match (either encoding's tag matches: they
// name the same content; several header lines are one list, RFC 9110
// §5.3) and, only without it, If-Modified-Since.
func (rep *representation) notModified(r *http.Request) bool {
	if inm := r.Header["If-None-Match"]; len(inm) > 0 {
		return slices.ContainsFunc(inm, rep.etagMatches)
	}
	ims := r.Header.Get("If-Modified-Since")
	if ims == "" || rep.modified.IsZero() {
		return false
	}
	t, err := http.ParseTime(ims)
	return err == nil && !rep.modified.After(t)
}

func (rep *representation) etagMatches(header string) bool {
	for rest := header; ; {
		tag, more, found := strings.Cut(rest, ",")
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == "*" || tag == rep.etag || tag == rep.gzETag {
			return true
		}
		if !found {
			return false
		}
		rest = more
	}
}

// acceptsGzip reports whether Accept-Encoding (all its header lines)
// allows gzip or its alias x-gzip (RFC 9110 §8.4.1.3) with q > 0.
func acceptsGzip(lines []string) bool {
	return slices.ContainsFunc(lines, acceptsGzipLine)
}

func acceptsGzipLine(ae string) bool {
	for rest := ae; rest != ""; {
		part, more, _ := strings.Cut(rest, ",")
		rest = more
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if name = strings.TrimSpace(name); !strings.EqualFold(name, "gzip") && !strings.EqualFold(name, "x-gzip") {
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
