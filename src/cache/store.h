/* store.h: the local action cache: action records by key and blobs by digest, on disk */
#ifndef MIPSBAKE_STORE_H
#define MIPSBAKE_STORE_H

#include <stddef.h>

#include "lib/util.h"

/* the two halves of the store, as bazel-remote names them */
enum store_kind { STORE_AC, STORE_CAS };

/* one output of an action: its path in the build directory and what its bytes are */
struct ac_file {
	char *name;
	char hex[65];            /* SHA-256 of the bytes */
	size_t size;
	unsigned mode;           /* the permission bits */
};

/* an action's record: its outputs, in the order the action names them */
struct ac_record {
	struct ac_file *v;
	size_t n;
};

/* the text of r, ending in a checksum line of the text before it */
void ac_format(const struct ac_record *r, struct buf *out);
/* parse a record's text; -1 when it is malformed, truncated or its checksum is wrong */
int ac_parse(const char *text, size_t len, struct ac_record *r);
void ac_release(struct ac_record *r);

/* read the regular file at path into out (replacing its contents), without a message: a
 * missing file is an ordinary miss; -1 when it cannot be read */
int store_read(const char *path, struct buf *out);
/* "<dir>/ac/<2 hex>/<hex>" or "<dir>/cas/...": where an entry lives; newly allocated */
char *store_path(const char *dir, enum store_kind kind, const char *hex);
/* read entry hex into out (replacing its contents); 1 found, 0 absent or unreadable. A blob
 * is returned only when its bytes have the digest hex. A hit updates the entry's times, so
 * that trimming removes the least recently used entries first. */
int store_get(const char *dir, enum store_kind kind, const char *hex, struct buf *out);
/* write an entry atomically (a temporary file renamed), a blob only when it is not there
 * yet; -1 after reporting */
int store_put(const char *dir, enum store_kind kind, const char *hex, const void *data, size_t len);

#endif
