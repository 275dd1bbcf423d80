/* fetch.c: git dependencies: resolve revs, fill the cache, keep the lock, check out and patch */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "fetch/checkout.h"
#include "fetch/closest.h"
#include "fetch/fetch.h"
#include "fetch/gitcache.h"
#include "fetch/goimport.h"
#include "fetch/gosum.h"
#include "fetch/lock.h"
#include "fetch/modver.h"
#include "fetch/modzip.h"
#include "fetch/patch.h"
#include "lib/os.h"
#include "lib/tmpdir.h"
#include "lib/banned.h"

/*
 * Policy, per git dependency:
 *  - pinned: the lock has an entry with the manifest's url and rev and no --update names it.
 *    The locked commit is used; the network is touched only when the cache lacks it.
 *  - otherwise the rev is resolved: a full commit id or a tag already in the cache is used as
 *    it is; anything else (a branch, an unknown name, --update) fetches first.
 *  - a tag is immutable: when the cache (after any fetch, by any project sharing it) says a
 *    locked tag points elsewhere than the lock, the server is asked again (once per run, not
 *    under --offline): a tag moved back is used as locked; one still moved is an error naming
 *    both commits. --update DEP accepts the move, saying old -> new, and rewrites the lock.
 *  - patches apply to the commit's root tree, before subdir is taken.
 */

/* one git dependency being fetched */
struct job {
	const struct fetch_opts *o;
	const struct mf_dep *d;
	struct gitcache *cache;
	const struct lock_dep *locked; /* the lock's entry when url and rev still match */
	const struct lock_dep *old;  /* the lock's entry, whatever it says */
	const char *manifest;        /* the manifest's path as given, for messages */
	int update;                  /* --update names it: re-resolve */
	int fetched;                 /* the entry was fetched (or cloned again) in this run */
	char *git;                   /* the repository as written: the manifest's 'git:', a mirror's or
					cmd/go's rule's URL, or a go-import lookup's; NULL: not looked up yet */
	char *url;                   /* what to fetch from: a local path made absolute */
	char *subdir;                /* the import root in the tree: 'subdir:' or the module's directory */
	char *tag;                   /* the tag a module version names, NULL: none (a pseudo-version) */
	char *pseudo;                /* a pseudo-version's commit id prefix, NULL: none */
	struct gosum *sum;           /* go.sum, which a module version's content is checked against */
	int state;                   /* 0 not run, 1 done, -1 failed (and reported) */
	struct cache_entry e;
	struct patch_src *patches;
	size_t npatches;
	git_oid commit, tree;        /* the commit and its root tree */
	int intact;                  /* the entry's refs were found readable, or it was cloned again */
};

void dep_sources_release(struct dep_source *s, size_t n)
{
	for (size_t i = 0; s && i < n; i++) {
		free(s[i].dir);
		free(s[i].commit);
		free(s[i].tree);
		free(s[i].go);
		memset(&s[i], 0, sizeof(s[i]));
	}
}

/* paths */

/* 1 when url names a local directory rather than a URL ("x://..." or scp-like "host:path") */
static int is_local_path(const char *url)
{
	const char *colon = strchr(url, ':');

	return url[0] == '/' || url[0] == '.' || !colon || (strchr(url, '/') && strchr(url, '/') < colon);
}

/* what libgit2 fetches: relative local paths are taken from the manifest's directory */
static char *fetch_url(const struct manifest *m, const char *url)
{
	char *joined, *abs;

	if (!is_local_path(url))
		return xstrdup(url);
	joined = path_join(m->dir, url);
	abs = path_abs(joined);
	free(joined);
	return abs;
}

/* a module version has its own checkout: modules nest, and versions of one may meet */
static char *checkout_dir(const struct fetch_opts *o, const struct mf_dep *d)
{
	if (d->modversion)
		return xasprintf("%s/deps/%s@%s", o->builddir, d->importpath, d->modversion);
	return xasprintf("%s/deps/%s", o->builddir, d->importpath);
}

/* patches */

static void release_patches(struct job *j)
{
	for (size_t i = 0; i < j->npatches; i++)
		free((char *)j->patches[i].shown);
	free(j->patches);
	j->patches = NULL;
	j->npatches = 0;
}

