/* steps.h: <build>/steps.json, which Ninja output belongs to which package and binary */
#ifndef MIPSBAKE_STEPS_H
#define MIPSBAKE_STEPS_H

#include "plan/plan.h"

/*
 * Write <builddir>/STEPS_FILE when its bytes change: each configuration (its name, a short
 * label), its packages (objkey, import path, directory, the objkeys they import) and each
 * link (name, the Ninja output, the objkeys it links). 'mipsbake explain' reads it to say
 * Ninja's outputs in mipsbake's words. -1 after reporting.
 */
int steps_write(const struct plan *p, const char *builddir);
/* the label of configuration c in messages: "<goarch>-<gomips> <compiler>" when no other
 * configuration of p has the same, else its name (newly allocated) */
char *steps_config_label(const struct plan *p, const struct config *c);

#endif
