/* artifacts.h: <build>/artifacts.yaml, what generation tells the post-build commands */
#ifndef MIPSBAKE_ARTIFACTS_H
#define MIPSBAKE_ARTIFACTS_H

#include <stdint.h>

#include "lib/util.h"
#include "plan/plan.h"

/* a smoke test of an artifact: a 'test:' entry of its target */
struct art_test {
	struct strv args;
	char *expect;            /* PCRE2 pattern for stdout, NULL: none */
	char *expect_stderr;     /* PCRE2 pattern for stderr, NULL: none */
	int exit_code;           /* expected exit status */
	int timeout;             /* seconds */
	struct pos pos;          /* the test's place in the manifest */
};

/* one variant's binary and what it must fit and run on */
struct artifact {
	char *target, *board, *toolchain;
	char *compiler;          /* "gc" or "gccgo" */
	char *goarch, *gomips;
	int hardfloat;           /* the binary holds FPU instructions */
	char *out;               /* path relative to the build directory */
	char *link;              /* "static", "static-libgo" or "dynamic" */
	char *sysroot;           /* qemu -L directory for dynamic links, NULL: none */
	int persist;             /* the target must also fit in flash */
	int strip;               /* the binary is stripped */
	char *program;           /* the compiler: gccgo's or the go command's absolute path */
	struct strv compile_flags, link_flags; /* as built, without paths of this machine */
	struct strv asm_flags;   /* the target's asmflags (gc's go tool asm) */
	struct strv tags;        /* the build tags: the toolchain's, the board's, the target's */
	struct pos board_pos;    /* the board's definition */
	char *soc, *core;        /* NULL when not stated */
	char *cpu;               /* qemu -cpu model, NULL: qemu's default */
	int fpu;                 /* 1 FPU, 0 none, -1 not stated */
	int fpu_emulation;       /* 1: the board's kernel emulates the FPU */
	uint64_t tmpfs, flash;   /* budgets in bytes, 0: none */
	struct pos tmpfs_pos, flash_pos;
	int size_warn;           /* percent of a budget above which to warn */
	struct art_test *tests;
	size_t ntests;
	/* a package test binary ('package_tests:'): */
	char *package;           /* the import path tested, NULL: a target's binary */
	char *dir;               /* its source directory, where the binary runs */
	char *run, *skip;        /* PCRE2 patterns over its test names, NULL: none */
	int short_mode, timeout; /* -test.short; seconds */
	struct strv test_args;   /* more arguments for the binary */
	struct strv test_names;  /* its tests and examples, in order */
};

/* the contents of artifacts.yaml */
struct artifacts {
	char *manifest;          /* absolute path of the manifest they were generated from */
	struct artifact *v;
	size_t n;
	struct artifact *pt;     /* the package test binaries, one per board each runs on */
	size_t npt;
	struct strv files;       /* owns the file names the positions point to */
};

/* write <builddir>/artifacts.yaml for every variant of p, atomically; -1 after reporting */
int artifacts_write(const struct plan *p, const char *builddir);
/* whether a reader wants artifact x, given ctx */
typedef int (*artifact_wants_fn)(const struct artifact *x, const void *ctx);
/* from now on artifacts_read keeps only the entries wants(x, ctx) accepts (NULL: all) */
void artifacts_keep(artifact_wants_fn wants, const void *ctx);
/* read <builddir>/artifacts.yaml into a (zeroed first), keeping what artifacts_keep
 * allows; -1 after reporting */
int artifacts_read(const char *builddir, struct artifacts *a);
void artifacts_release(struct artifacts *a);
/* "target/board/toolchain": how a variant is named in messages (newly allocated) */
char *artifact_name(const struct artifact *x);
/* append the JSON members that name x, first in an object: target, board, toolchain, out */
void artifact_json_names(struct buf *b, const struct artifact *x);

#endif
