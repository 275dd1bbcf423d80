/* order.c: packages by the length of their longest chain to the end of the build */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "emit/order.h"
#include "lib/os.h"
#include "lib/banned.h"

/* what one compile costs besides its source's bytes, in bytes: starting the compiler */
#define EDGE_COST 4096

/* the estimated cost of compiling pkg: the bytes of its Go and assembly files */
static double pkg_cost(const struct pkg *pkg)
{
	const struct strv *files[] = { &pkg->src.go_files, &pkg->src.cgo_files, &pkg->src.s_files };
	double cost = EDGE_COST;

	for (size_t f = 0; pkg->dir && f < ARRAY_LEN(files); f++) {
		for (size_t i = 0; i < files[f]->n; i++) {
			char *path = path_join(pkg->dir, files[f]->v[i]);
			struct stat st;

			if (stat(path, &st) == 0)
				cost += (double)st.st_size;
			free(path);
		}
	}
	return cost;
}

/* a package's key in emit_order's index: std by import path (what imports name), the
 * others by objkey (their deps point to them) */
static const char *key(const struct pkg *pkg)
{
	return pkg->std ? pkg->path : pkg_objkey(pkg);
}

/* raise up[] of v[i]'s imports (through the index at) to v[i]'s own chain */
static void push_up(const struct pkg *const *v, size_t i, const struct strmap *at, double *up, double chain)
{
	const struct pkg *pkg = v[i];

	for (size_t d = 0; d < pkg->ndeps; d++) {
		size_t j = (size_t)strmap_get(at, key(pkg->deps[d]));

		if (j && up[j - 1] < chain)
			up[j - 1] = chain;
	}
	for (size_t k = 0; !pkg->std && k < pkg->src.nimports; k++) {
		size_t j = (size_t)strmap_get(at, pkg->src.imports[k].path);

		if (j && v[j - 1]->std && up[j - 1] < chain)
			up[j - 1] = chain;
	}
}

static const double *sort_key;

static int by_chain(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;

	if (sort_key[i] != sort_key[j])
		return sort_key[i] > sort_key[j] ? -1 : 1;
	return i < j ? -1 : i > j;
}

const struct pkg **emit_order(const struct config *c, struct pkg *const *std, size_t nstd, size_t *n)
{
	size_t total = nstd + c->norder;
	const struct pkg **v = xcalloc(total + 1, sizeof(*v)), **out = xcalloc(total + 1, sizeof(*out));
	double *up = xcalloc(total + 1, sizeof(*up)), *chain = xcalloc(total + 1, sizeof(*chain));
	size_t *idx = xcalloc(total + 1, sizeof(*idx));
	struct strmap at = STRMAP_INIT;

	for (size_t i = 0; i < total; i++) {
		v[i] = i < nstd ? std[i] : c->order[i - nstd];
		strmap_put(&at, key(v[i]), (void *)(i + 1));
	}
	/* importers come after what they import: from the end, each chain is known when reached */
	for (size_t i = total; i-- > 0;) {
		chain[i] = up[i] + pkg_cost(v[i]);
		push_up(v, i, &at, up, chain[i]);
		idx[i] = i;
	}
	sort_key = chain;
	qsort(idx, total, sizeof(*idx), by_chain);
	for (size_t i = 0; i < total; i++)
		out[i] = v[idx[i]];
	*n = total;
	strmap_release(&at);
	free(v);
	free(up);
	free(chain);
	free(idx);
	return out;
}
