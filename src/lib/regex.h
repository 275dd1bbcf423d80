/* regex.h: one PCRE2 search, for smoke tests' patterns, package tests' names, --run */
#ifndef MIPSBAKE_REGEX_H
#define MIPSBAKE_REGEX_H

#include <stddef.h>

#include "lib/util.h"

/*
 * Search s[0..n) for the PCRE2 pattern (unanchored unless it says so): 1 when it matches,
 * 0 when not, -1 when the pattern does not compile, with PCRE2's message and the offset in
 * why (when not NULL) as "<message> at offset <n>".
 */
int regex_search(const char *pattern, const char *s, size_t n, struct buf *why);

#endif
