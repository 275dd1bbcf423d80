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
 * itself; c->order's packages wait for those they import. Returns std and c->order in that
 * order, newly allocated, *n of them.
 */
const struct pkg **emit_order(const struct config *c, struct pkg *const *std, size_t nstd, size_t *n);

#endif
