/* json.h: the little JSON writing 'boards --json' and 'sizes --json' need */
#ifndef MIPSBAKE_JSON_H
#define MIPSBAKE_JSON_H

#include <stdint.h>

#include "lib/util.h"

/* append s as a JSON string: quoted, with '"', '\\' and control characters escaped; NULL is null */
void json_str(struct buf *b, const char *s);
/* append ",\n    \"key\": " (without the comma for the first member, first set) */
void json_key(struct buf *b, const char *key, int first);
/* append a member whose value is a string (null when NULL), a number or a boolean */
void json_kv_str(struct buf *b, const char *key, const char *val, int first);
void json_kv_u64(struct buf *b, const char *key, uint64_t val, int first);
void json_kv_bool(struct buf *b, const char *key, int val, int first);
/* print to stdout a JSON array of n elements, one a line, element i appended by elem */
void json_print_array(size_t n, void (*elem)(struct buf *b, const void *items, size_t i), const void *items);

#endif
