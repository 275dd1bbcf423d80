/* table.h: aligned text tables for 'boards', 'sizes' and 'test' */
#ifndef MIPSBAKE_TABLE_H
#define MIPSBAKE_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/util.h"

/* the most columns a table has */
#define TABLE_MAX_COLS 16

/* print cells (rows of ncols, the first row the heading) to stdout, columns aligned */
void table_print(const struct strv *cells, size_t ncols);
/* append bytes in a unit a person reads: "14.0 MiB", "512.0 KiB", "100 B" */
void table_bytes(struct buf *b, uint64_t bytes);

#endif
