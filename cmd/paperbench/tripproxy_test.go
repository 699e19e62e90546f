package main

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
)

// A command sent alone is one trip, a pipeline one trip, and a
// connection's handshake is counted apart.
func TestTripProxyCountsTurnArounds(t *testing.T) {
	server := fakeRedis(t)
	p, err := startTripProxy(server)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(conn)
	exchange := func(cmds ...string) {
		var b strings.Builder
		for _, c := range cmds {
			b.WriteString("*1\r\n$" + strconv.Itoa(len(c)) + "\r\n" + c + "\r\n")
		}
		if _, err := io.WriteString(conn, b.String()); err != nil {
			t.Fatal(err)
		}
		for answered := 0; answered < len(cmds); {
			push, err := copyValue(r, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if !push {
				answered++
			}
		}
	}
	exchange("HELLO")
	exchange("GET")
	exchange("GET", "SET", "EVALSHA")
	exchange("INCR")
	conn.Close()
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if trips, handshakes := p.Trips(); trips != 3 || handshakes != 1 {
		t.Errorf("%d trips and %d handshakes, want 3 and 1", trips, handshakes)
	}
}

// fakeRedis answers every command with a push message (which answers
// nothing) and a RESP3 map, under an attribute, whose value is an array.
func fakeRedis(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		r := bufio.NewReader(conn)
		for {
			if _, err := copyCommand(r, io.Discard); err != nil {
				return
			}
			io.WriteString(conn, ">2\r\n+invalidate\r\n*1\r\n$1\r\nk\r\n|1\r\n+ttl\r\n:3\r\n%1\r\n$2\r\nok\r\n*2\r\n_\r\n$-1\r\n")
		}
	}()
	return ln.Addr().String()
}

// copyValue copies a value whole and tells a push message.
func TestCopyValue(t *testing.T) {
	for _, c := range []struct {
		in   string
		push bool
	}{{"+OK\r\n", false}, {"$5\r\nhello\r\n", false}, {"*-1\r\n", false}, {">1\r\n+message\r\n", true}, {"|1\r\n+a\r\n:1\r\n~2\r\n#t\r\n,1.5\r\n", false}} {
		var out bytes.Buffer
		r := bufio.NewReader(strings.NewReader(c.in + "+next\r\n"))
		push, err := copyValue(r, &out)
		if err != nil || push != c.push || out.String() != c.in {
			t.Errorf("%q: push %v, copied %q, %v", c.in, push, out.String(), err)
		}
	}
}
