/* diagpaths.h: compilers' messages naming the user's files, not the build directory's views */
#ifndef MIPSBAKE_DIAGPATHS_H
#define MIPSBAKE_DIAGPATHS_H

/* the directory mipsbake was run in, set for Ninja's commands: diag-paths shows paths
 * relative to it (unset, as when Ninja is run by hand: relative to the build directory) */
#define DIAG_CWD_ENV "MIPSBAKE_CWD"

/*
 * mipsbake diag-paths LOG, run by a compile's rule in the build directory when the compile
 * said anything (see emit/diagmap.h): prints LOG with each file a message names, as the
 * compiler was given it (a source view link, cgo's import path form, an absolute path, a
 * file of the build directory), shown as go build shows it: relative to $MIPSBAKE_CWD
 * when that is shorter, else absolute. Only a name at the start of a line (after blanks,
 * gcc's "In file included from " or "from "), or one of the build map's prefixes after a
 * blank, followed by ":<line>" (or gcc's ": " at the start), and naming a file that
 * exists, is changed; source excerpt lines ("  12 | ...") never are. 0, or 1 when LOG
 * cannot be read; 2 for a usage error.
 */
int cmd_diag_paths(int argc, char **argv);

#endif
