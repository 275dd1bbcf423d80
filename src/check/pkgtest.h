/* pkgtest.h: run package test binaries under qemu-user with each board's CPU, as go test does */
#ifndef MIPSBAKE_CHECK_PKGTEST_H
#define MIPSBAKE_CHECK_PKGTEST_H

#include "lib/util.h"

/* what 'mipsbake test' was asked for */
struct gotest_opts {
	const char *run;         /* --run: a PCRE2 pattern in place of the manifest's 'run', NULL: none */
	const struct strv *pkgs; /* PKG...: only these import paths; NULL or empty: all */
	int json;                /* --json: go test -json's events on stdout */
	const char *junit;       /* --junit FILE: JUnit XML, NULL: none */
	int no_cache;            /* --count=1: run even when a result is cached */
	int jobs;                /* test binaries run at once */
};

/*
 * Run every package test binary of <builddir>/artifacts.yaml on each of its boards: in
 * the package's source directory (so testdata/ works), under qemu-<arch>-static -cpu
 * <board cpu>, with -test.v through 'go tool test2json -t' so each run is go test -json's
 * events. A result is kept in <builddir>/testcache by what decides it (the binary's
 * digest, the arguments, the CPU, the files of the package's testdata/) and reused, as go
 * test reuses its results, unless no_cache. Prints a table of package x board x toolchain
 * (pass, fail and skip counts, times), the output of each failing test, and for a test that
 * fails on some boards only, where it fails and where it passes. Returns 0 when every test
 * passed (or there are none), 1 otherwise.
 */
int gotest_run(const char *builddir, const struct gotest_opts *o);

#endif
