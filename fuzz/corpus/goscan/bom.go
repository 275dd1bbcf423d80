// Copyright

/* block
 comment */

package p // trailing
import "a\x41\u00e9\U0001F600b"
