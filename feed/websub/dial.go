package websub

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// ErrPrivateAddress: a callback resolved to an address the hub must not
// reach (loopback, private, link-local, multicast, unspecified).
var ErrPrivateAddress = errors.New("not a public address")

// newClient is the client of callbacks: a bounded time per request, no
// proxy, no redirects, and unless allowPrivate a check of every address
// actually dialled, so that DNS answers cannot steer it inside.
func newClient(allowPrivate bool, timeout time.Duration) *http.Client {
	d := &net.Dialer{Timeout: timeout}
	if !allowPrivate {
		d.Control = refusePrivate
	}
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			DialContext: d.DialContext, TLSHandshakeTimeout: timeout, ResponseHeaderTimeout: timeout,
			MaxIdleConnsPerHost: 2, IdleConnTimeout: time.Minute, ForceAttemptHTTP2: true,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// refusePrivate is a net.Dialer Control hook: it sees the resolved
// address about to be connected to.
func refusePrivate(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("dial %s: %w", address, err)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !public(ip) {
		return fmt.Errorf("dial %s: %w", address, ErrPrivateAddress)
	}
	return nil
}

// special are IPv4 ranges that are not private by net/netip's account
// yet not on the public internet: "this network", shared (carrier-grade
// NAT), IETF protocol assignments, benchmarking, reserved.
var special = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"), netip.MustParsePrefix("100.64.0.0/10"), netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"), netip.MustParsePrefix("240.0.0.0/4"),
}

// public reports whether ip is a public unicast address: not loopback,
// private, link-local, multicast, unspecified or special.
func public(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsGlobalUnicast() || ip.IsPrivate() {
		return false
	}
	for _, p := range special {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// literalPrivate reports whether host is an IP literal that is not public.
func literalPrivate(host string) bool {
	ip, err := netip.ParseAddr(host)
	return err == nil && !public(ip)
}
