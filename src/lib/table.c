/* table.c: left-aligned columns, two spaces apart, no trailing blanks; sizes for people */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lib/table.h"
#include "lib/banned.h"

void table_print(const struct strv *cells, size_t ncols)
{
	size_t width[TABLE_MAX_COLS] = { 0 };

	if (ncols == 0 || ncols > TABLE_MAX_COLS)
		return;
	for (size_t i = 0; i < cells->n; i++)
		if (strlen(cells->v[i]) > width[i % ncols])
			width[i % ncols] = strlen(cells->v[i]);
	for (size_t i = 0; i < cells->n; i++) {
		if (i % ncols == ncols - 1)
			printf("%s\n", cells->v[i]);
		else
			printf("%-*s  ", (int)width[i % ncols], cells->v[i]);
	}
}

void table_bytes(struct buf *b, uint64_t bytes)
{
	if (bytes >= (1u << 20))
		buf_printf(b, "%.1f MiB", (double)bytes / (1u << 20));
	else if (bytes >= (1u << 10))
		buf_printf(b, "%.1f KiB", (double)bytes / (1u << 10));
	else
		buf_printf(b, "%" PRIu64 " B", bytes);
}

