/* fuzz/goscan.c: the Go header scanner (constraints, package clause, imports) over a file */
#include <string.h>

#include "fuzz/fuzz.h"
#include "scan/goscan.h"

FUZZ_QUIET_INIT

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct build_ctx ctx = { "linux", "mipsle", "gccgo", 18, 1, NULL, 1, NULL };
	struct go_pkg pkg;

	memset(&pkg, 0, sizeof(pkg));
	goscan_buffer(&ctx, size & 1 ? "fuzz_test.go" : "fuzz.go", (const char *)data, size, &pkg);
	go_pkg_release(&pkg);
	return 0;
}