/* digest every patch of d; shown paths are relative to the file that names them */
static int load_patches(struct job *j)
{
	const struct mf_dep *d = j->d;
	int rc = 0;

	j->npatches = d->patches.n;
	j->patches = xcalloc(d->patches.n, sizeof(*j->patches));
	for (size_t i = 0; i < d->patches.n; i++) {
		struct patch_src *p = &j->patches[i];
		char *from = path_dir(d->patch_pos[i].file ? d->patch_pos[i].file : ".");
		char *from_abs = path_abs(from);

		p->path = d->patches.v[i];
		p->pos = &d->patch_pos[i];
		p->shown = d->patch_names && d->patch_names[i] ? xstrdup(d->patch_names[i])
							       : path_relative(from_abs, p->path);
		if (patch_digest(p) < 0)
			rc = -1;
		free(from);
		free(from_abs);
	}
	return rc;
}

/* what the lock records of patch i: a shipped one's name, else its path from lockdir */
static char *patch_locked_as(const struct job *j, size_t i, const char *lockdir)
{
	if (j->d->patch_names && j->d->patch_names[i])
		return xstrdup(j->d->patch_names[i]);
	return path_relative(lockdir, j->patches[i].path);
}

/* the lock entry this dependency would get */
static void lock_entry_of(const struct job *j, const char *lockdir, struct lock_dep *l)
{
	char commit[GIT_OID_HEXSZ + 1], tree[GIT_OID_HEXSZ + 1];

	git_oid_tostr(commit, sizeof(commit), &j->commit);
	git_oid_tostr(tree, sizeof(tree), &j->tree);
	memset(l, 0, sizeof(*l));
	l->importpath = j->d->importpath;
	l->url = j->git;
	l->rev = j->d->rev;
	l->commit = xstrdup(commit);
	l->tree = xstrdup(tree);
	l->npatches = j->npatches;
	l->patches = xcalloc(j->npatches, sizeof(*l->patches));
	for (size_t i = 0; i < j->npatches; i++) {
		l->patches[i].path = patch_locked_as(j, i, lockdir);
		l->patches[i].sha256 = j->patches[i].sha256;
	}
}

/* free what lock_entry_of allocated (the rest is borrowed) */
static void lock_entry_release(struct lock_dep *l)
{
	for (size_t i = 0; i < l->npatches; i++)
		free(l->patches[i].path);
	free(l->patches);
	free(l->commit);
	free(l->tree);
}

/* 1 when the lock's patches are d's, in order, with the same digests */
static int same_patches(const struct job *j, const struct lock_dep *l, const char *lockdir)
{
	int same = l->npatches == j->npatches;

	for (size_t i = 0; same && i < j->npatches; i++) {
		char *rel = patch_locked_as(j, i, lockdir);

		same = !strcmp(rel, l->patches[i].path) && !strcmp(j->patches[i].sha256,
								  l->patches[i].sha256);
		free(rel);
	}
	return same;
}

/* the cache */

static int recover(struct job *j, const char *why);

/* an entry whose refs lead to objects that cannot be read (a truncated pack) resolves to
 * nothing and fails every fetch's negotiation: it is corrupt. Checked once per job; 1 when
 * it was cloned again (and is current), 0 when it is sound, -1 after reporting */
static int ensure_intact(struct job *j)
{
	struct buf why = BUF_INIT;
	int rc = 0;

	if (j->e.repo && !j->intact && !cache_entry_intact(&j->e, &why))
		rc = recover(j, why.data) < 0 ? -1 : 1;
	j->intact = 1;
	buf_release(&why);
	return rc;
}

/* fetch into the entry; one just cloned again needs no fetch */
static int fetch_entry(struct job *j)
{
	int rc = ensure_intact(j);

	if (rc == 0)
		rc = cache_entry_fetch(j->cache, &j->e, j->d->importpath, j->d->rev);
	j->fetched = rc >= 0;
	return rc < 0 ? -1 : 0;
}

static int offline_missing(const struct job *j, const char *what)
{
	return error("dependency '%s': %s is not in the cache '%s' and --offline forbids fetching it",
		     j->d->importpath, what, j->e.dir);
}

/* the tag the rev names, when it is one: a module version's own (NULL for a pseudo-version) */
static const char *tag_of(const struct job *j)
{
	return j->d->modversion ? j->tag : j->d->rev;
}

