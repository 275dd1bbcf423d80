// Command hello greets its first argument from the machine it runs on.
package main

import (
	"fmt"
	"os"

	"example.com/fmtbox"
	"example.com/hello/internal/greet"
)

// What 'mipsbake release' stamps (see 'stamp:' in hello.yaml); other builds keep these values.
var (
	version = "devel"
	commit  = "none"
	date    = "unknown"
)

// banner is initialized from version, after the stamp: it shows the stamped value.
var banner = "hello " + version

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-version" {
		fmt.Printf("%s (commit %s, built %s)\n", banner, commit, date)
		return
	}
	name := "mips"
	if len(os.Args) > 1 {
		name = os.Args[1]
	}
	fmt.Println(greet.Line(name))
	fmt.Println(fmtbox.Box(greet.Checksum(name)))
}
