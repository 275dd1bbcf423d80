/* action.h: the build's steps as cached actions: each edge of a cached rule gets a
 * description file that 'mipsbake act' turns into the key of its outputs */
#ifndef MIPSBAKE_ACTION_H
#define MIPSBAKE_ACTION_H

#include "emit/backend.h"
#include "lib/util.h"

/* what a cached rule's command is wrapped in: the outputs come from the cache, or the
 * command runs and its outputs go into it ($actions: the configuration's descriptions,
 * $act: the edge's key among them) */
#define ACTION_GET "$self act get $actions $act || { "
#define ACTION_PUT " && $self act put $actions $act; }"

/*
 * Rewrite the text of configuration c's file in place: an "actions" variable naming the
 * file of its actions' descriptions, cfg/<dir>.actions (lib/builddir.h), and after each
 * edge of a cached rule an "act" variable, the edge's key there (its first output). The file
 * is written when its bytes changed: one file for the configuration rather than one per
 * edge, as a new build directory gets thousands of edges. Each description holds the
 * action's kind, outputs, inputs and the digest of what else decides the outputs: the
 * edge's text and the configuration's variables with the paths of this machine replaced (a
 * package's directory by its import path, as -trimpath does, the build directory by "."),
 * and the digests of the tools they name. -1 after reporting.
 */
int action_annotate(struct buf *b, const struct gen_opts *o, const struct config *c);
/* keep the digests of the tools that action_annotate computed for the next generation */
void action_save_tools(const struct gen_opts *o);

#endif
