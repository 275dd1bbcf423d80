/* action.h: the build's steps as cached actions: each edge of a cached rule gets a
 * description file that 'mipsbake act' turns into the key of its outputs */
#ifndef MIPSBAKE_ACTION_H
#define MIPSBAKE_ACTION_H

#include "emit/backend.h"
#include "lib/util.h"

/* what a cached rule's command is wrapped in: the outputs come from the cache, or the
 * command runs and its outputs go into it ($act: the edge's description) */
#define ACTION_GET "$self act get $act || { "
#define ACTION_PUT " && $self act put $act; }"

/*
 * Rewrite the text of configuration c's file in place: after each edge of a cached rule, an
 * "act" variable naming its description, act/<first output>, written (when its bytes
 * changed) with the action's kind, outputs, inputs and the digest of what else decides the
 * outputs: the edge's text and the configuration's variables with the paths of this
 * machine replaced (a package's directory by its import path, as -trimpath does, the build
 * directory by "."), and the digests of the tools they name. -1 after reporting.
 */
int action_annotate(struct buf *b, const struct gen_opts *o, const struct config *c);
/* keep the digests of the tools that action_annotate computed for the next generation */
void action_save_tools(const struct gen_opts *o);

#endif
