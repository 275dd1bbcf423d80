/* sizes.h: every binary against its board's tmpfs budget (and flash, when it must persist) */
#ifndef MIPSBAKE_SIZES_H
#define MIPSBAKE_SIZES_H

#include <stdint.h>

#include "lib/util.h"

/*
 * After a build: compare each artifact of <builddir>/artifacts.yaml with its board's tmpfs,
 * and flash when its target persists. Over a budget is an error; over the board's size_warn
 * percent of it a warning; both name the variant, the size, the budget and the percentage.
 * Unless quiet, also say how many binaries were checked. Returns 0, or -1 when a binary is
 * over budget or missing (or artifacts.yaml cannot be read).
 */
int sizes_check(const char *builddir, int quiet);
/* mipsbake sizes-check BUILDDIR (run by Ninja): 0 and the stamp written, or 1 */
int cmd_sizes_check(int argc, char **argv);

/*
 * 'mipsbake sizes': print a table of every artifact's size, budgets, percentages and status
 * (ok, warning, over, missing), or the same as a JSON array with json set. Returns 0, or 1
 * when an artifact is over budget or missing.
 */
int cmd_sizes(const char *builddir, int json);

#endif
