/* fuzz/expand.c: ${NAME} expansion, with a few variables set (one holding a control byte) */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz.h"
#include "manifest/expand.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	diag_silent = 1;
	setenv("HOME", "/home/fuzz", 1);
	setenv("A", "a b$c", 1);
	setenv("EMPTY", "", 1);
	setenv("NL", "x\ny", 1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf out = BUF_INIT;
	struct strv used = STRV_INIT;
	struct expand_err err;
	char *s = fuzz_text(data, size);

	if (expand_vars(s, &out, &used, &err) != EXPAND_OK)
		expand_find(s, strlen(s), err.nth);
	free(err.name);
	buf_release(&out);
	strv_release(&used);
	free(s);
	return 0;
}
