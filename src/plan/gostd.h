/* gostd.h: the standard library's compiled packages for the gc backend, per GOARCH and GOMIPS */
#ifndef MIPSBAKE_GOSTD_H
#define MIPSBAKE_GOSTD_H

/*
 * mipsbake gc-std --go GO [--goroot DIR] --goarch A --gomips M OUTDIR PKG...: run by the
 * generated build (not meant for people). Has the go command build PKG... and their standard
 * dependencies (go list -export -deps), copies each package file to OUTDIR/pkg/<path>.a and
 * writes OUTDIR/importcfg; files whose bytes did not change keep their mtime.
 */
int cmd_gc_std(int argc, char **argv);

#endif
