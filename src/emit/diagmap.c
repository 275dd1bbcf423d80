/* diagmap.c: compiler diagnostics in the build files: the map 'mipsbake diag-paths' reads and
 * the rule text that runs it on a compile's output */
#include <stdlib.h>
#include <string.h>

#include "emit/diagmap.h"
#include "lib/builddir.h"
#include "lib/os.h"
#include "lib/banned.h"

/* "shown\0dir\0" for each pair, in order, each shown once (its first pair) */
static void map_text(const struct strv *pairs, struct buf *t)
{
	struct strv seen = STRV_INIT;

	for (size_t i = 0; i + 1 < pairs->n; i += 2) {
		if (strv_has(&seen, pairs->v[i]))
			continue;
		strv_push(&seen, pairs->v[i]);
		buf_add(t, pairs->v[i], strlen(pairs->v[i]) + 1);
		buf_add(t, pairs->v[i + 1], strlen(pairs->v[i + 1]) + 1);
	}
	strv_release(&seen);
}

/* cgo's -trimpath shows a cgo package's directory as its import path: in the //line
 * directives of the Go files it writes, and so in what the compiler says about them */
static void cgo_pairs(const struct config *c, struct strv *pairs)
{
	for (size_t i = 0; i < c->norder + c->ntest_order; i++) {
		const struct pkg *pkg = i < c->norder ? c->order[i] : c->test_order[i - c->norder];

		if (pkg->dir && pkg->src.cgo_files.n > 0) {
			strv_push(pairs, pkg->path);
			strv_push(pairs, pkg->dir);
		}
	}
}

int diagmap_write(const struct gen_opts *o, const struct plan *p)
{
	struct strv pairs = STRV_INIT;
	struct buf t = BUF_INIT;
	char *path = path_join(o->builddir, DIAG_MAP_FILE);
	int rc;

	/* the roots as themselves: an absolute path is known in the middle of a line too */
	strv_push(&pairs, p->m->dir);
	strv_push(&pairs, p->m->dir);
	for (size_t i = 0; p->src && i < p->m->ndeps; i++) {
		if (p->src[i].dir) {
			strv_push(&pairs, p->src[i].dir);
			strv_push(&pairs, p->src[i].dir);
		}
	}
	for (size_t i = 0; backends[i]; i++)
		if (backends[i]->shown_dirs && backend_used(p, backends[i]))
			backends[i]->shown_dirs(p, &pairs);
	for (size_t i = 0; i < p->ncfgs; i++)
		cgo_pairs(p->cfgs[i], &pairs);
	map_text(&pairs, &t);
	rc = fs_write_if_changed(path, t.data ? t.data : "", t.len) < 0 ? -1 : 0;
	buf_release(&t);
	strv_release(&pairs);
	free(path);
	return rc;
}

void diag_command(struct buf *b, const char *cmd, const char *log, const char *after)
{
	buf_printf(b, "{ %s >%s 2>&1; rc=$$?; test ! -s %s || $self diag-paths %s; test $$rc = 0%s%s; }",
		   cmd, log, log, log, *after ? " " : "", after);
}
