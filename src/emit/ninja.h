/* ninja.h: writing Ninja text; the only ways text reaches a build file or a command line */
#ifndef MIPSBAKE_NINJA_H
#define MIPSBAKE_NINJA_H

#include "lib/util.h"

/* the start of build.ninja: the Ninja version and the 'pipe' binding
 * that ninja_escape's output relies on (the cfg files, subninjas, see it too) */
void ninja_preamble(struct buf *b);
/* append s escaped for Ninja text: '$' ' ' ':' become "$$" "$ " "$:", '|' "${pipe}". A line
 * break cannot be written at all: s is then reported as an error (error_count grows) and
 * nothing is appended, so a caller must not write out what it made once error_count grew */
void ninja_escape(struct buf *b, const char *s);
/* "# text\n", text printf'd from fmt: a comment line, refused like ninja_escape's values when
 * it would hold a line break */
ATTR_PRINTF(2, 3) void ninja_comment(struct buf *b, const char *fmt, ...);
/* append s as one POSIX shell word (unchanged when it needs no quoting, else single-quoted) */
void sh_quote(struct buf *b, const char *s);
/* append s escaped for a Makefile-style depfile ('\ ', '\#', '$$') */
void depfile_escape(struct buf *b, const char *s);

/* "name = value" (indented under a build line when indent is set); value is the shell words
 * of argv, each quoted, then Ninja-escaped */
void ninja_var_words(struct buf *b, int indent, const char *name, const struct strv *argv);
/* the same for one shell word */
void ninja_var_word(struct buf *b, int indent, const char *name, const char *word);
/* "name = || { echo NOTE >&2; exit 1; }": placed after a command in a rule, it prints note
 * (one shell word) when the command fails */
void ninja_var_onfail(struct buf *b, int indent, const char *name, const char *note);
/* "name = value" for a path used on build lines (Ninja-escaped, not shell-quoted) */
void ninja_var_path(struct buf *b, int indent, const char *name, const char *path);
/* " path" Ninja-escaped, as an input or output on a build line */
void ninja_path(struct buf *b, const char *path);

#endif
