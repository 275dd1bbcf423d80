/* select.h: the variants a command is limited to: TARGET[/BOARD][/TOOLCHAIN], --board, --target */
#ifndef MIPSBAKE_CHECK_SELECT_H
#define MIPSBAKE_CHECK_SELECT_H

#include "check/artifacts.h"
#include "lib/util.h"

/* what the command line named; all empty: every variant */
struct selection {
	struct strv specs;       /* TARGET[/BOARD][/TOOLCHAIN] operands; an empty part is any */
	struct strv boards;      /* --board B... */
	struct strv targets;     /* --target T... */
	int lenient;             /* unknown names select nothing, for the command to report */
};
#define SELECTION_INIT { STRV_INIT, STRV_INIT, STRV_INIT, 0 }

void selection_release(struct selection *s);
/* 1 when s names anything, else 0 (every variant) */
int selection_given(const struct selection *s);
/* 1 when word names a target, TARGET/BOARD[/TOOLCHAIN] or /BOARD... of a, else 0 */
int selection_is_spec(const struct artifacts *a, const char *word);
/*
 * Check that every spec, --board and --target of s names something a holds; -1 after
 * saying which name is unknown and listing the names a has.
 */
int selection_check(const struct selection *s, const struct artifacts *a);
/* 1 when s selects x (a binary or a package test binary), else 0 */
int selection_wants(const struct selection *s, const struct artifact *x);
/*
 * From now on artifacts_read keeps only what s selects (NULL: everything): the reports
 * after a build (sizes, smoke tests, package tests, release) then cover the named variants
 * only. s must outlive the reads.
 */
void selection_restrict(const struct selection *s);

#endif
