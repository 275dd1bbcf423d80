/* hint.h: after a failed build, naming the shipped patch that cures a known compiler error */
#ifndef MIPSBAKE_HINT_H
#define MIPSBAKE_HINT_H

#include "lib/util.h"
#include "plan/plan.h"

/*
 * Note in the build directory the shipped patches (<datadir>/patches) that could cure a
 * failure of plan p: for a module some configuration compiles with the patch's compiler and
 * GOARCH, at one of its versions (or from a directory), whose dependency does not use it.
 * With none, the note is removed, and the build runs as before. -1 after reporting.
 */
int hint_note_candidates(const struct plan *p, const char *builddir, const char *datadir);
/* 1 when the build directory holds candidates: the build's output is worth watching */
int hint_wanted(const char *builddir);
/* after a failed build whose output was out: a hint for each candidate whose signature the
 * output of a failed edge matches */
void hint_after_failure(const char *builddir, const char *datadir, const struct buf *out);

#endif
