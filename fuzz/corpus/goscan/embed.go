package assets

import "embed"

//go:embed a.txt "b c.txt" `d/*`
var s string

var x = "//go:embed not/this"

/* //go:embed nor/this */
	//go:embed all:tree
var t embed.FS
