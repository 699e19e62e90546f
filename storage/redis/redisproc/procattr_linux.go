//go:build linux

package redisproc

import (
	"os"
	"syscall"
)

// sysProcAttr puts the server in its own process group and has the kernel
// kill it if the program that started it dies without cleaning up (e.g. a
// test timeout).
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

func signalGroup(p *os.Process, sig syscall.Signal) error {
	if err := syscall.Kill(-p.Pid, sig); err != nil {
		return p.Signal(sig)
	}
	return nil
}
