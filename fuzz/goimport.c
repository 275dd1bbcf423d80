/* fuzz/goimport.c: the go-import meta tag parser over arbitrary HTML */
#include "fetch/goimport.h"
#include "fuzz/fuzz.h"

FUZZ_QUIET_INIT

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct goimport g;
	struct buf why = BUF_INIT;

	if (goimport_parse("example.com/a/b", (const char *)data, size, &g, &why) == 0)
		goimport_release(&g);
	buf_release(&why);
	return 0;
}
