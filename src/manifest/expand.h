/* expand.h: ${NAME} references to environment variables in manifest values */
#ifndef MIPSBAKE_EXPAND_H
#define MIPSBAKE_EXPAND_H

#include <stddef.h>

#include "lib/util.h"

/* how an expansion ended */
enum expand_rc {
	EXPAND_OK,
	EXPAND_UNSET,            /* ${NAME} names a variable that is not set */
	EXPAND_UNTERMINATED,     /* "${" without a closing '}' */
	EXPAND_BAD_NAME,         /* ${...} that is not a variable name */
	EXPAND_CONTROL,          /* ${NAME}'s value holds a control character */
};

/* where and why an expansion failed */
struct expand_err {
	size_t nth;              /* the failing reference is the nth "${" of the text, from 0 */
	char *name;              /* the text between the braces (UNSET, BAD_NAME, CONTROL), newly allocated */
	unsigned char control;   /* CONTROL: the first control character of the value */
};

/*
 * Append s to out with every ${NAME} replaced by the environment variable NAME and every
 * "$$" by one '$'; any other '$' is kept as it is. NAME is letters, digits and '_', not
 * starting with a digit. Nothing else is interpreted: no $NAME, no defaults, no commands.
 * A value holding a control character (below 0x20, or 0x7f) is refused: manifest text may
 * hold none, and what a variable brings in is held to the same rule.
 * Each variable expanded is appended to used (when not NULL) as "NAME=value". On failure
 * err is filled (its name is the caller's to free) and out holds a prefix.
 */
enum expand_rc expand_vars(const char *s, struct buf *out, struct strv *used, struct expand_err *err);

/* the byte offset in s (the text as written) of its nth "${", counted as expand_vars does */
size_t expand_find(const char *s, size_t len, size_t nth);

/*
 * 1 when every "NAME=value" line of text (lines as manifest_load records them in m->env,
 * separated by '\n') still holds in the environment; 0 when one is unset or changed, so
 * that the build files must be generated again.
 */
int expand_env_unchanged(const char *text);

#endif
