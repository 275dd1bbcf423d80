/* gotest.h: the test functions of Go test files, as Go 1.19's cmd/go (load/test.go) and
 * go/doc find them for 'go test' */
#ifndef MIPSBAKE_GOTEST_H
#define MIPSBAKE_GOTEST_H

#include <stddef.h>

#include "lib/util.h"

enum test_kind { TEST_FUNC, TEST_BENCHMARK, TEST_FUZZ, TEST_EXAMPLE };

/* one function a test main may register */
struct test_func {
	char *name;              /* "TestX", "BenchmarkX", "FuzzX", "ExampleX" */
	enum test_kind kind;
	struct pos pos;          /* its "func" keyword; file points into test_funcs.files */
	char *output;            /* examples: the expected output, "" when none is expected */
	int unordered;           /* examples: "Unordered output:" */
	int has_output;          /* examples: an output comment was found; examples without one
				    are compiled but never run, so the test main leaves them out */
};

/* the test functions of the internal (package P) or of the external (package P_test)
 * test files of one package */
struct test_funcs {
	struct test_func *v;     /* in the order cmd/go registers them: file by file, in source order */
	size_t n, cap;
	int has_main;            /* a TestMain(m *testing.M) was found */
	struct pos main_pos;     /* where */
	struct strv files;       /* the paths read, which the positions point into */
};
#define TEST_FUNCS_INIT { NULL, 0, 0, 0, { NULL, 0, 0 }, STRV_INIT }

/*
 * Read the top-level declarations of one Go test file, src[0..len) (path names it in
 * messages), and append its functions without a receiver that cmd/go registers: Test*
 * (TestMain), Benchmark*, Fuzz* and Example*, each name passing cmd/go's isTest rule (the
 * prefix alone, or not followed by a lower-case letter). Tests, benchmarks and fuzz targets
 * must take one *T, *B or *F (any *X.T, as cmd/go's isTestFunc accepts, so a renamed or dot
 * import of "testing" works) and return nothing; TestMain takes *M, or *T and is then a test.
 * An example has no parameters and a body, and its output is the last comment group of its
 * body when that begins with "Output:" or "Unordered output:" (go/doc's rules).
 * Call it for each file of one kind (TestGoFiles, or XTestGoFiles) in go list's order, into
 * the same out. Returns 0, or -1 after reporting the first problem at its place: a wrong
 * signature ("wrong signature for TestX, must be: func TestX(t *testing.T)"), a second
 * TestMain ("multiple definitions of TestMain"), or a lexical or bracket error that keeps the
 * declarations from being read. Other syntax errors are left to the compiler.
 */
int gotest_read(const char *path, const char *src, size_t len, struct test_funcs *out);
/* gotest_read over the file at path; -1 after reporting (unreadable file too) */
int gotest_read_file(const char *path, struct test_funcs *out);
/* 1 when t registers anything in a test main (a test, benchmark, fuzz target, TestMain or
 * an example with output): cmd/go then imports the package as _test (_xtest), else as _ */
int test_funcs_needed(const struct test_funcs *t);
void test_funcs_release(struct test_funcs *t);

#endif
