// Package fmtbox draws a box around a line; the example takes it as a 'path:' dependency.
package fmtbox

import "strings"

// Box returns s framed by a box of '+', '-' and '|'.
func Box(s string) string {
	edge := "+" + strings.Repeat("-", len(s)+2) + "+"
	return edge + "\n| " + s + " |\n" + edge
}
