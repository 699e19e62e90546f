package serve_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire/feed/serve"
)

// startServer serves ok on a local port with the given limits.
func startServer(t *testing.T, l serve.Limits) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := serve.NewHTTPServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, "ok")
	}), l)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

func TestDefaultLimitsAreSet(t *testing.T) {
	t.Parallel()
	srv := serve.NewHTTPServer(http.NotFoundHandler(), serve.DefaultLimits())
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.WriteTimeout < time.Minute || srv.IdleTimeout <= 0 || srv.MaxHeaderBytes <= 0 || srv.MaxHeaderBytes > 1<<20 {
		t.Errorf("server limits: %+v", srv)
	}
}

// A client that sends its headers too slowly is cut off; one that sends
// them at once is served.
func TestSlowHeadersAreCutOff(t *testing.T) {
	t.Parallel()
	l := serve.DefaultLimits()
	l.ReadHeader = 200 * time.Millisecond
	addr := startServer(t, l)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "GET / HTTP/1.1\r\nHost: paperwire\r\n") // and never the blank line
	start := time.Now()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, err = io.ReadAll(conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the server still held the connection after %s", time.Since(start))
	}
	if took := time.Since(start); took < l.ReadHeader/2 {
		t.Errorf("cut off after %s, before the %s limit", took, l.ReadHeader)
	}
	if got := rawStatus(t, addr, "GET / HTTP/1.1\r\nHost: paperwire\r\n\r\n"); got != http.StatusOK {
		t.Errorf("a prompt client got %d", got)
	}
}

func TestOversizedHeadersAre431(t *testing.T) {
	t.Parallel()
	l := serve.DefaultLimits()
	addr := startServer(t, l)
	big := "X-Big: " + strings.Repeat("a", 2*l.MaxHeaderBytes) + "\r\n"
	if got := rawStatus(t, addr, "GET / HTTP/1.1\r\nHost: paperwire\r\n"+big+"\r\n"); got != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("oversized headers: %d, want 431", got)
	}
}

// rawStatus sends a raw request and returns the response status.
func rawStatus(t *testing.T, addr, req string) int {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	go io.WriteString(conn, req) // the server may answer before reading it all
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