/* the tag moved from the locked commit to now: accepted under --update, else refused */
static int moved_tag(const struct job *j, const git_oid *locked, const git_oid *now)
{
	char want[GIT_OID_HEXSZ + 1];
	const char *dep = j->d->importpath;

	git_oid_tostr(want, sizeof(want), locked);
	if (j->update) {
		fflush(stdout);
		fprintf(stderr, "%s: %s: tag '%s' moved: %.12s -> %.12s\n", progname, dep, tag_of(j),
			want, git_oid_tostr_s(now));
		return 0;
	}
	/* not a moved tag: a commit nobody has (an edited lock, or rewritten history) */
	if (!cache_has(&j->e, locked))
		return error("dependency '%s': the lock '%s' says commit %s for tag '%s', but '%s' has "
			     "no such commit (the tag is at %s); correct '%s' in the lock, or accept "
			     "the tag with 'mipsbake fetch --update %s %s'", dep, j->o->lock_path, want,
			     tag_of(j), j->url, git_oid_tostr_s(now), dep, j->manifest, dep);
	return error("dependency '%s': tag '%s' now points to %s, but the lock '%s' says %s; if the "
		     "move is expected, accept it with 'mipsbake fetch --update %s %s'", dep, tag_of(j),
		     git_oid_tostr_s(now), j->o->lock_path, want, j->manifest, dep);
}

/* a locked tag must still point at the locked commit, in the cache and so on the server: when
 * the cache says otherwise, the server is asked again (the tag may have been moved back) */
static int check_tag(struct job *j, const git_oid *locked)
{
	git_oid now;

	if (!tag_of(j) || !cache_tag(&j->e, tag_of(j), &now) || git_oid_equal(&now, locked))
		return 0;
	if (!j->fetched && !j->update && !j->o->offline) {
		if (fetch_entry(j) < 0)
			return -1;
		return check_tag(j, locked);
	}
	return moved_tag(j, locked, &now);
}

/* use the locked commit, fetching only when the cache lacks it */
static int use_locked(struct job *j)
{
	const char *dep = j->d->importpath;

	git_oid_fromstr(&j->commit, j->locked->commit);
	if (!cache_has(&j->e, &j->commit)) {
		if (j->o->offline)
			return offline_missing(j, "the locked commit");
		if (fetch_entry(j) < 0)
			return -1;
	}
	if (check_tag(j, &j->commit) < 0)
		return -1;
	if (!cache_has(&j->e, &j->commit))
		return error("dependency '%s': locked commit %s (rev '%s') is missing on '%s'", dep,
			     j->locked->commit, j->d->rev, j->url);
	return 0;
}

/* where the rev is given: the manifest's 'rev:' or go.mod's line, else the dependency */
static const struct pos *rev_pos(const struct job *j)
{
	return j->d->rev_pos.file ? &j->d->rev_pos : &j->d->pos;
}

/* the end of a "no rev" error: the repository's tags nearest to want */
static char *closest_hint(const struct job *j, const char *want, const char *prefix)
{
	struct strv tags = STRV_INIT;
	struct buf b = BUF_INIT;

	cache_tags(&j->e, prefix, &tags);
	closest_tags_hint(&b, want, prefix, &tags);
	strv_release(&tags);
	return buf_detach(&b);
}

/* the rev is nowhere to be found */
static int unknown_rev(const struct job *j)
{
	char *what, *hint;
	int rc;

	if (!j->o->offline) {
		hint = closest_hint(j, j->d->rev, "");
		rc = error_at(rev_pos(j), "dependency '%s': no rev '%s' in '%s'%s", j->d->importpath,
			      j->d->rev, j->url, hint);
		free(hint);
		return rc;
	}
	what = xasprintf("rev '%s'", j->d->rev);
	rc = offline_missing(j, what);
	free(what);
	return rc;
}

/* resolve the manifest's rev to a commit, fetching unless the cache answers for good */
static int resolve(struct job *j)
{
	const char *dep = j->d->importpath;
	enum rev_kind kind;
	git_oid locked;
	int found;

	if (ensure_intact(j) < 0)
		return -1;
	found = cache_resolve(&j->e, dep, j->d->rev, &kind, &j->commit);

	if (found >= 0 && (!found || j->update || kind == REV_BRANCH) && !j->o->offline) {
		if (fetch_entry(j) < 0)
			return -1;
		found = cache_resolve(&j->e, dep, j->d->rev, &kind, &j->commit);
	}
	if (found <= 0)
		return found < 0 ? -1 : unknown_rev(j);
	if (kind != REV_TAG || !j->locked)
		return 0;
	git_oid_fromstr(&locked, j->locked->commit);
	return check_tag(j, &locked);
}

