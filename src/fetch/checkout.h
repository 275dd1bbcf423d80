/* checkout.h: materialise a git tree into a directory, safely and atomically */
#ifndef MIPSBAKE_CHECKOUT_H
#define MIPSBAKE_CHECKOUT_H

#include <git2.h>

/* the stamp file inside every checkout; the tree may not hold an entry of that name */
#define CHECKOUT_STAMP ".mipsbake-stamp"

/* a tree to write into a directory */
struct checkout {
	const char *dep;         /* the dependency's import path, for messages */
	const char *commit;      /* the commit the tree comes from, for messages */
	git_repository *repo;    /* holds the tree's objects */
	const git_oid *tree;     /* what to write */
	const char *dir;         /* the destination, replaced as a whole */
	const char *tmp_parent;  /* where the temporary directory goes, on dir's file system */
	const char *stamp;       /* what the tree was made from: lines, none starting with "tree " */
	int patched;             /* the tree is the commit's with patches applied (for messages) */
};

/* 1 when dir holds a complete checkout made from stamp (its stamp file is stamp + "tree ID\n") */
int checkout_is_current(const char *dir, const char *stamp);

/*
 * Write the tree into a temporary directory, refusing submodules, entries whose path would
 * escape it, and symlinks that lead outside it, nowhere or into a loop (resolved against the
 * tree itself, component by component, as the final checkout will resolve them); hash what
 * landed on disk back into a tree and compare its id with co->tree; then write the stamp and
 * rename the directory into place.
 * Returns 0, or -1 after reporting.
 */
int checkout_tree(const struct checkout *co);

#endif
