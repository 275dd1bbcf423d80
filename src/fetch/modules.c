/* modules.c: a module root's go.mod made into the manifest's dependencies */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "fetch/gomod.h"
#include "fetch/modsrc.h"
#include "fetch/modules.h"
#include "fetch/vendor.h"
#include "lib/os.h"
#include "lib/banned.h"

int go_version_less(const char *a, const char *b)
{
	for (int part = 0; part < 3; part++) {
		long x = strtol(a, (char **)&a, 10), y = strtol(b, (char **)&b, 10);

		if (x != y)
			return x < y;
		a += *a == '.';
		b += *b == '.';
	}
	return 0;
}

/* the manifest's entry for module path, NULL when it has none */
static struct mf_dep *dep_named(struct manifest *m, const char *path)
{
	for (size_t i = 0; i < m->ndeps; i++)
		if (!strcmp(m->deps[i].importpath, path))
			return &m->deps[i];
	return NULL;
}

/* what an entry that go.mod does not complete lacks; -1 after reporting */
static int check_partial(const struct mf_dep *d, int have_gomod)
{
	const char *why = have_gomod ? "; go.mod does not require it" : "";

	if (!d->partial || d->from_gomod)
		return 0;
	if (!d->git)
		return error_at(&d->pos, "missing 'path' or 'git' in dependency '%s'%s", d->importpath, why);
	return error_at(&d->pos, "missing required key 'rev' in dependency '%s'; expected the tag, "
			"branch or commit to build%s", d->importpath, why);
}

const struct gomod_replace *modules_replacement(const struct gomod *gm, const char *path,
						const char *version)
{
	const struct gomod_replace *any = NULL;

	for (size_t i = 0; i < gm->nreplace; i++) {
		const struct gomod_replace *r = &gm->replace[i];

		if (strcmp(r->old.path, path))
			continue;
		if (r->old.version && !strcmp(r->old.version, version))
			return r;
		if (!r->old.version)
			any = r;
	}
	return any;
}

int modules_excluded(const struct gomod *gm, const char *path, const char *version)
{
	for (size_t i = 0; i < gm->nexclude; i++)
		if (!strcmp(gm->exclude[i].path, path) && !strcmp(gm->exclude[i].version, version))
			return 1;
	return 0;
}

/* the entry for a required module: the manifest's own, or a new one */
static struct mf_dep *entry_for(struct manifest *m, const struct gomod_require *r)
{
	struct mf_dep *d = dep_named(m, r->mod.path);

	if (d)
		return d;
	m->deps = xappend(m->deps, m->ndeps, sizeof(*d));
	d = memset(&m->deps[m->ndeps++], 0, sizeof(*d));
	d->importpath = xstrdup(r->mod.path);
	d->pos = r->pos;
	d->partial = 1;
	return d;
}

/* the go line of a replacement directory's go.mod, the language version of its packages */
int modules_dir_gomod(const char *dir, struct gomod *gm)
{
	char *path = path_join(dir, "go.mod");
	struct buf b = BUF_INIT;
	int rc = 0;

	if (fs_exists(path) && (rc = fs_read_regular(path, "go.mod", FS_INPUT_MAX, &b)) == 0)
		rc = gomod_parse_lax(path, buf_str(&b), b.len, gm) < 0 ? -1 : 1;
	buf_release(&b);
	free(path);
	return rc;
}

static int dir_go_line(struct mf_dep *d)
{
	struct gomod gm;
	int rc = modules_dir_gomod(d->path, &gm);

	if (rc > 0) {
		d->gover = gm.go ? xstrdup(gm.go) : NULL;
		gomod_release(&gm);
	}
	return rc < 0 ? -1 : 0;
}

/* a replacement directory: a 'path:' dependency, unless the manifest says otherwise */
static int use_directory(struct manifest *m, struct mf_dep *d, const struct gomod_replace *rep)
{
	char *joined;

	if (!d->partial)
		return 0;
	if (d->patches.n)
		return error_at(&d->patch_pos[0], "dependency '%s': 'patches' apply to git sources, but "
				"go.mod replaces the module with the directory '%s'", d->importpath,
				rep->new.path);
	joined = path_join(m->dir, rep->new.path);
	d->path = path_abs(joined);
	free(joined);
	if (!fs_is_dir(d->path))
		return error_at(&rep->pos, "replacement directory '%s' of module '%s' does not exist",
				rep->new.path, d->importpath);
	return 0;
}

/* a go.mod version: where its repository is, and how its version is resolved */
static int use_version(struct manifest *m, struct mf_dep *d, const struct gomod_version *src,
		       const struct pos *at)
{
	struct buf why = BUF_INIT;
	struct modsrc s;

	if (!d->partial)
		return 0;
	if (modsrc_find(src->path, &m->mirrors, &s, &why) < 0) {
		error_at(at, "module '%s': %s", src->path, why.data);
		buf_release(&why);
		return -1;
	}
	d->lazy = 1;
	d->modpath = xstrdup(src->path);
	if (!d->git && (s.known || s.mirrored))
		d->git = xstrdup(s.url);
	if (d->rev) {
		/* a git rev of the manifest's: no module version, so nothing go.sum can vouch for */
		if (!d->subdir && *s.subdir)
			d->subdir = xstrdup(s.subdir);
	} else {
		d->modversion = xstrdup(src->version);
		d->rev = xstrdup(src->version);
		d->rev_pos = *at;
		d->tagprefix = *s.subdir ? xasprintf("%s/", s.subdir) : xstrdup("");
	}
	modsrc_release(&s);
	return 0;
}

