/* dirlist.h: what of a directory a build reads (the names in it, its files' headers), so
 * that a stray file in it or an edit of a function body does not regenerate the build files */
#ifndef MIPSBAKE_SCAN_DIRLIST_H
#define MIPSBAKE_SCAN_DIRLIST_H

#include "lib/util.h"
#include "scan/goscan.h"

/*
 * "# <dir>", then the names in dir that can change what a build reads, one per line,
 * sorted: with DIRLIST_ALL,
 * every entry (a directory //go:embed patterns walk); else those go/build would read in
 * a package directory: .go, C, C++, assembler, Fortran, SWIG and .syso files, not hidden
 * and not starting with '_'. A file the scanner reads has the digest of what it reads
 * after its name (goscan_header_text), and its path pushed to read (when not NULL): a
 * build needs the text written again when one of them changes. _test.go files are read
 * only with DIRLIST_TESTS (a package whose tests are built), with the functions the test
 * main registers. What memo (NULL: none) kept of the scans is not read again. -1 after
 * reporting (dir unreadable).
 */
#define DIRLIST_ALL 1u
#define DIRLIST_TESTS 2u
int dirlist_text(const char *dir, unsigned flags, struct scan_memo *memo, struct buf *out, struct strv *read);
/* mipsbake dirlist [--all] [--tests] DIR... OUT (run by Ninja): the texts of the DIRs one
 * after the other, OUT rewritten only when that changed; 0, 1 on error, 2 on usage error */
int cmd_dirlist(int argc, char **argv);

#endif
