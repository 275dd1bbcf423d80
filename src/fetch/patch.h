/* patch.h: dependency patches: their digests, and applying them to a git tree with libgit2 */
#ifndef MIPSBAKE_PATCH_H
#define MIPSBAKE_PATCH_H

#include <git2.h>

#include "lib/util.h"

/* one patch of a dependency, in the order it is applied */
struct patch_src {
	const char *path;        /* absolute path of the patch file */
	const char *shown;       /* the path as the user wrote it, for messages and the lock */
	const struct pos *pos;   /* where the manifest names it */
	char sha256[65];         /* filled by patch_digest */
};

/* SHA-256 of the file p->path into p->sha256; -1 after reporting */
int patch_digest(struct patch_src *p);

/*
 * Apply patches p[0..n) in order to tree (paths relative to the repository's top), writing the
 * patched blobs and trees into repo's object database, and set *out to the final tree.
 * A patch that does not apply is reported at its manifest position, naming the file and
 * the hunk. Returns 0, or -1 after reporting.
 */
int patch_apply_all(git_repository *repo, const char *dep, const git_oid *tree,
		    const struct patch_src *p, size_t n, git_oid *out);

#endif
