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

#endif
