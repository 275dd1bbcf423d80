/* gostring.c: the escapes of Go's interpreted string literals */
#include <string.h>

#include "lib/gostring.h"
#include "lib/banned.h"

static int hex_val(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* the value of n digits of base at s, or -1 */
static long digits_val(const char *s, size_t n, int base)
{
	long v = 0;

	for (size_t i = 0; i < n; i++) {
		int d = hex_val((unsigned char)s[i]);

		if (d < 0 || d >= base)
			return -1;
		v = v * base + d;
	}
	return v;
}

long utf8_rune(const char *str, size_t n, size_t *len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t k = s[0] >= 0xf0 ? 3 : s[0] >= 0xe0 ? 2 : 1;
	static const long min[] = { 0, 0x80, 0x800, 0x10000 };
	long cp;

	*len = 1;
	if (s[0] < 0x80)
		return s[0];
	if (s[0] < 0xc2 || s[0] > 0xf4 || k >= n)
		return -1;
	cp = s[0] & (0x3f >> k);
	for (size_t i = 1; i <= k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min[k] || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
		return -1;
	*len = k + 1;
	return cp;
}

void utf8_put(struct buf *out, long cp)
{
	if (cp < 0x80) {
		buf_putc(out, (int)cp);
	} else if (cp < 0x800) {
		buf_putc(out, (int)(0xc0 | (cp >> 6)));
		buf_putc(out, (int)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		buf_putc(out, (int)(0xe0 | (cp >> 12)));
		buf_putc(out, (int)(0x80 | ((cp >> 6) & 0x3f)));
		buf_putc(out, (int)(0x80 | (cp & 0x3f)));
	} else {
		buf_putc(out, (int)(0xf0 | (cp >> 18)));
		buf_putc(out, (int)(0x80 | ((cp >> 12) & 0x3f)));
		buf_putc(out, (int)(0x80 | ((cp >> 6) & 0x3f)));
		buf_putc(out, (int)(0x80 | (cp & 0x3f)));
	}
}

size_t go_unescape(const char *s, size_t n, struct buf *out)
{
	static const char simple[] = "a\ab\bf\fn\nr\rt\tv\v\\\\\"\"";
	const char *e = n >= 2 && s[1] ? strchr(simple, s[1]) : NULL;
	size_t len = 0;
	int base = 16;
	long v;

	if (e && (e - simple) % 2 == 0) {
		buf_putc(out, e[1]);
		return 2;
	}
	if (n >= 2 && s[1] >= '0' && s[1] <= '7')
		len = 4, base = 8;
	else if (n >= 2)
		len = s[1] == 'x' ? 4 : s[1] == 'u' ? 6 : s[1] == 'U' ? 10 : 0;
	if (len == 0 || len > n)
		return 0;
	v = digits_val(s + (base == 8 ? 1 : 2), base == 8 ? 3 : len - 2, base);
	if (v < 0 || (len == 4 && v > 255) || v > 0x10ffff || (v >= 0xd800 && v < 0xe000))
		return 0;
	if (len == 4)
		buf_putc(out, (int)v);
	else
		utf8_put(out, v);
	return len;
}

char *go_quote_word(const char *s)
{
	int blank = strpbrk(s, " \t\n\r") != NULL;

	if (!*s)
		return NULL;
	if (!blank && s[0] != '\'' && s[0] != '"')
		return xstrdup(s);
	if (!strchr(s, '\''))
		return xasprintf("'%s'", s);
	if (!strchr(s, '"'))
		return xasprintf("\"%s\"", s);
	return NULL;
}
