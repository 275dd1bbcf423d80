// +build !linux

package other
