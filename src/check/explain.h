/* explain.h: 'mipsbake explain': why each step would run, Ninja's -d explain in mipsbake's words */
#ifndef MIPSBAKE_EXPLAIN_H
#define MIPSBAKE_EXPLAIN_H

#include "lib/util.h"

/*
 * Ask Ninja (-n -d explain) why each step of the build directory would run, for the
 * variants specs names (TARGET[/BOARD][/TOOLCHAIN]; none: the default build), and print it
 * per package and per link. When build.ninja itself is out of date, say why, let Ninja
 * regenerate it for real, then ask again. Lines it does not know are printed as they are.
 * Returns 0, 1 after reporting, or Ninja's own status.
 */
int explain_main(const char *builddir, const struct strv *specs);

#endif