int modules_require(struct manifest *m, const struct gomod *gm, const struct gomod_require *r)
{
	const struct gomod_replace *rep = modules_replacement(gm, r->mod.path, r->mod.version);
	struct mf_dep *d;

	if (modules_excluded(gm, r->mod.path, r->mod.version))
		return error_at(&r->pos, "go.mod requires %s %s, which it also excludes", r->mod.path,
				r->mod.version);
	d = entry_for(m, r);
	d->from_gomod = 1;
	if (rep && !rep->new.version)
		return use_directory(m, d, rep);
	return use_version(m, d, rep ? &rep->new : &r->mod, rep ? &rep->pos : &r->pos);
}

/* 'module:' and go.mod's module line must agree; without 'module:', go.mod names it */
static int check_module(struct manifest *m, const struct gomod *gm, const char *shown)
{
	struct pos top = { shown, 1, 1 };

	if (!gm->module)
		return error_at(&top, "go.mod has no module line");
	if (!m->module) {
		m->module = xstrdup(gm->module);
		m->module_pos = gm->module_pos;
		return 0;
	}
	if (!strcmp(m->module, gm->module))
		return 0;
	error_at(&m->module_pos, "module '%s' disagrees with go.mod, which says '%s'", m->module,
		 gm->module);
	note_at(&gm->module_pos, "go.mod's module line is here");
	return -1;
}

/* the go.mod beside the manifest, shown as the manifest is */
static char *shown_gomod(const struct manifest *m, const char *name)
{
	char *dir = path_dir(m->path);
	char *p = strcmp(dir, ".") ? path_join(dir, name) : xstrdup(name);

	free(dir);
	return p;
}

/* read go.mod and its go.sum's name; the files go into the list a regeneration watches */
static int load_gomod(struct manifest *m, struct gomod *gm)
{
	char *shown = shown_gomod(m, "go.mod");

	strv_push_owned(&m->files, shown);
	m->gomod_shown = shown;
	strv_push(&m->abs_files, m->gomod);
	m->gosum = path_join(m->dir, "go.sum");
	m->gosum_shown = shown_gomod(m, "go.sum");
	if (fs_exists(m->gosum))
		strv_push(&m->abs_files, m->gosum);
	if (gomod_load(shown, gm) < 0)
		return -1;
	if (gm->go)
		m->go = xstrdup(gm->go);
	return check_module(m, gm, shown);
}

static int apply_requires(struct manifest *m, const struct gomod *gm)
{
	int rc = 0;

	for (size_t i = 0; i < gm->nrequire; i++)
		if (modules_require(m, gm, &gm->require[i]) < 0)
			rc = -1;
	/* a required module in a directory (go.mod's replacement or the manifest's path:) */
	for (size_t i = 0; rc == 0 && i < m->ndeps; i++)
		if (m->deps[i].from_gomod && m->deps[i].path && dir_go_line(&m->deps[i]) < 0)
			rc = -1;
	return rc;
}

/* a vendored module: a 'path:' dependency on its directory in vendor/, unless the manifest
 * gives one of its own */
static int vendored(struct manifest *m, const struct vendor_module *vm, const struct pos *at)
{
	struct gomod_require r = { { vm->path, NULL }, 0, *at };
	struct mf_dep *d = entry_for(m, &r);

	d->from_gomod = 1;
	if (!d->partial)
		return 0;
	if (d->patches.n)
		return error_at(&d->patch_pos[0], "dependency '%s': 'patches' apply to fetched modules, "
				"but its packages come from vendor/ ('%s' says go %s)", d->importpath,
				m->gomod_shown, m->go);
	d->path = xasprintf("%s/vendor/%s", m->dir, vm->path);
	d->gover = vm->go ? xstrdup(vm->go) : NULL;
	d->partial = 0;
	return 0;
}

/* go build -mod=vendor: modules.txt must agree with go.mod; its modules are directories */
static int modules_vendor(struct manifest *m, const struct gomod *gm)
{
	struct vendor v;
	int rc = vendor_load(m->dir, &v);

	m->vendor = 1;
	/* a watched file must exist (Ninja would regenerate for ever); vendor/ itself changes
	 * when modules.txt appears */
	if (v.path && fs_exists(v.path))
		strv_push(&m->abs_files, v.path);
	else
		strv_push_owned(&m->abs_files, path_join(m->dir, "vendor"));
	if (rc == 0)
		rc = vendor_check(&v, gm, m->gomod_shown);
	for (size_t i = 0; rc == 0 && i < v.nmods; i++) {
		struct pos at = { m->gomod_shown, 1, 1 };

		if (v.mods[i].version && vendored(m, &v.mods[i], &at) < 0)
			rc = -1;
	}
	vendor_release(&v);
	return rc;
}

int modules_apply(struct manifest *m)
{
	struct gomod gm;
	int rc = 0;

	memset(&gm, 0, sizeof(gm));
	m->gomod = path_join(m->dir, "go.mod");
	if (!fs_exists(m->gomod)) {
		free(m->gomod);
		m->gomod = NULL;
	} else if (load_gomod(m, &gm) < 0) {
		rc = -1;
	} else if (vendor_in_use(m->dir, &gm)) {
		rc = modules_vendor(m, &gm);
	} else {
		rc = apply_requires(m, &gm);
	}
	/* after a failed go.mod, what it would have completed is unknown */
	for (size_t i = 0; rc == 0 && i < m->ndeps; i++)
		if (check_partial(&m->deps[i], m->gomod != NULL) < 0)
			rc = -1;
	gomod_release(&gm);
	return rc;
}
