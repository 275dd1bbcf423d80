/* store.c: the local action cache on disk; every write is a temporary file renamed, so that
 * builds sharing the store never see half an entry, and every blob is checked on read */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache/store.h"
#include "lib/os.h"
#include "lib/sha256.h"
#include "lib/banned.h"

#define AC_MAGIC "mipsbake-ac 1\n"

void ac_format(const struct ac_record *r, struct buf *out)
{
	char sum[65];
	size_t start = out->len;

	buf_puts(out, AC_MAGIC);
	for (size_t i = 0; i < r->n; i++)
		buf_printf(out, "out %s %zu %o %s\n", r->v[i].hex, r->v[i].size, r->v[i].mode, r->v[i].name);
	sha256_hex(out->data + start, out->len - start, sum);
	buf_printf(out, "sum %s\n", sum);
}

/* 1 when s (n bytes) is 64 lowercase hex digits */
static int is_hex64(const char *s, size_t n)
{
	return n == 64 && strspn(s, "0123456789abcdef") >= 64;
}

/* one "out HEX SIZE MODE NAME" line (without its newline) into f; -1 when malformed */
static int parse_out(const char *line, size_t n, struct ac_file *f)
{
	char *text = xstrndup(line, n), *end;
	int rc = -1;

	if (str_has_prefix(text, "out ") && n > 4 + 64 && is_hex64(text + 4, 64) && text[68] == ' ') {
		memcpy(f->hex, text + 4, 64);
		f->hex[64] = '\0';
		f->size = strtoull(text + 69, &end, 10);
		if (*end == ' ') {
			f->mode = strtoul(end + 1, &end, 8) & 07777;
			if (*end == ' ' && end[1] && !path_is_abs(end + 1) && !path_has_dotdot(end + 1)) {
				f->name = xstrdup(end + 1);
				rc = 0;
			}
		}
	}
	free(text);
	return rc;
}

int ac_parse(const char *text, size_t len, struct ac_record *r)
{
	const char *end = text + len, *p = text + strlen(AC_MAGIC);
	char sum[65];

	memset(r, 0, sizeof(*r));
	if (len < strlen(AC_MAGIC) + 69 || memcmp(text, AC_MAGIC, strlen(AC_MAGIC)) != 0 || end[-1] != '\n')
		return -1;
	while (p < end && str_has_prefix(p, "out ")) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		r->v = xappend(r->v, r->n, sizeof(*r->v));
		if (!nl || parse_out(p, (size_t)(nl - p), &r->v[r->n]) < 0)
			return ac_release(r), -1;
		r->n++;
		p = nl + 1;
	}
	sha256_hex(text, (size_t)(p - text), sum);
	if (end - p != 69 || memcmp(p, "sum ", 4) != 0 || memcmp(p + 4, sum, 64) != 0 || r->n == 0)
		return ac_release(r), -1;
	return 0;
}

void ac_release(struct ac_record *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].name);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

char *store_path(const char *dir, enum store_kind kind, const char *hex)
{
	return xasprintf("%s/%s/%.2s/%s", dir, kind == STORE_AC ? "ac" : "cas", hex, hex);
}

int store_read(const char *path, struct buf *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	ssize_t n = 0;

	buf_reset(out);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		buf_grow(out, (size_t)st.st_size + 1);
		while ((n = read(fd, out->data + out->len, out->cap - out->len - 1)) > 0) {
			out->len += (size_t)n;
			buf_grow(out, 4096);
		}
		out->data[out->len] = '\0';
	}
	close(fd);
	return n == 0 && S_ISREG(st.st_mode) ? 0 : -1;
}

int store_get(const char *dir, enum store_kind kind, const char *hex, struct buf *out)
{
	char *path = store_path(dir, kind, hex);
	int found = store_read(path, out) == 0;
	char sum[65];

	if (found && kind == STORE_CAS) {
		sha256_hex(out->data, out->len, sum);
		found = strcmp(sum, hex) == 0;
	}
	if (found)
		utimensat(AT_FDCWD, path, NULL, 0);
	free(path);
	return found;
}

int store_put(const char *dir, enum store_kind kind, const char *hex, const void *data, size_t len)
{
	char *path = store_path(dir, kind, hex), *parent = path_dir(path);
	int rc = fs_mkdir_p(parent);

	if (rc == 0)
		rc = fs_write_atomic(path, data, len);
	free(path);
	free(parent);
	return rc;
}
