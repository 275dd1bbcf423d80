/* pkgsizes.h: where a binary's bytes go: its symbols (libelf) attributed to Go packages,
 * the C library and libgo, and the bytes no symbol covers */
#ifndef MIPSBAKE_PKGSIZES_H
#define MIPSBAKE_PKGSIZES_H

#include <stdint.h>

#include "check/artifacts.h"

/* what a row of the breakdown is */
enum pkg_kind {
	PK_PACKAGE,              /* a Go package, by import path ("runtime", "main" too) */
	PK_LIBGO,                /* gccgo's libgo written in C: its runtime, libffi, libbacktrace */
	PK_CLIB,                 /* the C library, libgcc and the C start files */
	PK_NOPKG,                /* symbols of no package (gc's $f64 constants, stray assembly) */
	PK_SECTION,              /* bytes of a loaded section that no symbol covers */
	PK_FILE,                 /* ELF headers, padding, the sections that are not loaded */
};

/* one row: a package or another owner of bytes */
struct pkgsize {
	char *name;              /* import path, or a description in parentheses */
	enum pkg_kind kind;
	uint64_t bytes;          /* bytes of the binary's file */
};

/* a binary's bytes by owner, largest first; the rows add up to size */
struct pkgsizes {
	struct pkgsize *v;
	size_t n;
	uint64_t size;           /* the size of the binary measured (the shipped one) */
	uint64_t loaded;         /* the bytes of its loaded sections that occupy the file */
	char *symbols;           /* the ELF file the symbols came from, relative to the build dir */
};

/*
 * Attribute the bytes of binary (size bytes, maybe stripped) by the symbols of elf, its
 * unstripped link, with gc's symbol names or gccgo's (gccgo set). -1 after reporting.
 */
int pkgsizes_read(const char *elf, uint64_t size, int gccgo, struct pkgsizes *ps);
/*
 * The breakdown of artifact x: from the binary itself when it is not stripped, else from its
 * unstripped twin, which must not be older than the binary. 1 done, 0 no symbols to be had
 * (quietly), -1 after reporting.
 */
int pkgsizes_for(const char *builddir, const struct artifact *x, struct pkgsizes *ps);
void pkgsizes_release(struct pkgsizes *ps);
/* how a row of kind k is named in JSON: "package", "libgo", "libc", "nopkg", "section", "file" */
const char *pkg_kind_name(enum pkg_kind k);

#endif
