//go:build unix

package redisproc

import (
	"os"
	"strconv"
	"syscall"
)

// holdPort binds a socket to 127.0.0.1:port without listening on it, so
// that a connection to the port is refused, as by a stopped server, and
// the kernel gives the port to no socket that asks for any free one (a
// listener on port 0, an outgoing connection), until the file returned
// is closed. It returns nil when the port cannot be held.
func holdPort(port int) *os.File {
	syscall.ForkLock.RLock() // no child may inherit the socket before it is close-on-exec
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err == nil {
		syscall.CloseOnExec(fd)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return nil
	}
	// SO_REUSEADDR, as redis-server sets it: the connections the server
	// had may leave the port in TIME_WAIT.
	err = syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 1)
	if err == nil {
		err = syscall.Bind(fd, &syscall.SockaddrInet4{Port: port, Addr: [4]byte{127, 0, 0, 1}})
	}
	if err != nil {
		syscall.Close(fd)
		return nil
	}
	return os.NewFile(uintptr(fd), "127.0.0.1:"+strconv.Itoa(port)+" (held)")
}
