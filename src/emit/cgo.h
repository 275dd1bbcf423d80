/* cgo.h: go tool cgo on a package's files that import "C", for either backend */
#ifndef MIPSBAKE_EMIT_CGO_H
#define MIPSBAKE_EMIT_CGO_H

#include "lib/util.h"
#include "plan/plan.h"

/* the rules that run go tool cgo; written once into build.ninja */
void cgo_rules(struct buf *b);

/* what go tool cgo writes for one package, paths relative to the build directory */
struct cgo_gen {
	struct strv go;          /* the Go files the package's compile reads too */
	struct strv cfiles;      /* the C files gcc compiles (with -I objdir) */
	char *hdr;               /* _cgo_export.h, which the package's own C files may include */
	char *main_c;            /* gc: _cgo_main.c, linked with the objects for -dynimport */
};

#define CGO_GEN_INIT { STRV_INIT, STRV_INIT, NULL, NULL }

void cgo_gen_release(struct cgo_gen *g);

/*
 * The edge that runs go tool cgo (as "$cgo", with "$gcc" as CC) on pkg's cgo files, named
 * srcdir/<file> (srcdir absolute, or relative to the build directory builddir), into objdir
 * (relative to it), as
 * cmd/go's cgo() runs it: -importpath and -trimpath (the //line paths it writes show srcdir
 * as pkg's import path), for gccgo -gccgo and -gccgopkgpath for an importable package;
 * the CPPFLAGS and CFLAGS of pkg's #cgo lines and $archflags $cflags after "--", its
 * LDFLAGS in CGO_LDFLAGS (gc's cgo writes them into the package for the external link).
 * Fills out.
 */
void cgo_emit(struct buf *b, const char *builddir, const struct config *c, const struct pkg *pkg,
	      const char *srcdir, const char *objdir, struct cgo_gen *out);

/*
 * gc: the edge that writes objdir/_cgo_import.go from the package's C objects, as cmd/go's
 * dynimport: _cgo_main.c compiled and linked with them into _cgo_.o, whose dynamic imports
 * go tool cgo -dynimport lists. When that link fails (a static-only library, say), the file
 * only names the package: the external link does without it, as cmd/go's dynimportfail
 * lets it. Returns the path (newly allocated).
 */
char *cgo_emit_dynimport(struct buf *b, const struct config *c, const struct pkg *pkg, const char *objdir,
			 const struct cgo_gen *g, const struct strv *objs);

#endif
