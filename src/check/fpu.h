/* fpu.h: hard-float binaries for boards without an FPU, found before the build */
#ifndef MIPSBAKE_FPU_H
#define MIPSBAKE_FPU_H

#include "plan/plan.h"

/* 1 when variant v's binary holds FPU instructions: its configuration is hard-float (for gccgo
 * the toolchain's own float ABI, which its libgo has, decides; see plan.c) */
int fpu_variant_hardfloat(const struct variant *v);

/*
 * Warn, at the board's definition, about every hard-float variant built for a board with
 * 'fpu: false': it dies with SIGILL there. A board with 'fpu_emulation: kernel' gets a note
 * instead. Call after plan_make.
 */
void check_fpu(const struct plan *p);


#endif
