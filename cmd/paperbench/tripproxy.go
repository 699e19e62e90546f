package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// tripProxy is a loopback TCP proxy in front of a Redis server that
// counts the client's round trips: on each connection, a trip starts when
// the client sends a command while every command it sent before has been
// answered. A command sent alone is one trip, a pipeline one trip however
// many commands it holds. Trips that open with a connection's handshake
// (HELLO, CLIENT SETINFO, …) are counted apart.
//
// It reads the client's side with a 1 MiB buffer, so a pipeline the
// client has written is taken whole: were one forwarded in parts, the
// server could answer the first part before the rest arrived, and the
// rest would count as a trip of its own. (A pipeline larger than the
// client's write buffer still reaches the proxy in several writes,
// microseconds apart: the paperbench run checked the count against a
// go-redis hook's, 1,000 trips for 200 polls both.)
type tripProxy struct {
	ln         net.Listener
	target     string
	trips      atomic.Int64
	handshakes atomic.Int64
	wg         sync.WaitGroup
}

// handshake are the commands go-redis sends when it opens a connection.
var handshake = map[string]bool{"HELLO": true, "AUTH": true, "SELECT": true, "CLIENT": true, "READONLY": true}

// startTripProxy listens on a loopback port and forwards every connection
// to target (host:port).
func startTripProxy(target string) (*tripProxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("trip proxy: %w", err)
	}
	p := &tripProxy{ln: ln, target: target}
	p.wg.Go(p.accept)
	return p, nil
}

// Addr is the proxy's host:port.
func (p *tripProxy) Addr() string { return p.ln.Addr().String() }

// Trips returns the round trips counted so far, those that opened a
// connection apart, and starts again from 0.
func (p *tripProxy) Trips() (trips, handshakes int64) {
	return p.trips.Swap(0), p.handshakes.Swap(0)
}

// Close stops accepting and waits for every connection to end (close the
// clients first).
func (p *tripProxy) Close() error {
	err := p.ln.Close()
	p.wg.Wait()
	return err
}

func (p *tripProxy) accept() {
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.wg.Go(func() { p.relay(client) })
	}
}

// relay forwards one connection both ways until either side closes it.
func (p *tripProxy) relay(client net.Conn) {
	defer client.Close()
	server, err := net.Dial("tcp", p.target)
	if err != nil {
		return
	}
	defer server.Close()
	c := &tripConn{proxy: p}
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.replies(server, client)
		client.Close()
	}()
	c.commands(client, server)
	server.Close()
	<-done
}

// tripConn is one proxied connection.
type tripConn struct {
	proxy   *tripProxy
	mu      sync.Mutex
	pending int // commands sent and not answered yet
}

// commands forwards the client's commands, counting a trip for each one
// sent while none is pending. Each command is read whole and counted
// before any byte of it goes on, so its answer cannot come back first.
// A batch is flushed once the client has nothing more buffered, so a
// pipeline stays one write.
func (c *tripConn) commands(client io.Reader, server io.Writer) {
	r, w := bufio.NewReaderSize(client, 1<<20), bufio.NewWriterSize(server, 1<<20)
	var msg bytes.Buffer
	for {
		msg.Reset()
		name, err := copyCommand(r, &msg)
		if err != nil {
			return
		}
		c.mu.Lock()
		switch {
		case c.pending > 0:
		case handshake[name]:
			c.proxy.handshakes.Add(1)
		default:
			c.proxy.trips.Add(1)
		}
		c.pending++
		c.mu.Unlock()
		if !forward(w, msg.Bytes(), r.Buffered() == 0) {
			return
		}
	}
}

