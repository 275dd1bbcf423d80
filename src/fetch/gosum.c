/* gosum.c: go.sum read, searched, added to and written as cmd/go writes it */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "fetch/gomod.h"
#include "fetch/gosum.h"
#include "fetch/modzip.h"
#include "lib/os.h"
#include "lib/banned.h"

static void push(struct gosum *s, char *path, char *version, char *hash, int line)
{
	s->v = xappend(s->v, s->n, sizeof(*s->v));
	s->v[s->n].path = path;
	s->v[s->n].version = version;
	s->v[s->n].hash = hash;
	s->v[s->n++].line = line;
}

/* one line of n bytes: three whitespace-separated fields, as cmd/go's readGoSum reads it */
static int parse_line(struct gosum *s, const char *p, size_t n, int line)
{
	const char *f[4];
	size_t len[4], k = 0, i = 0;
	struct pos at = { s->shown, line, 1 };

	while (i < n) {
		while (i < n && strchr(" \t\r\v\f", p[i]))
			i++;
		if (i == n)
			break;
		if (k == 4)
			break;
		f[k] = p + i;
		while (i < n && !strchr(" \t\r\v\f", p[i]))
			i++;
		len[k] = (size_t)(p + i - f[k]);
		k++;
	}
	if (k == 0)
		return 0;
	if (k != 3)
		return error_at(&at, "malformed go.sum line: %s fields; expected 'module version hash'",
				k > 3 ? "more than 3" : k == 1 ? "1" : "2");
	push(s, xstrndup(f[0], len[0]), xstrndup(f[1], len[1]), xstrndup(f[2], len[2]), line);
	return 0;
}

int gosum_parse(struct gosum *s, const char *text, size_t n)
{
	int rc = 0, line = 0;

	for (const char *p = text, *end = text + n; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (parse_line(s, p, len, line + 1) < 0)
			rc = -1;
		p = nl ? nl + 1 : end;
	}
	return rc;
}

int gosum_load(struct gosum *s, const char *path, const char *shown)
{
	struct buf b = BUF_INIT;
	int rc = 0;

	memset(s, 0, sizeof(*s));
	s->shown = shown;
	s->path = xstrdup(path);
	if (!fs_exists(path))
		return 0;
	rc = fs_read_regular(path, "go.sum", FS_INPUT_MAX, &b) < 0 ? -1 : gosum_parse(s, b.data, b.len);
	buf_release(&b);
	return rc;
}

void gosum_release(struct gosum *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].path);
		free(s->v[i].version);
		free(s->v[i].hash);
	}
	free(s->v);
	free(s->path);
	memset(s, 0, sizeof(*s));
}

const struct gosum_line *gosum_find(const struct gosum *s, const char *path, const char *version)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].path, path) && !strcmp(s->v[i].version, version))
			return &s->v[i];
	return NULL;
}

int gosum_has(const struct gosum *s, const char *path, const char *version, const char *hash)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].path, path) && !strcmp(s->v[i].version, version) &&
		    !strcmp(s->v[i].hash, hash))
			return 1;
	return 0;
}

void gosum_add(struct gosum *s, const char *path, const char *version, const char *hash)
{
	if (gosum_has(s, path, version, hash))
		return;
	push(s, xstrdup(path), xstrdup(version), xstrdup(hash), 0);
	s->added = 1;
}

/* module.Sort's order, which go.sum is written in */
static int line_cmp(const void *pa, const void *pb)
{
	const struct gosum_line *a = pa, *b = pb;
	size_t na = strcspn(a->version, "/"), nb = strcspn(b->version, "/");
	char *va, *vb;
	int c = strcmp(a->path, b->path);

	if (c)
		return c;
	va = xstrndup(a->version, na);
	vb = xstrndup(b->version, nb);
	c = strcmp(va, vb) ? gomod_semver_compare(va, vb) : 0;
	free(va);
	free(vb);
	if (!c)
		c = strcmp(a->version + na, b->version + nb);
	return c ? c : strcmp(a->hash, b->hash);
}

int gosum_write(struct gosum *s)
{
	struct buf b = BUF_INIT;
	int rc;

	if (!s->added)
		return 0;
	qsort(s->v, s->n, sizeof(*s->v), line_cmp);
	for (size_t i = 0; i < s->n; i++)
		buf_printf(&b, "%s %s %s\n", s->v[i].path, s->v[i].version, s->v[i].hash);
	rc = fs_write_atomic(s->path, b.data, b.len);
	buf_release(&b);
	if (rc == 0)
		s->added = 0;
	return rc < 0 ? -1 : 0;
}

/* one of a module's two hashes against go.sum: kept, added (update) or an error */
static int verify_one(struct gosum *s, const char *path, const char *version, const char *hash,
		      int update, const struct pos *required_at)
{
	const struct gosum_line *l = gosum_find(s, path, version);
	struct pos at;

	if (l && gosum_has(s, path, version, hash))
		return 0;
	if (l) {
		at = (struct pos){ s->shown, l->line, 1 };
		error_at(&at, "verifying %s@%s: checksum mismatch: downloaded %s, go.sum %s", path,
			 version, hash, l->hash);
		note("SECURITY: the code fetched for %s@%s is not what go.sum was written for; find "
		     "out why before you change go.sum", path, version);
		return -1;
	}
	if (update) {
		gosum_add(s, path, version, hash);
		return 0;
	}
	return error_at(required_at, "missing go.sum entry for module %s@%s (%s %s); run with "
			"--update to add it to '%s'", path, version, strcmp(version + strcspn(version, "/"),
			"/go.mod") ? "content" : "go.mod", hash, s->shown);
}

int gosum_verify(struct gosum *s, const struct modzip_src *src, int update, const struct pos *required_at)
{
	char h1[MODZIP_H1_SIZE], gomod[MODZIP_H1_SIZE];
	char *v = xasprintf("%s/go.mod", src->version);
	int rc = modzip_gomod_hash(src, gomod) < 0 || modzip_hash(src, h1) < 0 ? -1 : 0;

	if (rc == 0 && verify_one(s, src->module, src->version, h1, update, required_at) < 0)
		rc = -1;
	if (rc == 0 && verify_one(s, src->module, v, gomod, update, required_at) < 0)
		rc = -1;
	free(v);
	return rc;
}
