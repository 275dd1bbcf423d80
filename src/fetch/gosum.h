/* gosum.h: go.sum, read, checked against the hashes of fetched modules, and written in Go's
 * own format and order */
#ifndef MIPSBAKE_GOSUM_H
#define MIPSBAKE_GOSUM_H

#include <stddef.h>

#include "lib/util.h"

/* one line: "path version hash", version ending in "/go.mod" for a go.mod's hash */
struct gosum_line {
	char *path, *version, *hash;
	int line;                /* 1-based; 0 for a line added since it was read */
};

struct gosum {
	const char *shown;       /* the file as messages name it */
	char *path;              /* where it is written */
	struct gosum_line *v;
	size_t n;
	int added;               /* lines were added: it needs writing */
};

/* read go.sum at path (an absent file is empty), shown in messages as shown; -1 after reporting
 * "shown:line:col: error: ..." for a malformed line */
int gosum_load(struct gosum *s, const char *path, const char *shown);
/* add the lines of the n bytes of text to s (the fuzzer's entry point); -1 after reporting */
int gosum_parse(struct gosum *s, const char *text, size_t n);
void gosum_release(struct gosum *s);
/* the hashes go.sum has for path and version (version + "/go.mod" for the go.mod's): every
 * line, as go accepts any of them; NULL when none. *line is the first one's line number */
const struct gosum_line *gosum_find(const struct gosum *s, const char *path, const char *version);
/* 1 when go.sum has exactly this line */
int gosum_has(const struct gosum *s, const char *path, const char *version, const char *hash);
/* add a line (it is written by gosum_write, in Go's order) */
void gosum_add(struct gosum *s, const char *path, const char *version, const char *hash);
struct modzip_src;
/*
 * Check a fetched module's content (its zip's files, before patches) and its go.mod against
 * go.sum: a line with another hash is an error naming both and the line; a missing line is
 * an error at required_at (the go.mod require), unless update: then it is added. -1 after
 * reporting.
 */
int gosum_verify(struct gosum *s, const struct modzip_src *src, int update, const struct pos *required_at);
/* write go.sum when lines were added: sorted by module path, then version (semver order, the
 * "/go.mod" line after the content's), as cmd/go writes it; -1 after reporting */
int gosum_write(struct gosum *s);

#endif
