/* testmain.h: the _testmain.go that 'go test' (Go 1.19's cmd/go testmainTmpl) writes */
#ifndef MIPSBAKE_TESTMAIN_H
#define MIPSBAKE_TESTMAIN_H

#include "scan/gotest.h"

/*
 * The text of the _testmain.go of the package with import path importpath, byte for byte as
 * Go 1.19's cmd/go writes it without -cover (newly allocated), given the functions of its
 * internal test files (test, package P) and of its external ones (xtest, package P_test).
 * has_test: the package has .go files of its own or internal test files (cmd/go then
 * imports it, as _test when test registers anything, else as _); has_xtest: it has external
 * test files (P_test is imported likewise). NULL after reporting when both test and xtest
 * have a TestMain ("multiple definitions of TestMain").
 */
char *testmain_text(const char *importpath, int has_test, const struct test_funcs *test,
		    int has_xtest, const struct test_funcs *xtest);
/* append s[0..n) to b as Go's strconv.Quote (fmt's %q) writes it */
void go_quote(struct buf *b, const char *s, size_t n);
/* mipsbake testmain --importpath P [--no-go-files] [--test FILE.go]... [--xtest FILE.go]... */
int cmd_testmain(int argc, char **argv);

#endif
