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
	char *dir;               /* absolute source root for the dependency's import path: checkout
				    (+ subdir or module directory), or the path: dir; NULL: not fetched */
	char *commit, *tree;     /* hex ids for git deps (the locked commit and its root tree), NULL for path deps */
	char *go;                /* a module version's go line ("1.N"), NULL: none */
};

/* one run's fetching: the lock, the cache, go.sum and what has been fetched so far */
struct fetch_session;

/*
 * Start fetching the dependencies of m into out[0..m->ndeps) (zeroed first): every one but
 * go.mod's lazy ones is resolved, fetched, checked out and patched now. Revs resolve through
 * the lock when it pins them; module versions by cmd/go's rules, their content checked
 * against go.sum. NULL after reporting every problem (out released).
 */
struct fetch_session *fetch_begin(const struct manifest *m, const struct fetch_opts *o,
				  struct dep_source *out);
/* make sure dependency i is fetched (once): 0; -1 after reporting why not; -2 when that was
 * reported before */
int fetch_need(struct fetch_session *s, size_t i);
/*
 * End the session: when ok and nothing failed, the lock is rewritten (atomically, only when
 * its bytes change, keeping what it says of dependencies not needed this run) unless
 * o->frozen, and go.sum gets the lines --update added. Frees s; 0, or -1.
 */
int fetch_end(struct fetch_session *s, int ok);
/* free what s[0..n) own */
void dep_sources_release(struct dep_source *s, size_t n);
/* print `mipsbake deps` output: each dependency, its rev, locked commit, cached yes/no and
 * repository URL; never fetches */
int fetch_list(const struct manifest *m, const struct fetch_opts *o);

#endif
