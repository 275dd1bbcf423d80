/* plan.h: build variants (target x board x toolchain) and their Go package graphs */
#ifndef MIPSBAKE_PLAN_H
#define MIPSBAKE_PLAN_H

#include "fetch/fetch.h"
#include "lib/map.h"
#include "manifest/manifest.h"
#include "plan/toolchain.h"
#include "scan/cgoflags.h"
#include "scan/embed.h"
#include "scan/goscan.h"
#include "scan/gotest.h"

/* one Go package in one configuration */
struct pkg {
	char *path;              /* import path */
	char *dir;               /* absolute source directory; NULL for the standard library */
	int std;                 /* part of the toolchain's standard library */
	int is_main;             /* package main of a target */
	const char *lang;        /* its module's Go version ("1.N", go.mod's go line), NULL: not a
				    module's (no -lang) */
	int newer;               /* lang is newer than the toolchain's Go release */
	struct go_pkg src;       /* chosen files and imports */
	struct embed_set embed;  /* the files its //go:embed patterns embed */
	struct cgo_directives cgo; /* the #cgo lines of its cgo files, allowed by cmd/go's list */
	struct pkg **deps;       /* direct imports outside the standard library, without repeats */
	size_t ndeps, cap_deps;
	int state;               /* 0 unvisited, 1 on the DFS stack, 2 done */
	char *sets;              /* gccgo: "name=value\n" lines a generated file assigns, sorted;
				    "" none; NULL: no variant links the package yet */
	const struct variant *sets_by; /* the variant that decided sets */
	/* a package of a test binary (see struct test_variant), compiled apart: */
	char *objkey;            /* where its outputs go in place of path ("_test/<P>/<path>"),
				    NULL: path (a package of the configuration's graph) */
	const char *testdir;     /* "_test/<P>": the test's export data, searched before the
				    configuration's (gccgo's -I), NULL: not a test's */
	int borrowed;            /* a copy of a package recompiled against a package under test:
				    dir, src, embed and cgo are the original's */
	int early;               /* set by emit_order: its importers read export data from a
				    faster compile written ahead of its real one (emit/order.h) */
};

/* where pkg's outputs go, below the configuration's directories: objkey, else path */
static inline const char *pkg_objkey(const struct pkg *pkg)
{
	return pkg->objkey ? pkg->objkey : pkg->path;
}

/* packages compiled once for a (toolchain, GOARCH, GOMIPS, build tags, gcflags, asmflags) and
 * shared by its variants */
struct config {
	char *name;              /* "<toolchain>-<goarch>-<gomips>", "-cgo" or "-nocgo" when cgo is
				    not the toolchain's default, and "+<hash>" of the tags and
				    flags when a target has any: how messages and steps.json name it */
	char *dir;               /* the name of its output directories (cfg/<dir>.ninja, pkg/<dir>/,
				    exp/<dir>/, std/<dir>/, sets/<dir>/, test/<dir>/): a short digest
				    of name, so that the paths Ninja reads on every run stay short;
				    <build>/configs.txt maps it back */
	const struct mf_toolchain *tc;
	const struct mf_board *first_board; /* the board that brought it in (for messages) */
	const char *goarch, *gomips;
	struct tc_info *ti;
	struct build_ctx ctx;
	struct strv tags;        /* the toolchain's, the board's and the target's tags, each once */
	const struct strv *gcflags, *asmflags; /* the target's (owned by the manifest) */
	int cgo;                 /* cgo is on (ctx.cgo): the target's, the board's or the
				    toolchain's default (on for gccgo, off for gc) */
	char *cc;                /* gc with cgo: the C compiler (absolute); NULL otherwise */
	char *ccq;               /* cc as a word of $CC and -extld (go_quote_word) */
	char *sysroot;           /* where dynamic binaries find their C library (qemu -L): the
				    toolchain's 'sysroot', or for gc with cgo its C compiler's; NULL: none */
	struct strmap pkgs;      /* import path -> struct pkg */
	struct pkg **order;      /* non-std packages, each after its dependencies */
	size_t norder, cap_order;
	struct pkg **test_order; /* the packages of its test binaries, each after its dependencies */
	size_t ntest_order, cap_test_order;
};

/* one binary: a target built for a board with a toolchain */
struct variant {
	const struct mf_target *target;
	const struct mf_board *board;
	struct config *cfg;
	char *out;               /* artifact path relative to the build directory */
	struct pkg *main;
	struct pkg **link;       /* the main package and its dependencies, each after its own */
	size_t nlink, cap_link;
	struct strv sets;        /* "importpath.name=value" string variables the link sets: the
				    target's defines, and in a release its stamps; sorted */
};

/*
 * One test binary: the tests of package P as go test builds them, for one configuration.
 * v.main is the generated test main (package main, path "P.test"), which imports the
 * package compiled with its _test.go files ("P", objkey "_test/P/P") and the external test
 * package ("P_test"); a package they import that imports P is compiled again against the
 * one with tests. v.link is the lot in link order, v.out "test/<config>/P.test".
 */
