/* build.h: the pipeline behind the commands: manifest -> fetch -> plan -> build files -> Ninja */
#ifndef MIPSBAKE_BUILD_H
#define MIPSBAKE_BUILD_H

#include "fetch/fetch.h"
#include "lib/util.h"
#include "manifest/manifest.h"
#include "plan/plan.h"

struct selection;

/* what a command asked of the pipeline */
struct build_opts {
	const char *manifest;    /* the manifest as given (shown in messages) */
	char *manifest_abs;      /* absolute manifest path */
	char *builddir;          /* absolute build directory */
	char *lock;              /* absolute lock path: the manifest's, ".yaml" replaced by ".lock" */
	int jobs, dry_run, verbose;
	int regenerate;          /* run by Ninja to refresh its own files: quiet, flags from the environment */
	const char *cache_dir;   /* --cache-dir, NULL: $MIPSBAKE_CACHE or the XDG default */
	int offline, frozen, update_all;
	int no_cache;            /* --no-cache: the actions neither read nor write the action cache */
	struct strv update;      /* --update DEP...: the dependencies to resolve again */
	enum {
		SIZE_CHECK_NINJA,        /* the size check is the build's last Ninja step (build) */
		SIZE_CHECK_AFTER,        /* checked after Ninja, over the selected variants only */
		SIZE_CHECK_NONE,         /* none: 'sizes' prints the table; 'test' and 'run' check
					    themselves, so that a binary too big stops no other */
	} size_check;
	const struct selection *sel; /* the variants named on the command line, NULL: all */
	int keep_going;          /* -k N: Ninja's; 0: not given */
	int with_tests;          /* 'test': build the package test binaries too */
	int with_symbols;        /* 'sizes --packages': link stripped binaries' unstripped twins too */
	const struct stamp_values *stamp; /* release: the 'stamp:' values; NULL: none */
	int replace;             /* nothing follows the build: Ninja replaces this process */
};

/* fill the absolute paths of o from o->manifest and the build directory; -1 after reporting */
int build_opts_init(struct build_opts *o, const char *manifest, const char *builddir);
void build_opts_release(struct build_opts *o);

/* the data directory: manifests/ and toolchains/ beside the binary, in a source tree, or installed */
char *build_data_dir(void);
/* load the manifest, includes searched in the data directory too; -1 after reporting */
int build_load(const struct build_opts *o, struct manifest *m);
/* load and check the manifest only; 0 or 1 */
int build_validate(const struct build_opts *o);
/* load, fetch, plan and write the build files; 0 or 1 */
int build_generate(const struct build_opts *o, int announce);
/* generate the build files when needed and let Ninja bring them up to date (for real, also
 * in a dry run), so that artifacts.yaml is current; 0 or 1 */
int build_refresh(const struct build_opts *o);
/*
 * Generate the build files when needed, then run Ninja. With o->sel, Ninja builds the
 * selected variants only, and artifacts_read keeps only those from then on (see
 * selection_restrict), for the reports that follow. Returns 0, 1 or Ninja's status.
 */
int build_run(const struct build_opts *o);
/* generate the build files when needed, then say why each step of the variants specs names
 * (none: the default build) would run; 0, 1 or Ninja's status */
int build_explain(const struct build_opts *o, const struct strv *specs);
/* load, fetch and plan, then hand the plan to use; use's result, or 1 after reporting (use
 * NULL: fetch only, planning only when a dependency is fetched as the build imports it) */
int build_plan(const struct build_opts *o, int (*use)(const struct plan *p, void *arg), void *arg);
/* fetch the dependencies and write the lock only; 0 or 1 */
int build_fetch(const struct build_opts *o);
/* list the dependencies with their locked commits and cache state; 0 or 1 */
int build_deps(const struct build_opts *o);

#endif
