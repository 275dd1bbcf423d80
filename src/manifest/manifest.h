/* manifest.h: the manifest model, loaded from YAML with every value's position kept */
#ifndef MIPSBAKE_MANIFEST_H
#define MIPSBAKE_MANIFEST_H

#include <stdint.h>

#include "lib/util.h"

/* which Go compiler a toolchain is */
enum compiler { COMPILER_GCCGO, COMPILER_GC };

/* how a target's binary is linked */
enum link_mode { LINK_STATIC, LINK_STATIC_LIBGO, LINK_DYNAMIC };

/* a toolchain: where the compiler and its binutils live */
struct mf_toolchain {
	char *name;
	struct pos pos;          /* position of the toolchain's key */
	enum compiler compiler;
	char *prefix;            /* gccgo: tool name prefix, e.g. "mipsel-linux-gnu-"; "" when none */
	char *bindir;            /* absolute directory of the tools, NULL: search PATH */
	char *goroot;            /* gc: "auto" or an absolute path; NULL for gccgo */
	char *sysroot;           /* absolute qemu -L directory for dynamic binaries, NULL: none */
	struct strv cflags;      /* extra flags for every gccgo -c and gcc -c */
	struct strv ldflags;     /* extra flags for every link */
	struct strv tags;        /* build tags of every configuration it compiles (go build -tags) */
	char *pkg_config;        /* the pkg-config #cgo pkg-config: runs: a name (looked up in
				    bindir, then PATH) or an absolute path; default "pkg-config" */
	struct strv pkg_config_path; /* absolute directories pkg-config searches
					(PKG_CONFIG_LIBDIR); empty: its built-in default */
	char *cc[4];             /* gc: the C compiler cgo uses per GOARCH (mips, mipsle, mips64,
				    mips64le): a program name or path; NULL: Debian's cross gcc */
};

/* a board: the machine a binary must run on */
struct mf_board {
	char *name;
	struct pos pos;
	char *goarch;            /* mips, mipsle, mips64 or mips64le */
	char *gomips;            /* GOMIPS (mips, mipsle) or GOMIPS64: "hardfloat" or "softfloat" */
	char *cpu;               /* qemu -cpu model, NULL: qemu's default */
	int fpu;                 /* 1 has an FPU, 0 has none, -1 not stated */
	uint64_t flash, ram, tmpfs; /* bytes, 0 when not stated */
	struct pos flash_pos, tmpfs_pos; /* where flash and tmpfs are given */
	char *toolchain;         /* default toolchain name, NULL: none */
	struct pos toolchain_pos;
	char *soc;               /* system on chip, e.g. "RT5350", NULL: not stated */
	char *core;              /* CPU core, e.g. "MIPS 24KEc", NULL: not stated */
	char *endian;            /* "big" or "little" (agrees with goarch), NULL: not stated */
	int fpu_emulation;       /* 1: the kernel emulates the FPU ("fpu_emulation: kernel") */
	int size_warn;           /* percent of a budget above which a binary is warned about, 0: the manifest's */
	struct strv tags;        /* build tags of every binary built for it */
	int cgo;                 /* 1 cgo on, 0 off, -1 not stated (the toolchain's default) */
};

/* a Go dependency: an import path prefix and where its source comes from */
struct mf_dep {
	char *importpath;
	struct pos pos;
	char *path;              /* local source directory, absolute; NULL for git */
	char *git;               /* repository URL; NULL for path */
	char *rev;               /* tag, branch or commit; NULL for path */
	struct pos rev_pos;      /* where rev is given: the manifest's value, or go.mod's line */
	char *subdir;            /* import root inside the repository, NULL: its top */
	struct strv patches;     /* absolute patch file paths, applied in order */
	struct pos *patch_pos;   /* position of each patch entry */
	char **patch_names;      /* per entry, "mipsbake:NAME" when it names a patch shipped with
				    mipsbake (resolved to its file by known_patches_resolve); NULL */
	/* a module go.mod requires (set by modules_apply, all NULL/0 otherwise) */
	char *modpath;           /* the module whose code it is: the required one, or its replacement */
	char *modversion;        /* its module version: rev is resolved by cmd/go's rules, the
				    content checked against go.sum; NULL: rev is a git rev */
	char *tagprefix;         /* the module's directory in its repository, "" or "dir/": its
				    tags are "<tagprefix>vX.Y.Z" */
	char *gover;             /* a vendored module's go version (modules.txt), NULL: none */
	int lazy;                /* fetched only when a package of it is imported */
	int from_gomod;          /* go.mod requires it (the manifest may override parts of it) */
	int partial;             /* the manifest gives neither 'path' nor 'git': go.mod must */
};

