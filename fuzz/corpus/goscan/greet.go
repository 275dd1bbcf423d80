// Package greet builds the greeting; it lives in the example's own module.
package greet

import (
	"fmt"
	"hash/crc32"
	"runtime"
)

// Line is the greeting for name, naming the architecture and compiler.
func Line(name string) string {
	return fmt.Sprintf("hello, %s from %s (%s)", name, runtime.GOARCH, runtime.Compiler)
}

// Checksum is a CRC-32 of name, so the binary does some arithmetic of its own.
func Checksum(name string) string {
	return fmt.Sprintf("crc32(%s) = %08x", name, crc32.ChecksumIEEE([]byte(name)))
}
