//go:build !unix

package redisproc

import "os"

// holdPort holds nothing where sockets are not Unix ones.
func holdPort(int) *os.File { return nil }
