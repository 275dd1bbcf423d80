/* mvs.c: minimal version selection over dependencies' go.mod files (unpruned graphs) */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "fetch/gitcache.h"
#include "fetch/goimport.h"
#include "fetch/gomod.h"
#include "fetch/modsrc.h"
#include "fetch/modules.h"
#include "fetch/modver.h"
#include "fetch/mvs.h"
#include "lib/map.h"
#include "lib/os.h"
#include "lib/banned.h"

/* one run of the selection */
struct mvs {
	struct manifest *m;
	const struct fetch_opts *o;
	struct gomod main;           /* the main go.mod, read again for its replacements */
	struct gitcache cache;
	struct strmap entries;       /* URL -> struct cache_entry *, fetched at most once a run */
	struct strmap fetched;       /* URL -> 1 once fetched */
	struct strmap seen;          /* "path@version" visited */
	struct strmap selected;      /* path -> version (owned) */
	struct strv queue;           /* "path version" still to visit */
};

int mvs_needed(const struct manifest *m)
{
	return m->gomod && !m->vendor && (!m->go || go_version_less(m->go, "1.17"));
}

/* the requirement path@version: into the queue unless it was visited; the highest kept */
static void visit(struct mvs *s, const char *path, const char *version)
{
	char *key = xasprintf("%s@%s", path, version);
	char *have = strmap_get(&s->selected, path);

	if (!strmap_get(&s->seen, key)) {
		strmap_put(&s->seen, key, (void *)1);
		strv_pushf(&s->queue, "%s %s", path, version);
	}
	if (!have || gomod_semver_compare(version, have) > 0) {
		free(have);
		strmap_put(&s->selected, path, xstrdup(version));
	}
	free(key);
}

/* the cache entry of url, opened, fetched once when it lacks what is wanted; NULL after reporting */
static struct cache_entry *entry_for(struct mvs *s, const char *url, const char *path,
				     const char *version, const char *tag)
{
	struct cache_entry *e = strmap_get(&s->entries, url);
	git_oid id;

	if (!e) {
		e = xcalloc(1, sizeof(*e));
		cache_entry_init(e, &s->cache, url);
		strmap_put(&s->entries, url, e);
		if (cache_entry_open(e, NULL) < 0)
			return NULL;
	}
	if ((!e->repo || (tag && !cache_tag(e, tag, &id))) && !strmap_get(&s->fetched, url)) {
		if (s->o->offline && !e->repo) {
			error("module %s@%s: its repository '%s' is not in the cache, and --offline forbids "
			      "fetching it", path, version, url);
			return NULL;
		}
		strmap_put(&s->fetched, url, (void *)1);
		if (!s->o->offline && cache_entry_fetch(&s->cache, e, path, version) < 0)
			return NULL;
	}
	return e;
}

/* where path's repository is (a go-import lookup for a host no rule knows) */
static int locate(struct mvs *s, const char *path, struct modsrc *src)
{
	struct buf why = BUF_INIT;
	struct goimport g;
	int rc = modsrc_find(path, &s->m->mirrors, src, &why);

	if (rc == 0 && !src->known && !src->mirrored) {
		if (s->o->offline)
			rc = error("module %s: where its repository is needs a go-import lookup, and "
				   "--offline forbids it", path);
		else if ((rc = goimport_lookup(path, &g, &why)) == 0) {
			free(src->url);
			src->url = xstrdup(g.url);
			goimport_release(&g);
		}
	}
	if (rc < 0 && why.len)
		error("module %s: %s", path, why.data);
	buf_release(&why);
	return rc;
}

/* the go.mod of module path at version in its repository; 0 none, 1 read, -1 after reporting */
static int repo_gomod(struct mvs *s, const char *required, const char *path, const char *version,
		      struct gomod *gm)
{
	struct modsrc src;
	struct buf why = BUF_INIT;
	struct modver mv;
	char *prefix = NULL, *dir = NULL, *go = NULL, *shown = xasprintf("%s@%s/go.mod", path, version);
	struct cache_entry *e;
	git_commit *c = NULL;
	git_oid commit;
	int rc = locate(s, path, &src);

