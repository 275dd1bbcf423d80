/* backend.c: the table of compiler backends */
#include <stdlib.h>

#include "emit/backend.h"
#include "emit/ninja.h"
#include "lib/banned.h"

const struct backend *const backends[] = { &gccgo_backend, &gc_backend, NULL };

const struct backend *backend_for(enum compiler c)
{
	for (size_t i = 0; backends[i]; i++)
		if (backends[i]->compiler == c)
			return backends[i];
	die("internal error: no backend for compiler %d", (int)c);
}

void backend_dep_paths(const struct config *c, const struct pkg *pkg,
		       char *(*path)(const struct config *, const struct pkg *), struct strv *v)
{
	for (size_t i = 0; i < pkg->ndeps; i++)
		strv_push_owned(v, path(c, pkg->deps[i]));
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
