/* internal.h: the planner's parts that the package-test planner (tests.c) shares */
#ifndef MIPSBAKE_PLAN_INTERNAL_H
#define MIPSBAKE_PLAN_INTERNAL_H

#include "plan/plan.h"

/* the DFS stack of packages being resolved, for printing import cycles */
struct stack {
	struct pkg **v;
	size_t n, cap;
};

/* path is an input of the build files: changing it regenerates them */
void plan_mark_scanned(struct plan *p, const char *path);
/* the configuration for target t on board b with tc, created the first time; NULL after
 * reporting */
struct config *plan_config_for(struct plan *p, const struct mf_toolchain *tc, const struct mf_board *b,
			       const struct mf_target *t);
/* the package ip for config c, scanned with its imports; NULL after reporting */
struct pkg *plan_resolve(struct plan *p, struct config *c, struct stack *st, const char *ip,
			 const struct pos *from);
/*
 * Check and resolve the imports of pkg, whose src is filled in already: its names, #cgo
 * lines and embeds, then each import (pkg->deps). The package is appended to c->order, or
 * with test to c->test_order. -1 after reporting.
 */
int plan_visit_scanned(struct plan *p, struct config *c, struct stack *st, struct pkg *pkg,
		       const struct pos *from, int test);
/* 0 when tc is a gccgo for another GOARCH than board b's (probing it), else 1 */
int plan_toolchain_fits(struct plan *p, const struct mf_toolchain *tc, const struct mf_board *b);
/* add dep to pkg's deps once */
void plan_add_dep(struct pkg *pkg, struct pkg *dep);
/* the source directory of ip: the module's if it exists, else the dependency's; NULL if none */
char *plan_locate(const struct plan *p, const char *ip);
/* fetch the dependency that covers ip when the module itself does not have it: 0, or -1
 * (-2: a fetch that failed before) */
int plan_need_dep(struct plan *p, const char *ip);
/* the Go version of pkg's module (pkg->lang, pkg->newer) */
void plan_set_lang(const struct plan *p, const struct config *c, struct pkg *pkg);
/* depth-first post-order of pkg's dependencies, appended to v->link */
void plan_link_order(struct variant *v, struct pkg *pkg, struct strmap *seen);
/* free a package and what it owns */
void plan_pkg_free(struct pkg *pkg);

/* plan every package test of the manifest (tests.c); -1 after reporting */
int plan_tests(struct plan *p);
/* free p->tests */
void plan_tests_release(struct plan *p);

#endif