	if (rc == 0) {
		prefix = *src.subdir ? xasprintf("%s/", src.subdir) : xstrdup("");
		rc = modver_parse(version, prefix, &mv, &why) < 0 ? error("module %s: %s", path, why.data) : 0;
	}
	if (rc == 0) {
		e = entry_for(s, src.url, path, version, mv.tag);
		rc = !e || !e->repo ? -1 : modver_resolve(e->repo, path, version, prefix, &commit);
		if (rc == 0 && git_commit_lookup(&c, e->repo, &commit) < 0)
			rc = error("module %s@%s: %s", path, version, libgit2_message());
		if (rc == 0 && (rc = modver_moddir(e->repo, git_commit_tree_id(c), path, version, required,
						   prefix, &dir, &go)) == 0)
			rc = modver_gomod(e->repo, git_commit_tree_id(c), dir, shown, gm);
		modver_release(&mv);
	}
	git_commit_free(c);
	modsrc_release(&src);
	buf_release(&why);
	free(prefix);
	free(dir);
	free(go);
	free(shown);
	return rc;
}

/* visit what path@version requires: its go.mod's (or its replacement's) requirements, but
 * those main excludes (cmd/go ignores a requirement of an excluded version) */
static int expand(struct mvs *s, const char *path, const char *version)
{
	const struct gomod_replace *rep = modules_replacement(&s->main, path, version);
	struct gomod gm;
	int rc;

	memset(&gm, 0, sizeof(gm));
	if (rep && !rep->new.version) {
		char *dir = path_join(s->m->dir, rep->new.path);

		rc = modules_dir_gomod(dir, &gm);
		free(dir);
	} else {
		rc = repo_gomod(s, path, rep ? rep->new.path : path, rep ? rep->new.version : version, &gm);
	}
	for (size_t i = 0; rc > 0 && i < gm.nrequire; i++) {
		const struct gomod_version *r = &gm.require[i].mod;

		if (!modules_excluded(&s->main, r->path, r->version))
			visit(s, r->path, r->version);
	}
	gomod_release(&gm);
	return rc < 0 ? -1 : 0;
}

/* the selection made the dependencies of m: versions raised, new modules added */
static int apply(struct mvs *s)
{
	int rc = 0;

	for (size_t i = 0; i < s->selected.cap; i++) {
		const char *path = s->selected.keys[i], *v = s->selected.vals[i];
		struct mf_dep *d = NULL;

		for (size_t k = 0; path && !d && k < s->m->ndeps; k++)
			if (!strcmp(s->m->deps[k].importpath, path))
				d = &s->m->deps[k];
		if (!path || (d && (!d->from_gomod || !d->modversion ||
				    modules_replacement(&s->main, path, v) ||
				    gomod_semver_compare(v, d->modversion) <= 0)))
			continue;
		if (d) {
			free(d->modversion);
			free(d->rev);
			d->modversion = xstrdup(v);
			d->rev = xstrdup(v);
		} else {
			struct gomod_require r = { { (char *)path, (char *)v }, 1, s->main.module_pos };

			if (modules_require(s->m, &s->main, &r) < 0)
				rc = -1;
		}
	}
	return rc;
}

static void mvs_release(struct mvs *s)
{
	for (size_t i = 0; i < s->entries.cap; i++)
		if (s->entries.keys[i]) {
			cache_entry_release(s->entries.vals[i]);
			free(s->entries.vals[i]);
		}
	for (size_t i = 0; i < s->selected.cap; i++)
		if (s->selected.keys[i])
			free(s->selected.vals[i]);
	strmap_release(&s->entries);
	strmap_release(&s->fetched);
	strmap_release(&s->seen);
	strmap_release(&s->selected);
	strv_release(&s->queue);
	gitcache_release(&s->cache);
	gomod_release(&s->main);
}

int mvs_select(struct manifest *m, const struct fetch_opts *o)
{
	struct mvs s;
	int rc;

	if (!mvs_needed(m))
		return 0;
	memset(&s, 0, sizeof(s));
	s.m = m;
	s.o = o;
	git_libgit2_init();
	rc = gomod_load(m->gomod_shown, &s.main);
	if (rc == 0)
		rc = gitcache_init(&s.cache, o->cache_dir, o->progress);
	for (size_t i = 0; rc == 0 && i < s.main.nrequire; i++)
		visit(&s, s.main.require[i].mod.path, s.main.require[i].mod.version);
	for (size_t i = 0; rc == 0 && i < s.queue.n; i++) {
		char *sp = strchr(s.queue.v[i], ' ');
		char *path = xstrndup(s.queue.v[i], (size_t)(sp - s.queue.v[i]));

		rc = expand(&s, path, sp + 1);
		free(path);
	}
	if (rc == 0)
		rc = apply(&s);
	mvs_release(&s);
	git_libgit2_shutdown();
	return rc;
}
