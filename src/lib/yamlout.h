/* yamlout.h: writing YAML through libyaml's emitter into a buffer (lock file, artifacts.yaml) */
#ifndef MIPSBAKE_YAMLOUT_H
#define MIPSBAKE_YAMLOUT_H

#include <yaml.h>

#include "lib/util.h"

/* an emitter appending one block-style document to a buffer */
struct yout {
	yaml_emitter_t e;
	struct buf *out;
	int failed;              /* libyaml refused an event; the rest are dropped */
};

/* start the stream and the document, appending to out */
void yout_init(struct yout *y, struct buf *out);
/* end the document and the stream and free the emitter; -1 (reported, naming what) on failure */
int yout_finish(struct yout *y, const char *what);
/* a scalar in the given style (YAML_ANY_SCALAR_STYLE: libyaml's choice) */
void yout_scalar(struct yout *y, const char *s, yaml_scalar_style_t style);
/* a block mapping, or a sequence in the given style; yout_end closes the innermost one */
void yout_mapping(struct yout *y);
void yout_sequence(struct yout *y, yaml_sequence_style_t style);
void yout_end(struct yout *y, int mapping);

#endif
