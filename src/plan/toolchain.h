/* toolchain.h: find a toolchain's programs on disk and learn what it offers */
#ifndef MIPSBAKE_TOOLCHAIN_H
#define MIPSBAKE_TOOLCHAIN_H

#include "lib/map.h"
#include "lib/util.h"
#include "manifest/manifest.h"

/* what probing a toolchain found */
struct tc_info {
	const struct mf_toolchain *tc;
	char *gccgo, *gcc, *objcopy, *ar, *strip; /* absolute program paths (gccgo) */
	char *go, *goroot, *tooldir;             /* gc: the go command, GOROOT, GOTOOLDIR */
	char *compile, *asm, *link, *pack;       /* gc: absolute tool paths */
	char *machine;           /* gccgo -dumpmachine, e.g. "mipsel-linux-gnu" */
	char *version;           /* gccgo -dumpversion ("12") or go env GOVERSION ("go1.19.8") */
	int go_minor;            /* the Go release the compiler implements: 1.<go_minor> */
	int soft_float;          /* gccgo: compiles soft-float (its cflags or default), as its libgo must */
	char *stddir;            /* gccgo: the standard library's export data; gc: GOROOT/src */
	struct strmap std;       /* import paths known to be (value non-NULL) or not be standard */
};

/* keep probe results under dir (the cache directory: <dir>/probes); NULL: run every probe */
void toolchain_cache_at(const char *dir);
/* run argv with env (os_run, quiet) through the probe cache: the same command of the same
 * installed program gives the output it gave before; 0, or what os_run returned */
int toolchain_run_cached(char *const argv[], char *const env[], struct buf *out);
/* the SHA-256 of the regular file at path (a tool: a compiler, mipsbake) as 64 hex digits
 * and a NUL in hex, through the probe cache (keyed by the file's identity, as a probe's
 * program is): a new build directory then hashes no compiler again; -1 when it cannot be
 * read */
int toolchain_file_digest(const char *path, char hex[65]);
/* probe tc (the board and goarch are named in errors); -1 after reporting */
int toolchain_probe(const struct mf_toolchain *tc, const struct mf_board *board, struct tc_info *ti);
void toolchain_release(struct tc_info *ti);
/* 1 when importpath is a standard library package of the toolchain */
int toolchain_is_std(struct tc_info *ti, const char *importpath);
/* the GOMIPS or GOMIPS64 environment setting for goarch, e.g. "GOMIPS=softfloat" (static buffer-free) */
char *toolchain_gomips_env(const char *goarch, const char *gomips);
/* append the -mabi/-march/float flags cmd/go uses for goarch and gomips */
void toolchain_arch_flags(const char *goarch, const char *gomips, struct strv *flags);
/*
 * The C compiler a gc toolchain's cgo uses for goarch (board named in errors): the
 * toolchain's 'cc' for it, else Debian's cross gcc (mipsel-linux-gnu-gcc, ...), looked up
 * in its bindir, then PATH. *sysroot is where the C library's dynamic loader is, for qemu
 * -L: the toolchain's 'sysroot', else the compiler's -print-sysroot, else /usr/<its
 * -dumpmachine> when that is a directory (Debian's layout), else NULL. Both newly
 * allocated; NULL after reporting.
 */
char *toolchain_gc_cc(const struct mf_toolchain *tc, const struct mf_board *board, const char *goarch,
		      char **sysroot);
/* the Debian package that provides a gccgo with this tool prefix, NULL when unknown */
const char *toolchain_debian_package(const char *prefix);

#endif
