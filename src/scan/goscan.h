/* goscan.h: choose a package directory's files as go list does, and read their imports */
#ifndef MIPSBAKE_GOSCAN_H
#define MIPSBAKE_GOSCAN_H

#include "lib/map.h"
#include "lib/util.h"

/*
 * What scans read that no build context changes, kept for what reads the same files later
 * in one generation (the directories' digest stamps, dirlist_text): it then lists no
 * directory and reads no header a second time. The plan keeps one while it lives; the
 * files are taken to stay as they were meanwhile.
 */
struct scan_memo {
	struct strmap names;     /* a directory -> struct strv *: its names, as fs_list_dir */
	struct strmap headers;   /* a .go file (not _test.go) -> char *: 64 hex digits, the
				    SHA-256 of goscan_header_text's text */
};
/* the names of dir through memo (NULL: none): listed the first time; -1 after reporting */
int scan_memo_list(struct scan_memo *memo, const char *dir, struct strv *names);
void scan_memo_release(struct scan_memo *memo);

/* the build configuration files are chosen for */
struct build_ctx {
	const char *goos;        /* "linux" */
	const char *goarch;      /* GOARCH */
	const char *compiler;    /* "gccgo" or "gc": also a build tag */
	int go_minor;            /* release tags go1.1 ... go1.<go_minor> are satisfied */
	int cgo;                 /* the "cgo" tag is satisfied */
	const struct strv *tags; /* more tags that hold, as go build -tags adds them; NULL: none */
	int tests;               /* choose _test.go files too (go list -test), into the test_* and
				    xtest_* fields of struct go_pkg */
	struct scan_memo *memo;  /* what the scans keep; NULL: nothing */
};

/* one import of a chosen Go file */
struct go_import {
	char *path;
	struct pos pos;          /* file:line:col of the import path's string literal */
};

/* one //go:embed pattern of a chosen .go file that imports "embed" */
struct go_embed {
	char *pattern;           /* as written, quotes removed ("all:" kept) */
	struct pos pos;          /* file:line:col of the pattern */
};

/* the chosen files of one package directory */
struct go_pkg {
	char *dir;               /* the directory as given */
	char *name;              /* the package clause of the chosen .go files */
	struct strv go_files;    /* chosen .go file names, sorted as go list sorts them */
	struct strv cgo_files;   /* chosen .go file names that import "C" (only when ctx->cgo) */
	int cgo_ignored;         /* .go files left out only because they import "C" and ctx->cgo is 0 */
	struct strv c_files;     /* chosen .c file names (only when ctx->cgo, as cmd/go does) */
	struct strv h_files;     /* chosen .h file names */
	struct strv s_files;     /* chosen .s files; .S/.sx only count beside cgo files, as in go/build */
	struct strv paths;       /* full paths of chosen .go files (cgo files too); import positions point here */
	struct go_import *imports; /* every import of every chosen .go file, in order, repeats kept */
	size_t nimports, cap_imports;
	struct go_embed *embeds; /* every //go:embed pattern of the chosen .go files, in order */
	size_t nembeds, cap_embeds;
	/* with ctx->tests: the chosen _test.go files, as go list's TestGoFiles (package name)
	 * and XTestGoFiles (package name_test), sorted; their full paths, imports and
	 * //go:embed patterns kept apart from the package's own */
	struct strv test_files, xtest_files;
	struct strv test_paths, xtest_paths;
	struct go_import *test_imports, *xtest_imports;
	size_t ntest_imports, cap_test_imports, nxtest_imports, cap_xtest_imports;
	struct go_embed *test_embeds, *xtest_embeds;
	size_t ntest_embeds, cap_test_embeds, nxtest_embeds, cap_xtest_embeds;
};