/* a corrupt cache entry: an error under --offline, else cloned again; -1 after reporting */
static int recover(struct job *j, const char *why)
{
	const char *dep = j->d->importpath;

	if (j->o->offline)
		return error("dependency '%s': the cache entry '%s' is corrupt (%s); remove it and "
			     "fetch again without --offline", dep, j->e.dir, why);
	warn("dependency '%s': the cache entry '%s' is corrupt (%s); fetching it again", dep,
	     j->e.dir, why);
	if (cache_entry_reclone(j->cache, &j->e, dep, j->d->rev) < 0)
		return -1;
	j->fetched = 1;
	return 0;
}

/* read the commit (deep: and every object of its tree); a corrupt entry is cloned again */
static int check_objects(struct job *j, int deep)
{
	struct buf why = BUF_INIT;
	int rc = cache_check(&j->e, &j->commit, deep, &j->tree, &why);

	if (rc < 0 && recover(j, why.data) == 0) {
		buf_reset(&why);
		rc = cache_check(&j->e, &j->commit, deep, &j->tree, &why);
		if (rc < 0)
			error("dependency '%s': commit %s is still unusable after fetching '%s' again: %s",
			      j->d->importpath, git_oid_tostr_s(&j->commit), j->url, why.data);
	}
	buf_release(&why);
	return rc;
}

/* the commit's tree must be the locked tree */
static int check_tree(const struct job *j)
{
	char tree[GIT_OID_HEXSZ + 1];

	if (!j->locked || strcmp(git_oid_tostr(tree, sizeof(tree), &j->commit), j->locked->commit))
		return 0;
	git_oid_tostr(tree, sizeof(tree), &j->tree);
	if (!strcmp(tree, j->locked->tree))
		return 0;
	return error("dependency '%s': commit %s has tree %s, but the lock '%s' says %s",
		     j->d->importpath, j->locked->commit, tree, j->o->lock_path, j->locked->tree);
}

/* checkout */

/* what a checkout is made from: a change to any of it makes a new checkout */
static char *stamp_of(const struct job *j)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "mipsbake checkout 1\ncommit %s\n", git_oid_tostr_s(&j->commit));
	buf_printf(&b, "subdir %s\n", j->subdir ? j->subdir : ".");
	for (size_t i = 0; i < j->npatches; i++)
		buf_printf(&b, "patch %s %s\n", j->patches[i].sha256, j->patches[i].path);
	return buf_detach(&b);
}

/* the subdir must be a directory of the tree that is checked out */
static int check_subdir(const struct job *j, const git_oid *tree)
{
	git_tree *t = NULL;
	git_tree_entry *te = NULL;
	int ok;

	if (!j->subdir)
		return 0;
	ok = git_tree_lookup(&t, j->e.repo, tree) == 0 &&
	     git_tree_entry_bypath(&te, t, j->subdir) == 0 &&
	     git_tree_entry_type(te) == GIT_OBJECT_TREE;
	git_tree_entry_free(te);
	git_tree_free(t);
	if (ok)
		return 0;
	return error_at(&j->d->pos, "dependency '%s': subdir '%s' is not a directory in commit %s",
			j->d->importpath, j->subdir, git_oid_tostr_s(&j->commit));
}

static int materialise(struct job *j, const char *dir)
{
	char *stamp = stamp_of(j);
	char *tmp_parent = path_join(j->o->builddir, "deps");
	char commit[GIT_OID_HEXSZ + 1];
	struct checkout co = { j->d->importpath, commit, NULL, NULL, dir, tmp_parent, stamp, j->npatches > 0 };
	git_oid final;
	int rc = 0;

	git_oid_tostr(commit, sizeof(commit), &j->commit);
	if (!checkout_is_current(dir, stamp)) {
		rc = check_objects(j, 1);
		if (rc == 0)
			rc = cache_entry_write_to_memory(&j->e);
		if (rc == 0)
			rc = patch_apply_all(j->e.repo, j->d->importpath, &j->tree, j->patches,
					     j->npatches, &final);
		if (rc == 0)
			rc = check_subdir(j, &final);
		co.repo = j->e.repo;
		co.tree = &final;
		if (rc == 0)
			rc = checkout_tree(&co);
	}
	free(tmp_parent);
	free(stamp);
	return rc;
}

/* module versions */

/* the tag a module version names (none for a pseudo-version); -1 after reporting */
static int module_tag(struct job *j)
{
	struct buf why = BUF_INIT;
	struct modver mv;
	int rc = modver_parse(j->d->modversion, j->d->tagprefix, &mv, &why);

	if (rc < 0)
		error_at(&j->d->pos, "module %s: %s", j->d->modpath, why.data);
	else
		j->tag = mv.tag ? xstrdup(mv.tag) : NULL;
	if (rc == 0 && mv.rev)
		j->pseudo = xstrdup(mv.rev);
	modver_release(&mv);
	buf_release(&why);
	return rc;
}

