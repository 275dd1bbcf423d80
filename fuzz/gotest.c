/* fuzz/gotest.c: the test function reader over a test file, then the test main it makes */
#include <stdlib.h>

#include "emit/testmain.h"
#include "fuzz/fuzz.h"
#include "scan/gotest.h"

FUZZ_QUIET_INIT

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct test_funcs t = TEST_FUNCS_INIT;

	if (gotest_read("fuzz_test.go", (const char *)data, size, &t) == 0) {
		char *text = testmain_text("example.com/fuzz", 1, &t, 0, NULL);

		free(text);
	}
	test_funcs_release(&t);
	return 0;
}