struct test_variant {
	struct variant v;        /* v.target: the neutral target of test links */
	const struct mf_gotest *set; /* the 'tests:' that asked for it (its options) */
	char *pkgpath;           /* P */
	char *dir;               /* P's source directory: where the binary runs, as with go test */
	struct test_funcs tf, xf; /* the functions of its test files and of its external test files */
	int has_test, has_xtest; /* it has such files (the test main imports the package) */
	char *testmain_dir;      /* its directory, relative to the build directory */
	char *testkey;           /* "_test/P": the objkey prefix of its packages */
	struct strv tests;       /* the names of its Test functions, in order (for 'skip:') */
	struct strv boards;      /* the boards it runs on */
	struct pkg **owned;      /* the packages it made (freed with it) */
	size_t nowned;
	int no_tests;            /* P has no _test.go files: nothing to build or run */
};

/* what a release stamps into 'stamp:' variables */
struct stamp_values {
	const char *version, *commit, *date;
};

struct plan {
	const struct manifest *m;
	const struct dep_source *src; /* where each dependency's source is, same index as m->deps */
	struct fetch_session *fetch; /* fetches a lazy dependency when a package of it is imported;
					NULL: src has them all */
	struct config **cfgs;
	size_t ncfgs, cap_cfgs;
	struct tc_info **tis;    /* probed toolchains, one per manifest toolchain used */
	size_t ntis, cap_tis;
	struct variant *vars;
	size_t nvars, cap_vars;
	struct strmap scanned;   /* absolute paths of every scanned directory and Go file */
	struct scan_memo *memo;  /* what the scans read, kept for the stamps of the directories
				    (every configuration's build_ctx points here); NULL: none yet */
	struct strmap warned;    /* "toolchain\nboard" pairs already warned about their float mode */
	struct missing *missing; /* imports found nowhere, each (place, path) reported once */
	size_t nmissing;
	const struct stamp_values *stamp; /* a release's values, NULL: 'stamp:' is not applied */
	struct test_variant *tests; /* the test binaries, one per package and configuration */
	size_t ntests, cap_tests;
	struct mf_target test_target; /* the target of test links: static, no flags of its own */
	struct mf_target top_tests;   /* the manifest's 'tests:' as a target (its boards, toolchains) */
};

/* resolve every variant and scan its package graph, finding dependencies in src[i].dir for
 * m->deps[i] (fetch fetches a lazy one, filling src, the first time it is imported); stamp holds a release's values (NULL: not a release, 'stamp:' variables keep
 * their source values); -1 after reporting all errors */
int plan_make(const struct manifest *m, const struct dep_source *src, struct fetch_session *fetch,
	      const struct stamp_values *stamp, struct plan *p);
/*
 * What validate plans: for every target x board x toolchain, the configuration (the
 * toolchain probed and fitting the board's GOARCH, the float ABI, cgo's C compiler), the
 * main's import path and, for a main in the module, its directory holding package main.
 * Reads no dependency and compiles nothing. p is filled for plan_release; -1 after
 * reporting every error.
 */
int plan_check(const struct manifest *m, struct plan *p);
/* the import path of the package that holds variable "importpath.name=value" of v (newly
 * allocated; "main." is v's main package) */
char *plan_set_package(const struct variant *v, const char *set);
void plan_release(struct plan *p);
/* the number of packages compiled, counted once per configuration */
size_t plan_package_count(const struct plan *p);
/* 1 when v is a gccgo binary linking glibc statically with a package of libgo that uses
 * its name service (net, os/user): glibc's getaddrinfo then needs NSS libraries at run time */
int plan_links_glibc_nss(const struct variant *v);
/* the import path a target's main package has ("./x" joined to the module) */
char *plan_main_path(const struct manifest *m, const struct mf_target *t);

/* the planner's parts that the package-test planner (plan/tests.c) builds on */

/* an import found nowhere: where, what, the first configuration's message, and every
 * configuration that could not find it */
struct missing {
	struct pos from;
	char *ip, *msg;
	struct strv cfgs;
};
/* report the imports found nowhere, each once with the configurations that share it, and
 * forget them (plan_make and plan_tests do, before they return) */
void plan_report_missing(struct plan *p);

/* the DFS stack of packages being resolved, for printing import cycles */
struct stack {
	struct pkg **v;
	size_t n, cap;
};

/* path is an input of the build files: changing it regenerates them (a directory: adding
 * or removing a file a build would read) */
void plan_mark_scanned(struct plan *p, const char *path);
/* dir is read by //go:embed patterns: adding or removing any file in it regenerates */
void plan_mark_embed_dir(struct plan *p, const char *dir);
/* 1 when plan_mark_embed_dir named path */
int plan_is_embed_dir(const struct plan *p, const char *path);
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
/* the module of non-std pkg: this one's path, else its dependency's import path (*version its
 * module version, NULL when none); NULL when neither covers it */
const char *plan_module_of(const struct plan *p, const struct pkg *pkg, const char **version);
/* fetch the dependency that covers ip when the module itself does not have it: 0, or -1
 * (-2: a fetch that failed before) */
int plan_need_dep(struct plan *p, const char *ip);
/* the Go version of pkg's module (pkg->lang, pkg->newer) */
void plan_set_lang(const struct plan *p, const struct config *c, struct pkg *pkg);
/* depth-first post-order of pkg's dependencies, appended to v->link */
void plan_link_order(struct variant *v, struct pkg *pkg, struct strmap *seen);
/* free a package and what it owns */
void plan_pkg_free(struct pkg *pkg);

#endif