/* 1 when the cache holds what the version names: its tag, or the pseudo-version's commit */
static int module_cached(const struct job *j)
{
	enum rev_kind kind;
	git_oid id;

	if (!j->e.repo)
		return 0;
	if (j->tag)
		return cache_tag(&j->e, j->tag, &id);
	return cache_resolve(&j->e, j->d->importpath, j->pseudo, &kind, &id) > 0;
}

/* the module version is not in its repository: its tag (with the nearest ones), or commit */
static int unknown_version(const struct job *j)
{
	char *hint = j->tag ? closest_hint(j, j->tag, j->d->tagprefix) : xstrdup("");
	int rc = error_at(rev_pos(j), "module %s@%s: no %s '%s' in '%s'%s", j->d->modpath,
			  j->d->modversion, j->tag ? "tag" : "commit", j->tag ? j->tag : j->pseudo,
			  j->url, hint);

	free(hint);
	return rc;
}

/* the commit a module version names, fetching first unless the cache has it; -1 after reporting */
static int resolve_module(struct job *j)
{
	git_oid locked;

	if (ensure_intact(j) < 0)
		return -1;
	if ((!module_cached(j) || j->update) && !j->o->offline && fetch_entry(j) < 0)
		return -1;
	if (!module_cached(j))
		return j->o->offline ? offline_missing(j, "the module version") : unknown_version(j);
	if (modver_resolve(j->e.repo, j->d->modpath, j->d->modversion, j->d->tagprefix, &j->commit) < 0)
		return -1;
	if (!j->locked || !j->tag)
		return 0;
	git_oid_fromstr(&locked, j->locked->commit);
	return check_tag(j, &locked);
}

/* the module's directory in the tree (the major subdirectory layout found), its go.mod
 * checked, its go line noted; then its content checked against go.sum; -1 after reporting */
static int check_module(struct job *j, struct dep_source *out)
{
	struct modzip_src src = { j->e.repo, &j->tree, NULL, j->d->modpath, j->d->modversion };
	char *dir = NULL;
	int rc = modver_moddir(j->e.repo, &j->tree, j->d->modpath, j->d->modversion, j->d->importpath,
			       j->d->tagprefix, &dir, &out->go);

	if (rc == 0) {
		free(j->subdir);
		j->subdir = *dir ? xstrdup(dir) : NULL;
		src.subdir = dir;
		rc = gosum_verify(j->sum, &src, j->o->update_all || (j->o->update && j->o->update->n),
				  &j->d->pos);
	}
	free(dir);
	return rc;
}

/* one dependency */

/* open the entry when cached; one that cannot be opened is cloned again */
static int open_entry(struct job *j)
{
	struct buf why = BUF_INIT;
	int rc = cache_entry_open(&j->e, &why) < 0 ? recover(j, why.data) : 0;

	buf_release(&why);
	return rc;
}

/* the commit of the rev: the locked one, or resolved (a module version by cmd/go's rules) */
static int find_commit(struct job *j)
{
	if (j->d->modversion && module_tag(j) < 0)
		return -1;
	if (j->locked && !j->update)
		return use_locked(j);
	return j->d->modversion ? resolve_module(j) : resolve(j);
}

static int run_job(struct job *j, struct dep_source *out)
{
	char *dir = checkout_dir(j->o, j->d);
	int rc = open_entry(j);

	if (rc == 0)
		rc = find_commit(j);
	if (rc == 0)
		rc = check_objects(j, 0);
	if (rc == 0)
		rc = check_tree(j);
	if (rc == 0 && j->d->modversion)
		rc = check_module(j, out);
	if (rc == 0)
		rc = materialise(j, dir);
	if (rc == 0) {
		out->dir = j->subdir ? path_join(dir, j->subdir) : xstrdup(dir);
		out->commit = xstrdup(git_oid_tostr_s(&j->commit));
		out->tree = xstrdup(git_oid_tostr_s(&j->tree));
	}
	free(dir);
	return rc;
}

/* 1 when the lock entry still describes d (url, rev and patches); a repository that is found
 * by a go-import lookup is taken from the lock, which records the URL used */
static int still_locked(const struct job *j, const struct lock_dep *l, const char *lockdir)
{
	return l && (!j->git || !strcmp(l->url, j->git)) && !strcmp(l->rev, j->d->rev) &&
	       same_patches(j, l, lockdir);
}

