/* order.c: packages by the length of their longest chain to the end of the build */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "emit/order.h"
#include "lib/os.h"
#include "lib/banned.h"

/* what one compile costs besides its source's bytes, in bytes: starting the compiler */
#define EDGE_COST 4096
/* an early compile's cost against its real one's: in a cold minion build (mipsle gccgo
 * 12), -O0 -g took 0.37 of -O2 -g's time for x/sys/unix, 0.33 for x/net/internal/socket,
 * 0.24 for x/net/ipv4 and 0.26 for x/net/ipv6; rounded up, as the real compiles then ran
 * beside other jobs */
#define EARLY_SHARE 0.4
/* the least the early compiles must take off the longest chain, in bytes of source: the
 * minion's take about 480 KiB off, t0358's chain about 70 KiB */
#define EARLY_MIN_GAIN (64.0 * 1024)

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

/* the index in v of pkg (through the index at), or SIZE_MAX */
static size_t index_of(const struct strmap *at, const struct pkg *pkg)
{
	size_t j = (size_t)strmap_get(at, key(pkg));

	return j ? j - 1 : SIZE_MAX;
}

/* raise up[] of v[i]'s imports to chain: the longest chain that waits for their export data */
static void push_up(struct pkg *const *v, size_t i, const struct strmap *at, double *up, double chain)
{
	const struct pkg *pkg = v[i];

	for (size_t d = 0; d < pkg->ndeps; d++) {
		size_t j = index_of(at, pkg->deps[d]);

		if (j != SIZE_MAX && up[j] < chain)
			up[j] = chain;
	}
	for (size_t k = 0; !pkg->std && k < pkg->src.nimports; k++) {
		size_t j = (size_t)strmap_get(at, pkg->src.imports[k].path);

		if (j && v[j - 1]->std && up[j - 1] < chain)
			up[j - 1] = chain;
	}
}

/*
 * real[i]: the estimated cost of the longest chain from v[i]'s compile to the end of the
 * build; early[i], for an early package, the same from its early compile. What waits for
 * an early package's export data waits for its early compile; its real compile feeds
 * only its archive and the links.
 */
static void chains(struct pkg *const *v, size_t total, const struct strmap *at, const double *cost,
		   double *real, double *early)
{
	double *up = xcalloc(total + 1, sizeof(*up));

	/* importers come after what they import: from the end, each chain is known when reached */
	for (size_t i = total; i-- > 0;) {
		real[i] = cost[i] + (v[i]->early ? 0 : up[i]);
		early[i] = v[i]->early ? EARLY_SHARE * cost[i] + up[i] : 0;
		push_up(v, i, at, up, real[i] > early[i] ? real[i] : early[i]);
	}
	free(up);
}

/* mark pkg's imports early, and theirs; seen[]: the packages done */
static void mark_imports(struct pkg *const *v, const struct strmap *at, const struct pkg *pkg,
			 unsigned char *seen)
{
	for (size_t d = 0; d < pkg->ndeps; d++) {
		size_t j = index_of(at, pkg->deps[d]);

		if (j == SIZE_MAX || seen[j])
			continue;
		seen[j] = 1;
		/* a cgo package's early compile would need cgo's output written twice */
		v[j]->early = !v[j]->std && !v[j]->is_main && !v[j]->testdir && v[j]->src.cgo_files.n == 0;
		mark_imports(v, at, v[j], seen);
	}
}

/*
 * The early packages: the imports, and theirs, of each package on the longest chain but
 * its last (a package nothing imports, whose importer is the link). Only when that chain
 * bounds the build: when the jobs (one per CPU) would idle beside it.
 */