/* a smoke test run under qemu */
struct mf_test {
	struct pos pos;
	struct strv args;
	char *expect;            /* PCRE2 pattern stdout must match, NULL: none */
	struct pos expect_pos;
	char *expect_stderr;     /* PCRE2 pattern stderr must match ("stderr:"), NULL: none */
	struct pos stderr_pos;
	int exit_code;           /* expected exit status, default 0 */
	int timeout;             /* seconds the run may take, default TEST_TIMEOUT */
};

/* package tests ('tests:' of a target, or of the manifest): go test for some packages */
struct mf_gotest {
	struct pos pos;
	struct strv packages;    /* "./...", "./dir", "./dir/...", an import path, "path/..." */
	struct pos *package_pos;
	struct strv boards;      /* the manifest's: boards to test on (a target's: its boards) */
	struct pos *board_pos;
	struct strv toolchains;  /* the manifest's: toolchains; empty: each board's default */
	struct pos *toolchain_pos;
	char *run;               /* PCRE2 pattern: only the tests it matches (-test.run), NULL: all */
	char *skip;              /* PCRE2 pattern: the tests it matches are not run, NULL: none */
	int short_mode;          /* -test.short */
	int timeout;             /* seconds one package's tests may take (-test.timeout) */
	struct strv args;        /* more arguments for every test binary */
};

/* the default 'timeout' of a package's tests, in seconds (go test's 10m) */
#define GOTEST_TIMEOUT 600

/* the default 'timeout' of a test, in seconds */
#define TEST_TIMEOUT 10
/* the default 'size_warn', in percent */
#define SIZE_WARN_DEFAULT 80

/* a binary to build for some boards */
struct mf_target {
	char *name;
	struct pos pos;
	char *main;              /* the main package: "./dir" relative to the module root, or an import path */
	struct pos main_pos;
	struct strv boards;      /* board names, at least one */
	struct pos *board_pos;
	struct strv toolchains;  /* toolchain names; empty: each board's default */
	struct pos *toolchain_pos;
	enum link_mode link;     /* default LINK_STATIC */
	int strip;               /* default 0 */
	int persist;             /* kept in flash: the flash budget applies too; default 0 */
	struct strv defines;     /* "importpath.name=value": string variables set at link time */
	struct pos *define_pos;  /* where each is given */
	struct strv stamps;      /* "importpath.name=what": variables a release sets, what being
				    "version", "commit" or "date"; never one of the defines */
	struct pos *stamp_pos;
	struct strv tags;        /* build tags, after the toolchain's and the board's */
	struct strv gcflags;     /* words added to every go tool compile (gc) or gccgo -c of Go files */
	struct strv asmflags;    /* words added to every go tool asm (gc only) */
	struct strv ldflags;     /* words added to the link, after the toolchain's */
	int cgo;                 /* 1 cgo on, 0 off, -1 not stated (the board's, else the toolchain's) */
	struct mf_gotest *gotest; /* 'tests:': package tests built like this target, NULL: none */
	struct mf_test *tests;
	size_t ntests;
};

/* the #cgo verbs 'cgo_allow:' and 'cgo_disallow:' take patterns for: CPPFLAGS, CFLAGS,
 * CXXFLAGS, FFLAGS, LDFLAGS (NULL-terminated) */