static void job_init(struct job *j, const struct fetch_opts *o, struct gitcache *cache,
		     const struct mf_dep *d, struct gosum *sum)
{
	memset(j, 0, sizeof(*j));
	j->o = o;
	j->d = d;
	j->cache = cache;
	j->sum = sum;
	j->update = o->update_all || (o->update && strv_has(o->update, d->importpath));
	j->git = d->git ? xstrdup(d->git) : NULL;
	j->subdir = d->subdir ? xstrdup(d->subdir) : NULL;
}

/* where the repository is: known, or from the lock, or looked up; names the cache entry */
static int job_locate(struct job *j, const struct manifest *m)
{
	struct goimport g;
	struct buf why = BUF_INIT;

	if (!j->git && j->locked && !j->update)
		j->git = xstrdup(j->locked->url);
	if (!j->git && j->o->offline)
		return error_at(&j->d->pos, "module %s: where its repository is needs a go-import lookup "
				"of 'https://%s?go-get=1', and --offline forbids it", j->d->modpath,
				j->d->modpath);
	if (!j->git) {
		if (goimport_lookup(j->d->modpath, &g, &why) < 0) {
			error_at(&j->d->pos, "module %s: %s", j->d->modpath, why.data);
			buf_release(&why);
			return -1;
		}
		j->git = xstrdup(g.url);
		goimport_release(&g);
		buf_release(&why);
	}
	j->url = fetch_url(m, j->git);
	cache_entry_init(&j->e, j->cache, j->url);
	return 0;
}

static void job_release(struct job *j)
{
	if (j->url)
		cache_entry_release(&j->e);
	release_patches(j);
	free(j->url);
	free(j->git);
	free(j->subdir);
	free(j->tag);
	free(j->pseudo);
}

/* the whole run */

/* what --frozen refuses: every way the lock would change, reported; -1 when any */
static int frozen_check(const struct job *j, const struct lock_dep *l, const char *lockpath)
{
	const char *dep = j->d->importpath;

	if (!l)
		return error("dependency '%s' is not in the lock '%s'", dep, lockpath);
	if (j->git && strcmp(l->url, j->git))
		return error("dependency '%s': the manifest says git '%s', the lock '%s' says '%s'",
			     dep, j->git, lockpath, l->url);
	if (strcmp(l->rev, j->d->rev))
		return error("dependency '%s': the manifest says rev '%s', the lock '%s' says '%s'",
			     dep, j->d->rev, lockpath, l->rev);
	return error("dependency '%s': its patches differ from the lock '%s'", dep, lockpath);
}

/* lock entries of dependencies the manifest no longer has */
static int orphans(const struct manifest *m, const struct lock *old, const char *lockpath)
{
	int rc = 0;

	for (size_t i = 0; i < old->ndeps; i++) {
		size_t k = 0;

		while (k < m->ndeps && (strcmp(m->deps[k].importpath, old->deps[i].importpath) ||
					m->deps[k].path))
			k++;
		if (k == m->ndeps)
			rc = error("the lock '%s' has '%s', which is no git dependency of the manifest",
				   lockpath, old->deps[i].importpath);
	}
	return rc;
}

/* state shared by every dependency of one run */
struct fetch_session {
	const struct manifest *m;
	const struct fetch_opts *o;
	struct dep_source *out;
	struct gitcache cache;
	struct lock old, new;
	struct gosum sum;
	char *lockdir;
	struct job *jobs;            /* one per dependency; unused for path dependencies */
	int git;                     /* libgit2 is initialised */
	int failed;                  /* a dependency failed */
};

/* digest the patches and find the lock's entry; --frozen's refusals of eager ones reported */
static int prepare_job(struct fetch_session *r, struct job *j, int *stale)
{
	const struct lock_dep *l;

	job_init(j, r->o, &r->cache, j->d, &r->sum);
	j->manifest = r->m->path;
	if (load_patches(j) < 0)
		return -1;
	l = lock_find(&r->old, j->d->importpath);
	j->old = l;
	j->locked = still_locked(j, l, r->lockdir) ? l : NULL;
	if (!j->locked && r->o->frozen && !j->d->lazy)
		*stale = frozen_check(j, l, r->o->lock_path);
	return 0;
}

static int prepare(struct fetch_session *r)
{
	int rc = 0, stale = 0;

	r->jobs = xcalloc(r->m->ndeps, sizeof(*r->jobs));
	for (size_t i = 0; i < r->m->ndeps; i++) {
		r->jobs[i].d = &r->m->deps[i];
		if (!r->m->deps[i].path && prepare_job(r, &r->jobs[i], &stale) < 0)
			rc = -1;
	}
	if (r->o->frozen && orphans(r->m, &r->old, r->o->lock_path) < 0)
		stale = 1;
	if (stale)
		note("--frozen forbids changing the lock; run 'mipsbake fetch' without it to update it");
	return rc < 0 || stale ? -1 : 0;
}

