package serve

import (
	"bytes"
	"fmt"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/paperwire/paperwire/feed/render"
)

// lastGoodDisk keeps the last good rendering of every feed (at its
// topic's own limit) in a folder, so that a server restarted while the
// store is away still serves what it served before. A nil *lastGoodDisk
// keeps nothing.
type lastGoodDisk struct {
	dir    string
	logger *slog.Logger
}

// fromDisk marks an entry read from disk: no store revision matches it,
// so it is rendered anew as soon as the store answers.
const fromDisk = math.MaxUint64

// newLastGoodDisk prepares dir; "" (or a folder that cannot be made)
// keeps renderings in memory only.
func newLastGoodDisk(dir string, logger *slog.Logger) *lastGoodDisk {
	if dir == "" {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		logger.Warn("last good renderings kept in memory only", "err", fmt.Errorf("make folder: %w", err))
		return nil
	}
	return &lastGoodDisk{dir: dir, logger: logger}
}

func (d *lastGoodDisk) path(k cacheKey) string {
	return filepath.Join(d.dir, k.slug+"."+k.format)
}

// save writes a rendering: its Last-Modified time on the first line,
// then the body; written to a temporary file and renamed, so a crash
// never leaves half a feed.
func (d *lastGoodDisk) save(k cacheKey, rep *representation) {
	if d == nil {
		return
	}
	modified := "-"
	if !rep.modified.IsZero() {
		modified = rep.modified.Format(time.RFC3339)
	}
	tmp, err := os.CreateTemp(d.dir, ".tmp-*")
	if err == nil {
		_, err = fmt.Fprintf(tmp, "%s\n%s", modified, rep.body)
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp.Name(), d.path(k))
		}
		if err != nil {
			os.Remove(tmp.Name())
		}
	}
	if err != nil {
		d.logger.Warn("keep last good rendering on disk", "topic", k.slug, "format", k.format, "err", err)
	}
}

// load reads a rendering back, or nil when there is none (or it is
// unreadable: then there is simply nothing to fall back on).
func (d *lastGoodDisk) load(k cacheKey) *representation {
	if d == nil {
		return nil
	}
	b, err := os.ReadFile(d.path(k))
	if err != nil {
		return nil
	}
	line, body, ok := bytes.Cut(b, []byte("\n"))
	if !ok {
		return nil
	}
	modified, _ := time.Parse(time.RFC3339, string(line)) // "-": none
	contentType := "text/html; charset=utf-8"
	if k.format != "html" {
		contentType = render.ContentType(k.format)
	}
	return newRepresentation(body, contentType, modified)
}
