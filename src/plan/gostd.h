/* gostd.h: the standard library's compiled packages for the gc backend, per GOARCH and GOMIPS */
#ifndef MIPSBAKE_GOSTD_H
#define MIPSBAKE_GOSTD_H

#include "lib/map.h"
#include "lib/util.h"

struct config;
struct pkg;

/*
 * mipsbake gc-std --go GO [--goroot DIR] --goarch A --gomips M OUTDIR PKG...: run by the
 * generated build (not meant for people). Has the go command build PKG... and their standard
 * dependencies (go list -export -deps), copies each package file to OUTDIR/pkg/<path>.a and
 * writes OUTDIR/importcfg; files whose bytes did not change keep their mtime.
 */
int cmd_gc_std(int argc, char **argv);

/* the standard library packages a configuration compiles one by one: each with its
 * directory, Go and assembly files, and its deps (on each other), objkey "_std/<path>" */
struct std_graph {
	struct pkg **v;          /* dependencies first */
	size_t n, cap;
	struct strmap by_path;   /* import path -> package of v */
};

/*
 * Fill g with pkgs and their standard dependencies for configuration c (gc, cgo off), as
 * 'go list -deps' selects their files; its output is kept in the probe cache, so a
 * generation for the same toolchain, GOARCH, GOMIPS, tags and packages runs no go command.
 * -1 after reporting (what g holds then is released by gostd_release too).
 */
int gostd_load(const struct config *c, const struct strv *pkgs, struct std_graph *g);
void gostd_release(struct std_graph *g);

#endif
