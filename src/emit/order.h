/* order.h: the order a configuration's packages are written in, longest remaining path first */
#ifndef MIPSBAKE_ORDER_H
#define MIPSBAKE_ORDER_H

#include "plan/plan.h"

/*
 * Ninja (1.11) starts, of the edges that are ready, the one written first. Written in
 * dependency order, a short leaf can take a job slot from a package on the longest chain
 * to the link, and the build ends with one job running. So packages are written by the
 * estimated compile time of the longest chain from each to a package nothing imports, its
 * own included, longest first: a rough critical-path schedule without Ninja's help.
 *
 * std (nstd, dependencies first, may be 0) are the standard packages the backend compiles
 * itself; c->order's packages wait for those they import.
 *
 * With early, when the longest chain bounds the build (its estimate times the CPUs is more
 * than the whole build's), the imports of the packages along it are early (pkg->early):
 * each is compiled twice, once at -O0 for its export data alone, which its importers read,
 * and once for real, which its archive and the links read. The export data must come out
 * the same; the backend checks it. Then the chain is the early compiles' and the last
 * package's, and the real compiles fill the jobs beside it.
 *
 * Returns the steps, std and c->order with the early compiles among them, in that order,
 * newly allocated, *n of them.
 */
struct emit_step {
	const struct pkg *pkg;
	int early;               /* 1: pkg's early compile; 0: its edges */
};
struct emit_step *emit_order(const struct config *c, struct pkg *const *std, size_t nstd, int early, size_t *n);

#endif