int fetch_need(struct fetch_session *r, size_t i)
{
	struct job *j = &r->jobs[i];
	struct lock_dep l;
	int stale = 0;

	if (j->state || r->m->deps[i].path) {
		if (!j->state)
			r->out[i].dir = xstrdup(r->m->deps[i].path);
		j->state = j->state ? j->state : 1;
		return j->state < 0 ? -2 : 0;
	}
	j->state = -1;
	if (!j->locked && r->o->frozen) {
		stale = frozen_check(j, j->old, r->o->lock_path);
		note("--frozen forbids changing the lock; run 'mipsbake fetch' without it to update it");
	}
	if (stale < 0 || job_locate(j, r->m) < 0 || run_job(j, &r->out[i]) < 0) {
		r->failed = 1;
		return -1;
	}
	lock_entry_of(j, r->lockdir, &l);
	lock_put(&r->new, &l);
	lock_entry_release(&l);
	j->state = 1;
	return 0;
}

/* fetch every dependency fetched whether imported or not (all but go.mod's); -1 when one failed */
static int run_eager(struct fetch_session *r)
{
	char *deps = path_join(r->o->builddir, "deps");
	int rc = 0;

	tmpdir_sweep(deps);
	free(deps);
	for (size_t i = 0; i < r->m->ndeps; i++)
		if (!r->m->deps[i].lazy && fetch_need(r, i) < 0)
			rc = -1;
	return rc;
}

/* the lock keeps what it says of dependencies this run did not need, while it still holds */
static void keep_unused(struct fetch_session *r)
{
	for (size_t i = 0; i < r->m->ndeps; i++)
		if (!r->jobs[i].state && r->jobs[i].locked)
			lock_put(&r->new, r->jobs[i].locked);
}

static int save_lock(struct fetch_session *r)
{
	keep_unused(r);
	if (!r->new.ndeps && !fs_exists(r->o->lock_path))
		return 0;
	if (r->o->frozen)
		return 0;
	return lock_write(r->o->lock_path, &r->new) < 0 ? -1 : 0;
}

/* options that cannot work together, names --update does not know, checkouts that would nest */
static int check_opts(const struct manifest *m, const struct fetch_opts *o)
{
	int rc = 0;

	if (o->frozen && (o->update_all || (o->update && o->update->n)))
		rc = error("--frozen and --update cannot be used together");
	for (size_t i = 0; o->update && i < o->update->n; i++) {
		size_t k = 0;

		while (k < m->ndeps && (strcmp(m->deps[k].importpath, o->update->v[i]) || m->deps[k].path))
			k++;
		if (k == m->ndeps)
			rc = error("--update: '%s' is not a git dependency of '%s'", o->update->v[i], m->path);
	}
	for (size_t i = 0; i < m->ndeps; i++)
		for (size_t k = 0; k < m->ndeps; k++) {
			const struct mf_dep *a = &m->deps[i], *b = &m->deps[k];
			size_t n = strlen(a->importpath);

			/* a module version's checkout is <module>@<version>: nothing lies inside it */
			if (i != k && !a->path && !b->path && !a->modversion &&
			    !strncmp(b->importpath, a->importpath, n) && b->importpath[n] == '/')
				rc = error_at(&b->pos, "dependency '%s' lies inside git dependency "
					      "'%s'; their checkouts cannot nest", b->importpath,
					      a->importpath);
		}
	return rc;
}

static int needs_git(const struct manifest *m)
{
	for (size_t i = 0; i < m->ndeps; i++)
		if (!m->deps[i].path)
			return 1;
	return 0;
}

/* go.sum, when a module version may be fetched */
static int load_sum(struct fetch_session *r)
{
	for (size_t i = 0; i < r->m->ndeps; i++)
		if (r->m->deps[i].modversion)
			return gosum_load(&r->sum, r->m->gosum, r->m->gosum_shown);
	return 0;
}

static void session_free(struct fetch_session *r)
{
	for (size_t i = 0; r->jobs && i < r->m->ndeps; i++)
		if (!r->m->deps[i].path)
			job_release(&r->jobs[i]);
	free(r->jobs);
	lock_release(&r->old);
	lock_release(&r->new);
	gosum_release(&r->sum);
	gitcache_release(&r->cache);
	free(r->lockdir);
	if (r->git)
		git_libgit2_shutdown();
	free(r);
}

