package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// minimalMode is the hidden first argument that makes paperbench the
// minimal net/http handler of the serving baseline.
const minimalMode = "-minimal-handler"

// runMinimal serves pre-built bytes: the 304 when If-None-Match names
// either tag, else the gzip bytes when Accept-Encoding holds "gzip", else
// the plain ones, with the headers Paperwire sends. It is the least any
// Go server has to do for the same answers.
func runMinimal(args []string) error {
	fs := flag.NewFlagSet("minimal", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:0", "address")
	plain := fs.String("plain", "", "file of the plain body")
	gz := fs.String("gz", "", "file of the gzip body")
	etag := fs.String("etag", "", "strong ETag of the plain body; the gzip one is its -gz variant")
	ctype := fs.String("type", "application/rss+xml; charset=utf-8", "Content-Type")
	if err := fs.Parse(args); err != nil {
		return err
	}
	h, err := newMinimal(*plain, *gz, *etag, *ctype)
	if err != nil {
		return err
	}
	srv := &http.Server{Addr: *listen, Handler: h, ReadHeaderTimeout: 10 * time.Second}
	return srv.ListenAndServe()
}

type minimal struct {
	plain, gz       []byte
	etag, gzETag    string
	ctype           string
	plainLen, gzLen string
	lastModified    string
}

func newMinimal(plainPath, gzPath, etag, ctype string) (*minimal, error) {
	plain, err := os.ReadFile(plainPath)
	if err != nil {
		return nil, fmt.Errorf("read plain body: %w", err)
	}
	gz, err := os.ReadFile(gzPath)
	if err != nil {
		return nil, fmt.Errorf("read gzip body: %w", err)
	}
	gzETag := strings.TrimSuffix(etag, `"`) + `-gz"`
	return &minimal{plain: plain, gz: gz, etag: etag, gzETag: gzETag, ctype: ctype,
		plainLen: strconv.Itoa(len(plain)), gzLen: strconv.Itoa(len(gz)),
		lastModified: time.Date(2024, 3, 25, 10, 0, 0, 0, time.UTC).Format(http.TimeFormat)}, nil
}

func (m *minimal) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h["Content-Type"] = []string{m.ctype}
	h["Vary"] = []string{"Accept-Encoding"}
	h["Cache-Control"] = []string{"public, max-age=1800"}
	h["Last-Modified"] = []string{m.lastModified}
	gzip := strings.Contains(r.Header.Get("Accept-Encoding"), "gzip")
	body, etag, n := m.plain, m.etag, m.plainLen
	if gzip {
		body, etag, n = m.gz, m.gzETag, m.gzLen
	}
	h["Etag"] = []string{etag}
	if inm := r.Header.Get("If-None-Match"); inm == m.etag || inm == m.gzETag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h["Content-Length"] = []string{n}
	if gzip {
		h["Content-Encoding"] = []string{"gzip"}
	}
	w.Write(body)
}

// helper is a program the suite runs in the background (the minimal
// handler, nginx).
type helper struct {
	cmd  *exec.Cmd
	done chan error
	base string
}

// startMinimal runs the minimal handler as a child process.
func (b *bench) startMinimal(plain, gz, etag, ctype string) (*helper, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("minimal handler: %w", err)
	}
	cmd := exec.Command(self, minimalMode, "-listen", addr, "-plain", plain, "-gz", gz, "-etag", etag, "-type", ctype)
	cmd.Stderr = os.Stderr
	return startHelper(cmd, "http://"+addr)
}

func startHelper(cmd *exec.Cmd, base string) (*helper, error) {
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", cmd.Path, err)
	}
	h := &helper{cmd: cmd, done: make(chan error, 1), base: base}
	go func() { h.done <- cmd.Wait() }()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Head(base + "/"); err == nil {
			resp.Body.Close()
			return h, nil
		}
		select {
		case err := <-h.done:
			return nil, fmt.Errorf("%s exited: %w", cmd.Path, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
	h.stop()
	return nil, errors.New(cmd.Path + " did not answer in time")
}

func (h *helper) stop() { stopProcess(h.cmd, h.done, 5*time.Second) }

// freeAddr is a free loopback host:port.
func freeAddr() (string, error) {
	var lc net.ListenConfig
	l, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("free port: %w", err)
	}
	defer l.Close()
	return l.Addr().String(), nil
}
