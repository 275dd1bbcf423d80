/* gostring.h: Go's interpreted string literals ("..."), as go/scanner and strconv read them */
#ifndef MIPSBAKE_GOSTRING_H
#define MIPSBAKE_GOSTRING_H

#include <stddef.h>

#include "lib/util.h"

/*
 * Decode the escape at s (s[0] is '\\'), n bytes before the closing quote, into out: \a \b
 * \f \n \r \t \v \\ \" \NNN \xNN \uNNNN \UNNNNNNNN (no surrogates, nothing past U+10FFFF).
 * Its length, or 0 when it is no valid escape.
 */
size_t go_unescape(const char *s, size_t n, struct buf *out);

/* the code point of the UTF-8 sequence at s[0..n), n > 0, and in *len its length; -1 (with
 * *len 1) when it is no valid UTF-8: overlong, a surrogate, past U+10FFFF, cut short */
long utf8_rune(const char *s, size_t n, size_t *len);
/* append code point cp (at most U+10FFFF) in UTF-8 */
void utf8_put(struct buf *out, long cp);

/*
 * s as one word of a list that cmd/internal/quoted.Split splits (how cmd/go and cgo read
 * $CC and CGO_LDFLAGS, and cmd/link -extld): s itself when it holds no blank and starts
 * with no quote, else s in the kind of quote it does not hold. Newly allocated; NULL when
 * it holds both kinds and a blank, or is empty, which no such list can carry.
 */
char *go_quote_word(const char *s);

#endif
