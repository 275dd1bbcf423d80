/* fuzz/manifest.c: the manifest loader (YAML walk, values, schema) over arbitrary text */
#include <string.h>

#include "fuzz/fuzz.h"
#include "manifest/manifest.h"

FUZZ_QUIET_INIT

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf text = BUF_INIT;
	struct manifest m;

	buf_add(&text, size ? data : (const uint8_t *)"", size);
	if (manifest_load_buffer("fuzz.yaml", &text, NULL, &m) == 0)
		manifest_release(&m);
	buf_release(&text);
	return 0;
}
