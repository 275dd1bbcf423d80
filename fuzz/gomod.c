/* fuzz/gomod.c: the go.mod parser over arbitrary text */
#include "fetch/gomod.h"
#include "fuzz/fuzz.h"

FUZZ_QUIET_INIT

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gomod m;
	struct buf json = BUF_INIT;

	if (gomod_parse("go.mod", (const char *)data, size, &m) == 0) {
		gomod_json(&m, &json);
		gomod_release(&m);
	}
	buf_release(&json);
	return 0;
}
