/* diagmap.h: compiler diagnostics in the build files: the map of the paths compiles name
 * files by, and the rule text that shows a compile's output through it */
#ifndef MIPSBAKE_DIAGMAP_H
#define MIPSBAKE_DIAGMAP_H

#include "emit/backend.h"

/*
 * Write DIAG_MAP_FILE into the build directory when its bytes change: what 'mipsbake
 * diag-paths' reads to name the user's files in a compiler's messages. Pairs of
 * NUL-terminated strings: a path prefix as compiles see it (a source view link,
 * the import path cgo's -trimpath writes for a cgo package, a source root's own directory),
 * then the absolute directory it stands for. -1 after reporting.
 */
int diagmap_write(const struct gen_opts *o, const struct plan *p);

/*
 * Append to a rule's command: "{ cmd >log 2>&1; ...; }", which runs cmd (Ninja text) with its
 * output in log and, only when that output is not empty, shows it through 'mipsbake
 * diag-paths'; then "test <cmd's status> = 0" followed by after (Ninja text such as
 * "$onfail", a "|| ..." tail, or ""), so that the group fails exactly when cmd did. A
 * successful silent compile costs two shell builtins, no process.
 */
void diag_command(struct buf *b, const char *cmd, const char *log, const char *after);

#endif
