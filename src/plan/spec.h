/* spec.h: naming variants on the command line as TARGET[/BOARD][/TOOLCHAIN] */
#ifndef MIPSBAKE_PLAN_SPEC_H
#define MIPSBAKE_PLAN_SPEC_H

/* 1 when spec, "TARGET", "TARGET/BOARD" or "TARGET/BOARD/TOOLCHAIN", names the variant of
 * target built for board with toolchain, else 0; an empty part of spec ("/wt1520") and a
 * NULL name match anything */
int select_matches(const char *spec, const char *target, const char *board, const char *toolchain);

#endif
