/* cgo.h: go tool cgo on a package's files that import "C", for either backend */
#ifndef MIPSBAKE_EMIT_CGO_H
#define MIPSBAKE_EMIT_CGO_H

#include "lib/util.h"
#include "plan/plan.h"

/* the rule that runs go tool cgo; written once into build.ninja */
void cgo_rules(struct buf *b);

/*
 * The edge that runs go tool cgo (as "$cgo", with "$gcc" as CC) on pkg's cgo files, named
 * srcdir/<file> relative to the build directory builddir, into objdir (relative too), as cmd/go's
 * cgo() runs it for gccgo: -gccgo, -gccgopkgpath for an importable package, the CPPFLAGS
 * and CFLAGS of pkg's #cgo lines and $archflags $cflags after "--". The //line paths it
 * writes show srcdir as pkg's import path. Appends the Go files the package's compile
 * reads to go, the C files gcc compiles (with -I objdir) to cfiles; *hdr is the
 * _cgo_export.h path that C files of the package may include (newly allocated).
 */
void cgo_emit_gccgo(struct buf *b, const char *builddir, const struct pkg *pkg, const char *srcdir,
		    const char *objdir, struct strv *go, struct strv *cfiles, char **hdr);

#endif
