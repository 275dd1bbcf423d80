// Command hello greets its first argument from the machine it runs on.
package main

import (
	"fmt"
	"os"

	"example.com/fmtbox"
	"example.com/hello/internal/greet"
)

func main() {
	name := "mips"
	if len(os.Args) > 1 {
		name = os.Args[1]
	}
	fmt.Println(greet.Line(name))
	fmt.Println(fmtbox.Box(greet.Checksum(name)))
}
