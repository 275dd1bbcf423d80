//go:build linux && (mips || mipsle) && !gc
// +build linux
// +build mips mipsle

package unix

import (
	"syscall"
	u "unsafe"
	. "fmt"
	_ `embed`
)

import "C"
