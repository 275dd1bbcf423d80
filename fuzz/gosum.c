/* fuzz/gosum.c: go.sum lines over arbitrary text, then written back in Go's order */
#include <string.h>

#include "fetch/gosum.h"
#include "fuzz/fuzz.h"

FUZZ_QUIET_INIT

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gosum s;

	memset(&s, 0, sizeof(s));
	s.shown = "go.sum";
	if (gosum_parse(&s, (const char *)data, size) == 0 && s.n) {
		const struct gosum_line *l = &s.v[s.n - 1];

		gosum_add(&s, l->path, l->version, "h1:fuzz");
		(void)gosum_find(&s, s.v[0].path, s.v[0].version);
	}
	gosum_release(&s);
	return 0;
}