#define MF_CGO_VERBS 5
extern const char *const mf_cgo_verbs[MF_CGO_VERBS + 1];

/* a loaded manifest, includes merged in */
/* 'cache:': the remote build cache */
struct mf_cache {
	char *remote;            /* its URL, NULL: none */
	int read_only;           /* read from it, never write */
	char *header_env;        /* the environment variable that holds a "Name: value" header
				    sent with every request (a token stays out of the manifest) */
};

struct manifest {
	char *path;              /* the path as given */
	char *dir;               /* absolute directory of the main manifest: the module root */
	int schema;              /* the value of "mipsbake:", 1 */
	char *module;            /* import path of the module root, NULL: none */
	struct pos module_pos;
	struct strv mirrors;     /* "prefix url-prefix" pairs of 'mirrors:', ${VAR} expanded */
	struct pos *mirror_pos;
	char *cgo_allow[MF_CGO_VERBS];    /* 'cgo_allow:' a PCRE2 pattern per #cgo verb, in
					     mf_cgo_verbs' order (enum cgo_kind's), NULL: none */
	char *cgo_disallow[MF_CGO_VERBS]; /* 'cgo_disallow:', the same */
	char *gomod;             /* absolute path of the module root's go.mod, NULL: none */
	const char *gomod_shown; /* go.mod as messages name it (one of files) */
	char *go;                /* its go line ("1.N"), NULL: none */
	char *gosum;             /* absolute path of go.sum beside it */
	char *gosum_shown;       /* go.sum as messages name it */
	int vendor;              /* packages come from vendor/ (go build -mod=vendor) */
	char *version;           /* "git" or a literal, NULL: none */
	int size_warn;           /* percent of a budget above which a binary is warned about */
	struct mf_toolchain *toolchains;
	size_t ntoolchains;
	struct mf_board *boards;
	size_t nboards;
	struct mf_dep *deps;
	size_t ndeps;
	struct mf_target *targets;
	size_t ntargets;
	struct mf_gotest *gotest; /* the manifest's 'tests:', NULL: none */
	struct mf_cache cache;   /* 'cache:' */
	struct strv files;       /* the manifest and every include as shown in messages; positions point here */
	struct strv abs_files;   /* the same files, absolute (for the regeneration depfile) */
	struct strv env;         /* "NAME=value" of every ${NAME} expanded, sorted, each once:
				    the build files are stale when one of these changes */
};

/*
 * Load the manifest at path, follow its includes (searched beside the including file, then
 * in each of searchdirs), validate every value and reference. Reports every error it finds as
 * "file:line:col: error: ..." and returns -1 if there was any; 0 on success. On failure m is
 * left released and zeroed, so calling manifest_release on it again is harmless.
 */
int manifest_load(const char *path, const struct strv *searchdirs, struct manifest *m);
/* the same with the main manifest's text given rather than read (the fuzzer's entry point) */
int manifest_load_buffer(const char *path, const struct buf *text, const struct strv *searchdirs,
			 struct manifest *m);
/* free everything the manifest owns */
void manifest_release(struct manifest *m);

/* lookups by name, NULL when absent */
const struct mf_toolchain *manifest_toolchain(const struct manifest *m, const char *name);
const struct mf_board *manifest_board(const struct manifest *m, const char *name);
const struct mf_target *manifest_target(const struct manifest *m, const char *name);

/* view: a target (owning nothing, valid while g is) that builds the manifest's 'tests:' g:
 * its boards and toolchains, no tags, flags or tests of its own */
void mf_gotest_target(const struct mf_gotest *g, struct mf_target *view);
/* the index of goarch in mips, mipsle, mips64, mips64le; -1 for another */
int goarch_index(const char *goarch);
/* "gccgo" or "gc" */
const char *compiler_name(enum compiler c);
/* "static", "static-libgo" or "dynamic" */
const char *link_mode_name(enum link_mode l);

#endif
