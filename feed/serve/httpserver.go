package serve

import (
	"net/http"
	"time"
)

// Limits are the http.Server's deliberate bounds on one connection.
type Limits struct {
	// ReadHeader cuts off a client that has not sent its request line
	// and headers in time (a slowloris); real clients send them at once.
	ReadHeader time.Duration
	// Read bounds reading a whole request: the only bodies are WebSub
	// subscription forms of a few hundred bytes.
	Read time.Duration
	// Write bounds one response from the end of its request's headers.
	// It is generous on purpose: the slowest rendering is cut at 15 s
	// (renderTimeout), and the rest is for the largest feed to reach a
	// slow reader. No route streams or holds a response open, and WebSub
	// deliveries are requests Paperwire makes, not responses, so none is
	// cut short by it.
	Write time.Duration
	// Idle keeps a reader's connection open between the feeds it polls.
	Idle time.Duration
	// MaxHeaderBytes bounds the request line and headers; a larger
	// request is answered 431.
	MaxHeaderBytes int
}

// DefaultLimits are the limits `paperwire serve` runs with.
func DefaultLimits() Limits {
	return Limits{
		ReadHeader:     10 * time.Second,
		Read:           30 * time.Second,
		Write:          2 * time.Minute,
		Idle:           2 * time.Minute,
		MaxHeaderBytes: 64 << 10,
	}
}

// NewHTTPServer returns an http.Server for h with the given limits.
func NewHTTPServer(h http.Handler, l Limits) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: l.ReadHeader,
		ReadTimeout:       l.Read,
		WriteTimeout:      l.Write,
		IdleTimeout:       l.Idle,
		MaxHeaderBytes:    l.MaxHeaderBytes,
	}
}
