/* generate.h: the build files: build.ninja, its depfile and one file per configuration */
#ifndef MIPSBAKE_GENERATE_H
#define MIPSBAKE_GENERATE_H

#include "emit/backend.h"

/* write build.ninja, its depfile and the per-configuration files; -1 after reporting */
int generate_ninja(const struct plan *p, const struct gen_opts *o);

#endif
