/* fetch.h: git dependencies: resolve revs, fill the cache, keep the lock, check out and patch */
#ifndef MIPSBAKE_FETCH_H
#define MIPSBAKE_FETCH_H

#include <stddef.h>

#include "lib/util.h"
#include "manifest/manifest.h"

/* how fetch_deps may go about it */
struct fetch_opts {
	const char *cache_dir;   /* NULL: $MIPSBAKE_CACHE, else $XDG_CACHE_HOME/mipsbake, else $HOME/.cache/mipsbake */
	const char *builddir;    /* absolute build dir; checkouts under <builddir>/deps/<importpath> */
	const char *lock_path;   /* absolute lock file path (manifest "x.yaml" -> "x.lock" beside it) */
	int offline;             /* never touch the network */
	int frozen;              /* fail if the lock would change */
	int update_all;          /* --update with no names */
	const struct strv *update; /* --update DEP...: re-resolve these; may be NULL */
	int progress;            /* 1: terminal progress via libgit2 transfer callback; 0: one line per dependency */
};

/* where one dependency's source is; one per m->deps[i], same index */
struct dep_source {
	char *dir;               /* absolute source root for the dependency's import path: checkout (+ subdir), or the path: dir */
	char *commit, *tree;     /* hex ids for git deps (the locked commit and its root tree), NULL for path deps */
};

/*
 * Resolve, fetch, lock, check out and patch every dependency of m, filling out[0..m->ndeps).
 * Revs resolve through the lock when it pins them; the lock is rewritten (atomically, only
 * when its bytes change) unless o->frozen. Returns 0, or -1 after reporting every problem.
 */
int fetch_deps(const struct manifest *m, const struct fetch_opts *o, struct dep_source *out);
/* free what s[0..n) own */
void dep_sources_release(struct dep_source *s, size_t n);
/* print `mipsbake deps` output: each dependency, its rev, locked commit, cached yes/no; never fetches */
int fetch_list(const struct manifest *m, const struct fetch_opts *o);

#endif
