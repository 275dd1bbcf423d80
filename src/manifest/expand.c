/* expand.c: ${NAME} expansion from the environment, strict and shell-free */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>

#include "manifest/expand.h"
#include "lib/banned.h"

static int name_start(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int name_char(int c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

/* 1 when the n bytes at s are a variable name */
static int valid_name(const char *s, size_t n)
{
	if (n == 0 || !name_start((unsigned char)s[0]))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!name_char((unsigned char)s[i]))
			return 0;
	return 1;
}

/* expand the reference "${...}" at s (s[0] == '$', s[1] == '{'); bytes consumed, 0 on failure */
static size_t expand_one(const char *s, struct buf *out, struct strv *used, enum expand_rc *rc,
			 struct expand_err *err)
{
	const char *close = strchr(s + 2, '}');
	size_t n;
	char *name;
	const char *val;

	if (!close) {
		*rc = EXPAND_UNTERMINATED;
		return 0;
	}
	n = (size_t)(close - (s + 2));
	name = xstrndup(s + 2, n);
	if (!valid_name(s + 2, n)) {
		*rc = EXPAND_BAD_NAME;
		err->name = name;
		return 0;
	}
	if (!(val = getenv(name))) {
		*rc = EXPAND_UNSET;
		err->name = name;
		return 0;
	}
	for (const unsigned char *v = (const unsigned char *)val; *v; v++) {
		if (*v < 0x20 || *v == 0x7f) {
			*rc = EXPAND_CONTROL;
			err->name = name;
			err->control = *v;
			return 0;
		}
	}
	buf_puts(out, val);
	if (used)
		strv_pushf(used, "%s=%s", name, val);
	free(name);
	return n + 3;
}

enum expand_rc expand_vars(const char *s, struct buf *out, struct strv *used, struct expand_err *err)
{
	enum expand_rc rc = EXPAND_OK;

	err->nth = 0;
	err->name = NULL;
	err->control = 0;
	buf_add(out, "", 0);
	while (*s) {
		size_t n;

		if (s[0] == '$' && s[1] == '$') {
			buf_putc(out, '$');
			s += 2;
		} else if (s[0] == '$' && s[1] == '{') {
			if (!(n = expand_one(s, out, used, &rc, err)))
				return rc;
			err->nth++;
			s += n;
		} else {
			buf_putc(out, *s++);
		}
	}
	return EXPAND_OK;
}

size_t expand_find(const char *s, size_t len, size_t nth)
{
	size_t seen = 0;

	for (size_t i = 0; i + 1 < len; i++) {
		if (s[i] == '$' && s[i + 1] == '$') {
			i++;
		} else if (s[i] == '$' && s[i + 1] == '{') {
			if (seen++ == nth)
				return i;
		}
	}
	return 0;
}

/* 1 when the line "NAME=value" of len bytes holds in the environment */
static int env_line_holds(const char *line, size_t len)
{
	size_t eq = strcspn(line, "=");
	char *name;
	const char *val;
	int same;

	if (eq >= len)
		return len == 0;
	name = xstrndup(line, eq);
	val = getenv(name);
	same = val && strlen(val) == len - eq - 1 && memcmp(val, line + eq + 1, len - eq - 1) == 0;
	free(name);
	return same;
}

int expand_env_unchanged(const char *text)
{
	while (*text) {
		size_t len = strcspn(text, "\n");

		if (!env_line_holds(text, len))
			return 0;
		text += len + (text[len] == '\n');
	}
	return 1;
}
