/* backend.c: the table of compiler backends */
#include <stdlib.h>

#include "emit/backend.h"
#include "emit/ninja.h"
#include "lib/os.h"
#include "lib/banned.h"

const struct backend *const backends[] = { &gccgo_backend, &gc_backend, NULL };

const struct backend *backend_for(enum compiler c)
{
	for (size_t i = 0; backends[i]; i++)
		if (backends[i]->compiler == c)
			return backends[i];
	die("internal error: no backend for compiler %d", (int)c);
}

int backend_used(const struct plan *p, const struct backend *be)
{
	for (size_t i = 0; i < p->ncfgs; i++)
		if (p->cfgs[i]->tc->compiler == be->compiler)
			return 1;
	return 0;
}

void backend_dep_paths(const struct config *c, const struct pkg *pkg,
		       char *(*path)(const struct config *, const struct pkg *), struct strv *v)
{
	for (size_t i = 0; i < pkg->ndeps; i++)
		strv_push_owned(v, path(c, pkg->deps[i]));
}

char *backend_embedcfg(const struct gen_opts *o, const struct config *c, const struct pkg *pkg,
		       const char *prefix, int *rc)
{
	struct buf t = BUF_INIT;
	char *rel, *path, *dir;

	if (pkg->embed.files.n == 0)
		return NULL;
	embed_cfg_json(&pkg->embed, prefix, &t);
	rel = xasprintf("pkg/%s/%s/embedcfg", c->dir, pkg_objkey(pkg));
	path = path_join(o->builddir, rel);
	dir = path_dir(path);
	if (fs_mkdir_p(dir) < 0 || fs_write_if_changed(path, t.data, t.len) < 0) {
		*rc = -1;
		free(rel);
		rel = NULL;
	}
	buf_release(&t);
	free(path);
	free(dir);
	return rel;
}

void backend_embed_paths(struct buf *b, const struct pkg *pkg, const char *prefix)
{
	for (size_t i = 0; i < pkg->embed.files.n; i++) {
		char *path = path_join(prefix, pkg->embed.files.v[i]);

		ninja_path(b, path);
		free(path);
	}
}

void backend_newer_note(struct buf *b, const struct config *c, const struct pkg *pkg)
{
	char *note;

	if (!pkg->newer)
		return;
	note = xasprintf("note: package %s: its module requires Go %s (the go line of its go.mod); "
			 "toolchain '%s' is Go 1.%d", pkg->path, pkg->lang, c->tc->name, c->ti->go_minor);
	ninja_var_onfail(b, 1, "onfail", note);
	free(note);
}
