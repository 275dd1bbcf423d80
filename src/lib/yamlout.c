/* yamlout.c: libyaml's emitter into a struct buf */
#include <string.h>

#include "lib/yamlout.h"
#include "lib/banned.h"

static int write_handler(void *data, unsigned char *bytes, size_t size)
{
	buf_add(data, bytes, size);
	return 1;
}

/* hand event e to the emitter, which takes it */
static void ev(struct yout *y, yaml_event_t *e)
{
	if (y->failed)
		yaml_event_delete(e);
	else if (!yaml_emitter_emit(&y->e, e))
		y->failed = 1;
}

void yout_init(struct yout *y, struct buf *out)
{
	yaml_event_t e;

	memset(y, 0, sizeof(*y));
	y->out = out;
	if (!yaml_emitter_initialize(&y->e))
		die("out of memory");
	yaml_emitter_set_output(&y->e, write_handler, out);
	yaml_emitter_set_unicode(&y->e, 1);
	yaml_emitter_set_width(&y->e, -1);
	yaml_emitter_set_indent(&y->e, 2);
	yaml_emitter_set_break(&y->e, YAML_LN_BREAK);
	yaml_stream_start_event_initialize(&e, YAML_UTF8_ENCODING);
	ev(y, &e);
	yaml_document_start_event_initialize(&e, NULL, NULL, NULL, 1);
	ev(y, &e);
}

int yout_finish(struct yout *y, const char *what)
{
	yaml_event_t e;
	int rc = 0;

	yaml_document_end_event_initialize(&e, 1);
	ev(y, &e);
	yaml_stream_end_event_initialize(&e);
	ev(y, &e);
	if (y->failed)
		rc = error("could not write %s: %s", what, y->e.problem ? y->e.problem : "libyaml failed");
	yaml_emitter_delete(&y->e);
	return rc;
}

void yout_scalar(struct yout *y, const char *s, yaml_scalar_style_t style)
{
	yaml_event_t e;

	if (!yaml_scalar_event_initialize(&e, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), 1, 1, style))
		die("out of memory");
	ev(y, &e);
}

void yout_mapping(struct yout *y)
{
	yaml_event_t e;

	yaml_mapping_start_event_initialize(&e, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
	ev(y, &e);
}

void yout_sequence(struct yout *y, yaml_sequence_style_t style)
{
	yaml_event_t e;

	yaml_sequence_start_event_initialize(&e, NULL, NULL, 1, style);
	ev(y, &e);
}

void yout_end(struct yout *y, int mapping)
{
	yaml_event_t e;

	if (mapping)
		yaml_mapping_end_event_initialize(&e);
	else
		yaml_sequence_end_event_initialize(&e);
	ev(y, &e);
}
