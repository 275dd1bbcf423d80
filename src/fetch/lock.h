/* lock.h: the lock file beside the manifest, pinning each git dependency to a commit */
#ifndef MIPSBAKE_LOCK_H
#define MIPSBAKE_LOCK_H

#include <stddef.h>

#include "lib/util.h"

/* a patch applied to a locked dependency: its path (relative to the lock's directory) and digest */
struct lock_patch {
	char *path;
	char *sha256;            /* 64 lowercase hex digits of the file's bytes */
};

/* one locked git dependency */
struct lock_dep {
	char *importpath;
	char *url;               /* the manifest's 'git:' as written */
	char *rev;               /* the manifest's 'rev:' as written */
	char *commit;            /* 40 hex digits: what rev resolved to */
	char *tree;              /* 40 hex digits: the commit's root tree */
	struct lock_patch *patches;
	size_t npatches;
};

/* a lock file's contents; deps are kept sorted by import path */
struct lock {
	struct lock_dep *deps;
	size_t ndeps;
};
#define LOCK_INIT { NULL, 0 }

/* read path into l (empty when path does not exist); -1 after reporting "path:line:col: error: ..." */
int lock_load(const char *path, struct lock *l);
/* the same for a lock's text (positions name path); the fuzzer's entry point */
int lock_parse(const char *path, const struct buf *text, struct lock *l);
/* free everything l owns and leave it empty */
void lock_release(struct lock *l);
/* the entry for importpath, NULL when none */
const struct lock_dep *lock_find(const struct lock *l, const char *importpath);
/* add a copy of d, replacing any entry with the same import path, keeping l sorted */
void lock_put(struct lock *l, const struct lock_dep *d);
/* free what d owns */
void lock_dep_release(struct lock_dep *d);
/* 1 when a and b hold the same values */
int lock_dep_equal(const struct lock_dep *a, const struct lock_dep *b);
struct yout;
/* d's url, rev, commit, tree and patches, as pairs of the mapping open in y (the lock file's
 * layout; the provenance record uses it too) */
void lock_emit_fields(struct yout *y, const struct lock_dep *d);
/* the lock as stable YAML: sorted, fixed layout, byte-identical for equal locks */
void lock_render(const struct lock *l, struct buf *out);
/* render l and write it to path atomically when its bytes differ; 1 written, 0 unchanged, -1 */
int lock_write(const char *path, const struct lock *l);

#endif
