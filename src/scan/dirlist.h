/* dirlist.h: what of a directory's listing a build reads, so that a stray file in it
 * does not regenerate the build files */
#ifndef MIPSBAKE_SCAN_DIRLIST_H
#define MIPSBAKE_SCAN_DIRLIST_H

#include "lib/util.h"

/*
 * The names in dir that can change what a build reads, one per line, sorted: with all,
 * every entry (a directory //go:embed patterns walk); else those go/build would read in
 * a package directory: .go, C, C++, assembler, Fortran, SWIG and .syso files, not hidden
 * and not starting with '_'. -1 after reporting (dir unreadable).
 */
int dirlist_text(const char *dir, int all, struct buf *out);
/* mipsbake dirlist [--all] DIR OUT (run by Ninja): OUT rewritten only when the listing
 * changed; 0, 1 on error, 2 on usage error */
int cmd_dirlist(int argc, char **argv);

#endif