/*
 * Choose the files of the package in dir for ctx and parse the chosen .go files' package
 * clauses and imports. Returns 0 when the package has chosen .go files (cgo files count), 1 when it has none
 * (not reported: the caller knows whether that is an error), -1 after reporting errors
 * (unreadable files, syntax errors in the header, mixed package names).
 *
 * With ctx->tests, _test.go files that pass the same build constraints and file name rules
 * are read too, in directory order with the others, as go/build's Import reads them: one
 * whose package clause ends in "_test" and is not the package's name so far (or that comes
 * first) is an external test (xtest_files), its name minus "_test" standing for the
 * package's; any other goes to test_files. The first chosen file, test or not, names the
 * package (so pkg->name is "foo" for a directory holding only package foo_test files); a
 * name that differs is the mixed package error, and a test file that imports "C" is an error
 * at its import ("use of cgo in test"). Test files never count for the return value: a
 * directory with only test files returns 1 (go build's "no non-test Go files"), its
 * test_* / xtest_* fields and name filled in; -1 leaves them filled as far as they got.
 */
int goscan_dir(const struct build_ctx *ctx, const char *dir, struct go_pkg *pkg);
/*
 * Read one Go file's header from memory (named path in messages), as goscan_dir reads each
 * file: 1 when its build constraints choose it, with its package clause, imports and
 * //go:embed patterns in pkg (name, imports, embeds), 0 when they do not, -1 after
 * reporting. With ctx->tests and a path ending in _test.go, importing "C" is an error (-1),
 * as in goscan_dir. The fuzzer's entry point.
 */
int goscan_buffer(const struct build_ctx *ctx, const char *path, const char *data, size_t len,
		  struct go_pkg *pkg);
/*
 * Append to out what choosing the file at path for a package and reading its header read,
 * for every build context at once: for a .go file (a _test.go one too) its text through its
 * import declarations (build constraints, package clause, imports, cgo preambles) and its
 * //go:embed patterns; for a .c, .h, .s, .S or .sx file its leading comments. A header the
 * scanner would refuse gives the whole text. 1 appended, 0 a file the scanner never reads
 * (by its name), -1 unreadable. Silent: the generation reports problems.
 */
int goscan_header_text(const char *path, struct buf *out);
/* free what goscan_dir filled in */
void go_pkg_release(struct go_pkg *pkg);

/* 1 when name's _GOOS/_GOARCH suffixes match ctx (go/build's goodOSArchFile) */
int constraint_file_name_ok(const struct build_ctx *ctx, const char *name);
/* evaluate a //go:build expression; 1 true, 0 false, -1 syntax error */
int constraint_eval_expr(const struct build_ctx *ctx, const char *expr);
/* evaluate the options of one legacy "// +build" line (after "+build"); 1 or 0 */
int constraint_eval_plus_build(const struct build_ctx *ctx, const char *line);
/* 1 when arch is one of go/build's known GOARCH values (Go 1.19) */
int constraint_known_arch(const char *arch);
/* 1 when tag is satisfied by ctx (linux, unix, GOARCH, compiler, cgo, goN.M, ctx->tags) */
int constraint_tag(const struct build_ctx *ctx, const char *tag);

/* why a build constraint could not be read */
struct constraint_error {
	size_t offset;           /* byte offset of the problem in the text given */
	char msg[96];            /* e.g. "missing close paren" */
};
/* constraint_eval_expr, and on a syntax error (-1) say why and where in *err */
int constraint_eval_expr_err(const struct build_ctx *ctx, const char *expr,
			     struct constraint_error *err);
/*
 * go/build's shouldBuild over a file's leading text hdr[0..len) (BOM removed): a //go:build
 * line among the leading comments decides; without one, every "// +build" line of the leading
 * run of // comments and blank lines that ends with a blank line must be satisfied. Returns 1
 * (build), 0 (skip) or -1 with *err set (two //go:build lines, a bad expression).
 */
int constraint_eval_header(const struct build_ctx *ctx, const char *hdr, size_t len,
			   struct constraint_error *err);

/* why cmd/go (golang.org/x/mod's CheckImportPath) refuses import path path, NULL when it
 * does not: empty, '.' or '..' elements, a leading '-' or '/', characters outside
 * [A-Za-z0-9._~+-], names Windows reserves */
const char *go_import_path_problem(const char *path);

#endif
