/* fuzz/driver.c: run a harness over files, as 'make check' does with each seed corpus (no
 * libFuzzer needed): driver FILE... runs each, prints "N inputs", exits 0 when none crashed */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz/fuzz.h"
#include "lib/os.h"

int main(int argc, char **argv)
{
	int n = 0;

	if (LLVMFuzzerInitialize(&argc, &argv) != 0)
		return 2;
	for (int i = 1; i < argc; i++) {
		struct buf b = BUF_INIT;

		if (fs_read_file(argv[i], &b) < 0)
			return 2;
		LLVMFuzzerTestOneInput((const uint8_t *)b.data, b.len);
		buf_release(&b);
		n++;
	}
	printf("%d inputs\n", n);
	return 0;
}
