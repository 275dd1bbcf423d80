/* fuzz/lock.c: the lock file reader over arbitrary text */
#include "fetch/lock.h"
#include "fuzz/fuzz.h"

FUZZ_QUIET_INIT

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf text = BUF_INIT;
	struct lock l = LOCK_INIT;

	buf_add(&text, size ? data : (const uint8_t *)"", size);
	if (lock_parse("fuzz.lock", &text, &l) == 0)
		lock_release(&l);
	buf_release(&text);
	return 0;
}
