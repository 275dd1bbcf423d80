/* pkgreport.h: 'mipsbake sizes --packages': where each binary's bytes go, as a table, JSON
 * or an HTML report with a treemap per binary */
#ifndef MIPSBAKE_PKGREPORT_H
#define MIPSBAKE_PKGREPORT_H

#include "check/artifacts.h"

/*
 * For every artifact of <builddir>/artifacts.yaml (built, with its symbols: 'sizes
 * --packages' builds the unstripped twins of stripped ones), print its bytes by package,
 * largest first, with each row's share of the binary and of its board's tmpfs budget; with
 * json set as a JSON array. html, when not NULL, names an HTML file to write as well (an SVG
 * treemap per binary). Returns 0, or 1 after reporting.
 */
int cmd_sizes_packages(const char *builddir, int json, const char *html);
/*
 * The note after an over-budget error: "the largest packages of '<variant>': a 1.2 MiB,
 * ..." (five at most), when the binary's symbols are at hand (it is not stripped, or its
 * unstripped twin is up to date); nothing otherwise.
 */
void pkgreport_largest(const char *builddir, const struct artifact *x);

#endif
