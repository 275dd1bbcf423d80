/* gitcache.h: the shared cache of bare git repositories, one per URL, filled with libgit2 */
#ifndef MIPSBAKE_GITCACHE_H
#define MIPSBAKE_GITCACHE_H

#include <git2.h>

#include "lib/util.h"

/* the cache: where it lives and how fetches report progress */
struct gitcache {
	char *root;              /* absolute "<cache dir>/git" */
	int progress;            /* 1: a progress line on the terminal while fetching */
};

/* one cached repository: a bare mirror of the branches and tags of a URL */
struct cache_entry {
	char *url;               /* what libgit2 fetches from */
	char *dir;               /* "<root>/<readable name>-<sha256 prefix>.git" */
	git_repository *repo;    /* the open repository, NULL while it is not in the cache */
};

/* what a rev named */
enum rev_kind { REV_NONE, REV_TAG, REV_BRANCH, REV_COMMIT };

/* the cache directory: dir, else $MIPSBAKE_CACHE, $XDG_CACHE_HOME/mipsbake, $HOME/.cache/mipsbake */
char *gitcache_dir(const char *dir);
/* create the cache's git directory and sweep what interrupted runs left; -1 after reporting */
int gitcache_init(struct gitcache *c, const char *dir, int progress);
void gitcache_release(struct gitcache *c);

/* name the entry for url (nothing is opened yet) */
void cache_entry_init(struct cache_entry *e, const struct gitcache *c, const char *url);
/* open the entry when it is in the cache: 1 opened, 0 absent, -1 (why NULL: reported, else why) */
int cache_entry_open(struct cache_entry *e, struct buf *why);
/*
 * Fetch every branch and tag of the URL into the entry. A new entry is cloned into a
 * temporary directory and renamed into place; an existing one gets objects before refs, as
 * git does, under an exclusive flock() of "<dir>.flock" (which also makes ref locks left by a
 * killed run safe to remove). Prints "fetch DEP REV from URL" (and progress on a terminal).
 * -1 after reporting.
 */
int cache_entry_fetch(const struct gitcache *c, struct cache_entry *e, const char *dep,
		      const char *rev);
/* replace a corrupt entry by a fresh clone, atomically; -1 after reporting */
int cache_entry_reclone(const struct gitcache *c, struct cache_entry *e, const char *dep,
			const char *rev);
void cache_entry_release(struct cache_entry *e);

/* resolve rev (full commit id, tag, branch, short commit id) in the entry: 1 found, 0 not, -1 */
int cache_resolve(const struct cache_entry *e, const char *dep, const char *rev,
		  enum rev_kind *kind, git_oid *commit);
/* 1 when refs/tags/<tag> exists in the entry, with the commit it peels to in *commit */
int cache_tag(const struct cache_entry *e, const char *tag, git_oid *commit);
/* append the entry's tags that start with prefix ("" every one) to out, sorted */
void cache_tags(const struct cache_entry *e, const char *prefix, struct strv *out);
/* 1 when every reference of the entry leads to an object that can be read (a truncated
 * pack fails here, and would make every fetch fail); else 0, the first failure in why */
int cache_entry_intact(const struct cache_entry *e, struct buf *why);
/* 1 when the entry holds an object with this id */
int cache_has(const struct cache_entry *e, const git_oid *id);
/*
 * Read the commit and, when deep, every object of its tree, checking each object's hash.
 * Sets *tree to the commit's tree. 0 when sound; -1 with the reason in why (nothing reported).
 */
int cache_check(const struct cache_entry *e, const git_oid *commit, int deep, git_oid *tree,
		struct buf *why);

/* from now on, objects written through the entry (patched blobs and trees) stay in memory */
int cache_entry_write_to_memory(struct cache_entry *e);

/* the message of libgit2's last error */
const char *libgit2_message(void);

#endif