static void choose_early(struct pkg *const *v, size_t total, const struct strmap *at, const double *cost,
			 const double *chain)
{
	unsigned char *seen = xcalloc(total + 1, 1);
	double sum = 0;
	size_t top = 0;

	for (size_t i = 0; i < total; i++) {
		sum += cost[i];
		if (chain[i] > chain[top])
			top = i;
	}
	for (size_t cur = top; total > 0 && chain[top] * os_ncpu() > sum;) {
		size_t next = SIZE_MAX;

		/* the next package on the chain: the importer of v[cur] with the longest chain */
		for (size_t j = 0; j < total; j++)
			for (size_t d = 0; d < v[j]->ndeps; d++)
				if (index_of(at, v[j]->deps[d]) == cur && (next == SIZE_MAX || chain[j] > chain[next]))
					next = j;
		if (next == SIZE_MAX)
			break;
		mark_imports(v, at, v[cur], seen);
		cur = next;
	}
	free(seen);
}

/* the largest of the n values of len */
static double longest(const double *len, size_t n)
{
	double m = 0;

	for (size_t i = 0; i < n; i++)
		if (len[i] > m)
			m = len[i];
	return m;
}

static const double *sort_key;

/* indices by sort_key[], largest first */
static int by_chain(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;

	if (sort_key[i] != sort_key[j])
		return sort_key[i] > sort_key[j] ? -1 : 1;
	return i < j ? -1 : i > j;
}

/*
 * Take back the early compiles that take nothing off the longest chain: a package whose
 * real compile is done before what waits for it could start anyway (x/net/bpf in the
 * minion, beside x/sys/unix's early compile). Each one is a second compile, at every edit
 * of the package too. Smallest first; one stays early when the chain would grow without it.
 */
static void prune_early(struct pkg *const *v, size_t total, const struct strmap *at, const double *cost,
			double *len)
{
	size_t *cand = xcalloc(total + 1, sizeof(*cand)), n = 0;
	double now;

	chains(v, total, at, cost, len, len + total);
	now = longest(len, 2 * total);
	for (size_t i = 0; i < total; i++)
		if (v[i]->early)
			cand[n++] = i;
	sort_key = cost;
	qsort(cand, n, sizeof(*cand), by_chain);
	for (size_t k = n; k-- > 0;) {
		v[cand[k]]->early = 0;
		chains(v, total, at, cost, len, len + total);
		if (longest(len, 2 * total) > now)
			v[cand[k]]->early = 1;
	}
	chains(v, total, at, cost, len, len + total);
	free(cand);
}

struct emit_step *emit_order(const struct config *c, struct pkg *const *std, size_t nstd, int early, size_t *n)
{
	size_t total = nstd + c->norder, nsteps = 0;
	struct pkg **v = xcalloc(total + 1, sizeof(*v));
	struct emit_step *out;
	/* len[] holds real[] then early[] (see chains): a step's index in it is its package's,
	 * + total for the early compile */
	double *cost = xcalloc(total + 1, sizeof(*cost)), *len = xcalloc(2 * total + 1, sizeof(*len));
	size_t *idx = xcalloc(2 * total + 1, sizeof(*idx));
	struct strmap at = STRMAP_INIT;

	for (size_t i = 0; i < total; i++) {
		v[i] = i < nstd ? std[i] : c->order[i - nstd];
		v[i]->early = 0;
		cost[i] = pkg_cost(v[i]);
		strmap_put(&at, key(v[i]), (void *)(i + 1));
	}
	chains(v, total, &at, cost, len, len + total);
	if (early) {
		double was = longest(len, total), now;

		choose_early(v, total, &at, cost, len);
		prune_early(v, total, &at, cost, len);
		now = longest(len, 2 * total);
		/* not worth a second compile of each: the chain is as long, or short anyway */
		if (was - now < EARLY_MIN_GAIN) {
			for (size_t i = 0; i < total; i++)
				v[i]->early = 0;
			chains(v, total, &at, cost, len, len + total);
		}
	}
	for (size_t i = 0; i < 2 * total; i++)
		if (i < total || v[i - total]->early)
			idx[nsteps++] = i;
	sort_key = len;
	qsort(idx, nsteps, sizeof(*idx), by_chain);
	out = xcalloc(nsteps + 1, sizeof(*out));
	for (size_t i = 0; i < nsteps; i++) {
		out[i].pkg = v[idx[i] % total];
		out[i].early = idx[i] >= total;
	}
	*n = nsteps;
	strmap_release(&at);
	free(v);
	free(cost);
	free(len);
	free(idx);
	return out;
}
