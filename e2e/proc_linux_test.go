//go:build e2e && linux

package e2e

import "syscall"

// childProcAttr makes the kernel kill the server if the test binary dies
// without stopping it (a panic or a -timeout).
func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
