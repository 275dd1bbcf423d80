/* json.c: JSON strings and object members, written by hand */
#include <inttypes.h>
#include <stdio.h>

#include "lib/json.h"
#include "lib/banned.h"

void json_str(struct buf *b, const char *s)
{
	if (!s) {
		buf_puts(b, "null");
		return;
	}
	buf_putc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c == '\n')
			buf_puts(b, "\\n");
		else if (c == '\t')
			buf_puts(b, "\\t");
		else if (c < 0x20 || c == 0x7f)
			buf_printf(b, "\\u%04x", c);
		else
			buf_putc(b, (int)c);
	}
	buf_putc(b, '"');
}

void json_key(struct buf *b, const char *key, int first)
{
	buf_puts(b, first ? "\n    " : ",\n    ");
	json_str(b, key);
	buf_puts(b, ": ");
}

void json_kv_str(struct buf *b, const char *key, const char *val, int first)
{
	json_key(b, key, first);
	json_str(b, val);
}

void json_kv_u64(struct buf *b, const char *key, uint64_t val, int first)
{
	json_key(b, key, first);
	buf_printf(b, "%" PRIu64, val);
}

void json_kv_bool(struct buf *b, const char *key, int val, int first)
{
	json_key(b, key, first);
	buf_puts(b, val ? "true" : "false");
}

void json_print_array(size_t n, void (*elem)(struct buf *b, const void *items, size_t i), const void *items)
{
	struct buf b = BUF_INIT;

	buf_puts(&b, "[");
	for (size_t i = 0; i < n; i++) {
		buf_puts(&b, i ? ",\n" : "\n");
		elem(&b, items, i);
	}
	buf_puts(&b, n ? "\n]\n" : "]\n");
	fputs(buf_str(&b), stdout);
	buf_release(&b);
}
