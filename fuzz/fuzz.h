/* fuzz.h: what every harness shares: libFuzzer's entry points and a quiet stderr */
#ifndef MIPSBAKE_FUZZ_H
#define MIPSBAKE_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* libFuzzer's entry points; fuzz/driver.c calls the same ones over a corpus */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#include <string.h>

#include "lib/util.h"

/* data as a NUL-terminated string (NUL bytes in it kept), newly allocated */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* the diagnostics a harness provokes are expected: counted, not printed */
#define FUZZ_QUIET_INIT                                                \
	int LLVMFuzzerInitialize(int *argc, char ***argv)              \
	{                                                              \
		(void)argc, (void)argv;                                \
		diag_silent = 1;                                       \
		return 0;                                              \
	}

#endif