struct fetch_session *fetch_begin(const struct manifest *m, const struct fetch_opts *o,
				  struct dep_source *out)
{
	struct fetch_session *r = xcalloc(1, sizeof(*r));
	int rc;

	r->m = m;
	r->o = o;
	r->out = out;
	memset(out, 0, m->ndeps * sizeof(*out));
	if (check_opts(m, o) < 0) {
		free(r);
		return NULL;
	}
	r->lockdir = path_dir(o->lock_path);
	/* libgit2's setup reads the system's certificates: a tenth of a generation's time */
	r->git = needs_git(m);
	if (r->git)
		git_libgit2_init();
	rc = lock_load(o->lock_path, &r->old);
	if (rc == 0 && r->git)
		rc = gitcache_init(&r->cache, o->cache_dir, o->progress && isatty(2));
	if (rc == 0)
		rc = load_sum(r);
	if (rc == 0)
		rc = prepare(r);
	if (rc == 0)
		rc = run_eager(r);
	if (rc < 0) {
		session_free(r);
		dep_sources_release(out, m->ndeps);
		return NULL;
	}
	return r;
}

int fetch_end(struct fetch_session *r, int ok)
{
	int rc = ok && !r->failed ? 0 : -1;

	if (rc == 0)
		rc = save_lock(r);
	if (rc == 0 && gosum_write(&r->sum) < 0)
		rc = -1;
	session_free(r);
	return rc;
}

/* mipsbake deps */

/* the commit column and whether the cache holds what a build needs */
static void list_state(const struct mf_dep *d, const struct lock_dep *l, const char *git,
		       struct cache_entry *e, const char **commit, const char **cached)
{
	int current = l && !strcmp(l->url, git) && !strcmp(l->rev, d->rev);
	struct buf why = BUF_INIT;
	int in_cache = cache_entry_open(e, &why);
	enum rev_kind kind;
	git_oid id;

	*commit = current ? l->commit : l ? "(stale lock)" : "(not locked)";
	if (in_cache > 0 && current)
		in_cache = git_oid_fromstr(&id, l->commit) == 0 && cache_has(e, &id);
	else if (in_cache > 0)
		in_cache = cache_resolve(e, d->importpath, d->rev, &kind, &id) > 0;
	*cached = in_cache < 0 ? "corrupt" : in_cache ? "yes" : "no";
	buf_release(&why);
}

static void list_row(const struct manifest *m, const struct mf_dep *d, const struct lock *l,
		     struct gitcache *c, int w)
{
	const struct lock_dep *ld = lock_find(l, d->importpath);
	const char *git = d->git ? d->git : ld && !strcmp(ld->rev, d->rev) ? ld->url : NULL;
	struct cache_entry e;
	const char *commit = "(not locked)", *cached = "no";
	char *url, *rel;

	if (d->path) {
		rel = path_relative(m->dir, d->path);
		printf("%-*s  path:%s\n", w, d->importpath, rel);
		free(rel);
		return;
	}
	if (git) {
		url = fetch_url(m, git);
		cache_entry_init(&e, c, url);
		list_state(d, ld, git, &e, &commit, &cached);
		cache_entry_release(&e);
		free(url);
	}
	printf("%-*s  %-12s  %-40s  %-6s  %s\n", w, d->importpath, d->rev, commit, cached,
	       git ? git : "(go-import lookup)");
}

int fetch_list(const struct manifest *m, const struct fetch_opts *o)
{
	struct gitcache c = { NULL, 0 };
	struct lock l = LOCK_INIT;
	char *top;
	int w = 10;

	git_libgit2_init();
	top = gitcache_dir(o->cache_dir);
	if (!top || lock_load(o->lock_path, &l) < 0) {
		free(top);
		git_libgit2_shutdown();
		return -1;
	}
	c.root = path_join(top, "git");
	for (size_t i = 0; i < m->ndeps; i++)
		if ((int)strlen(m->deps[i].importpath) > w)
			w = (int)strlen(m->deps[i].importpath);
	printf("%-*s  %-12s  %-40s  %-6s  %s\n", w, "dependency", "rev", "commit", "cached", "url");
	for (size_t i = 0; i < m->ndeps; i++)
		list_row(m, &m->deps[i], &l, &c, w);
	gitcache_release(&c);
	lock_release(&l);
	free(top);
	git_libgit2_shutdown();
	return 0;
}