// replies forwards the server's replies, each one answering a pending
// command (push messages answer none). Each is read whole and counted
// before any byte of it goes on, so the client cannot send its next
// command before the answer is counted.
func (c *tripConn) replies(server io.Reader, client io.Writer) {
	r, w := bufio.NewReader(server), bufio.NewWriter(client)
	var msg bytes.Buffer
	for {
		msg.Reset()
		push, err := copyValue(r, &msg)
		if err != nil {
			return
		}
		if !push {
			c.mu.Lock()
			c.pending--
			c.mu.Unlock()
		}
		if !forward(w, msg.Bytes(), r.Buffered() == 0) {
			return
		}
	}
}

// forward writes msg, flushing when asked; false when the peer is gone.
func forward(w *bufio.Writer, msg []byte, flush bool) bool {
	if _, err := w.Write(msg); err != nil {
		return false
	}
	return !flush || w.Flush() == nil
}

// copyCommand copies one command (a RESP array of bulk strings) and
// returns its name in upper case.
func copyCommand(r *bufio.Reader, w io.Writer) (string, error) {
	line, err := copyLine(r, w)
	if err != nil {
		return "", err
	}
	if line[0] != '*' {
		return "", fmt.Errorf("trip proxy: inline command %q", line)
	}
	n, err := strconv.Atoi(line[1:])
	if err != nil {
		return "", fmt.Errorf("trip proxy: %w", err)
	}
	var name string
	for i := range n {
		arg, err := copyBulk(r, w)
		if err != nil {
			return "", err
		}
		if i == 0 {
			name = strings.ToUpper(arg)
		}
	}
	return name, nil
}

// copyBulk copies one bulk string and returns it.
func copyBulk(r *bufio.Reader, w io.Writer) (string, error) {
	line, err := copyLine(r, w)
	if err != nil {
		return "", err
	}
	if line[0] != '$' {
		return "", fmt.Errorf("trip proxy: want a bulk string, got %q", line)
	}
	body, err := copyBody(r, w, line)
	return string(body), err
}

// copyValue copies one RESP2 or RESP3 value and says whether it was a
// push message. An attribute is copied with the value it annotates.
func copyValue(r *bufio.Reader, w io.Writer) (push bool, err error) {
	line, err := copyLine(r, w)
	if err != nil {
		return false, err
	}
	switch line[0] {
	case '+', '-', ':', '_', ',', '#', '(':
		return false, nil
	case '$', '!', '=':
		_, err := copyBody(r, w, line)
		return false, err
	case '*', '~', '>', '%', '|':
		if err := copyElements(r, w, line); err != nil {
			return false, err
		}
		if line[0] == '|' {
			return copyValue(r, w)
		}
		return line[0] == '>', nil
	}
	return false, fmt.Errorf("trip proxy: unknown reply %q", line)
}

// copyElements copies the elements of an aggregate (pairs for maps and
// attributes).
func copyElements(r *bufio.Reader, w io.Writer, line string) error {
	n, err := strconv.Atoi(line[1:])
	if err != nil {
		return fmt.Errorf("trip proxy: %w", err)
	}
	if line[0] == '%' || line[0] == '|' {
		n *= 2
	}
	for range max(n, 0) {
		if _, err := copyValue(r, w); err != nil {
			return err
		}
	}
	return nil
}

// copyBody copies the body a length line announces, and its CRLF.
func copyBody(r *bufio.Reader, w io.Writer, line string) ([]byte, error) {
	n, err := strconv.Atoi(line[1:])
	if err != nil || n < 0 {
		return nil, err // a RESP2 null: no body
	}
	body := make([]byte, n+2)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, err
	}
	_, err = w.Write(body)
	return body[:n], err
}

// copyLine copies one CRLF-terminated line and returns it without CRLF.
func copyLine(r *bufio.Reader, w io.Writer) (string, error) {
	line, err := r.ReadString('\n')
	if err != nil {
		return "", err
	}
	if _, err := io.WriteString(w, line); err != nil {
		return "", err
	}
	line = strings.TrimSuffix(line, "\r\n")
	if line == "" {
		return "", errors.New("trip proxy: empty line")
	}
	return line, nil
}
