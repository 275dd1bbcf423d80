/* embed.h: a package's //go:embed patterns resolved to files, with cmd/go's rules */
#ifndef MIPSBAKE_EMBED_H
#define MIPSBAKE_EMBED_H

#include "lib/util.h"
#include "scan/goscan.h"

/* one pattern and the files it embeds */
struct embed_pattern {
	char *pattern;           /* as written ("all:" kept) */
	struct strv files;       /* slash paths relative to the package directory, sorted */
};

/* what a package embeds */
struct embed_set {
	struct embed_pattern *pats; /* one per distinct pattern, sorted by pattern */
	size_t npats;
	struct strv files;       /* every embedded file (relative), sorted, without repeats */
	struct strv dirs;        /* absolute directories the patterns read: adding a file to one
				    may change what is embedded */
};

/*
 * Resolve pkg's //go:embed patterns in pkg->dir as cmd/go's resolveEmbed does (Go 1.19):
 * path.Match globs over slash paths; a directory embeds its tree but for names starting with
 * '.' or '_' (unless "all:"), other modules (a go.mod) and bad names; irregular files, other
 * modules, bad names and patterns matching nothing are errors at the pattern's file:line:col
 * ("pattern P: ..."), the first failing pattern in sorted order, as go reports it. Returns 0,
 * or -1 after reporting; set is filled either way (dirs at least).
 */
int embed_resolve(const struct go_pkg *pkg, struct embed_set *set);
/* the -embedcfg JSON of set, as cmd/go writes it: {"Patterns": {P: [files]}, "Files":
 * {file: prefix/file}} where prefix is the directory the compiler reads the files from */
void embed_cfg_json(const struct embed_set *set, const char *prefix, struct buf *out);
/* free the contents of set */
void embed_set_release(struct embed_set *set);
/* path.Match(pattern, name): 1 matched, 0 not, -1 a malformed pattern (fuzzable) */
int embed_match(const char *pattern, const char *name);

#endif
