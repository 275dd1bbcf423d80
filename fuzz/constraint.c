/* fuzz/constraint.c: //go:build expressions, "// +build" lines and whole file headers */
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz.h"
#include "scan/goscan.h"

FUZZ_QUIET_INIT

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct build_ctx ctx = { "linux", "mips64", "gc", 19, 0, NULL, 0, NULL };
	struct constraint_error err;
	char *s = fuzz_text(data, size);

	constraint_eval_expr_err(&ctx, s, &err);
	constraint_eval_plus_build(&ctx, s);
	constraint_eval_header(&ctx, s, size, &err);
	constraint_file_name_ok(&ctx, s);
	free(s);
	return 0;
}
