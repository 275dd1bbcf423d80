/* modzip.h: a Go module's content as its module zip holds it (golang.org/x/mod/zip), taken
 * from a git tree, and the h1 hashes go.sum records for it (golang.org/x/mod/sumdb/dirhash) */
#ifndef MIPSBAKE_MODZIP_H
#define MIPSBAKE_MODZIP_H

#include <git2.h>

#include "lib/util.h"

/* the room for "h1:" and a base64 SHA-256 */
#define MODZIP_H1_SIZE 48

/* where a module is: its path and version, and its directory in the repository's tree */
struct modzip_src {
	git_repository *repo;
	const git_oid *tree;     /* the commit's root tree */
	const char *subdir;      /* the module's directory in it, "" for the root */
	const char *module;      /* its module path */
	const char *version;     /* the version being hashed */
};

/*
 * The module's files as its module zip holds them, names relative to the module root, sorted
 * (appended to files): regular files only (no symlinks, no submodules), none inside a nested
 * module (a directory with its own go.mod) or a vendored package, no .hg_archival.txt, and
 * the repository root's LICENSE for a module in a subdirectory that has none. -1 after
 * reporting a file the zip cannot hold (a malformed path, 'go.mod' in another case, names
 * that differ only in case, more than 500 MiB).
 */
int modzip_files(const struct modzip_src *m, struct strv *files);

/* the h1 hash of the module's content, "h1:..." (go.sum's first line for the version); -1 */
int modzip_hash(const struct modzip_src *m, char h1[MODZIP_H1_SIZE]);
/* the h1 hash of its go.mod (go.sum's "/go.mod" line): the file's, or "module PATH\n" when it
 * has none, as cmd/go synthesizes it; -1 after reporting */
int modzip_gomod_hash(const struct modzip_src *m, char h1[MODZIP_H1_SIZE]);

/* mipsbake modhash REPO REV MODULE VERSION [SUBDIR]: print both hashes as go.sum lines */
int cmd_modhash(int argc, char **argv);

#endif
