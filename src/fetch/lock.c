/* lock.c: read the lock file with libyaml's loader, write it with libyaml's emitter */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "fetch/lock.h"
#include "lib/os.h"
#include "lib/yamlout.h"
#include "lib/banned.h"

#define LOCK_VERSION "1"
#define LOCK_HEADER \
	"# mipsbake lock file: the exact commit of every git dependency, written by mipsbake.\n" \
	"# Commit it. 'mipsbake fetch --update MANIFEST [DEPENDENCY...]' moves them forward.\n"

/* a lock file being read */
struct lreader {
	const char *path;
	yaml_document_t doc;
	int errors;
};

static const char *text(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

ATTR_PRINTF(3, 4)
static int lr_error(struct lreader *r, const yaml_node_t *n, const char *fmt, ...)
{
	struct pos p = { r->path, (int)n->start_mark.line + 1, (int)n->start_mark.column + 1 };
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	r->errors++;
	error_at(&p, "%s", b.data);
	buf_release(&b);
	return -1;
}

static yaml_node_t *node(struct lreader *r, int i)
{
	return yaml_document_get_node(&r->doc, i);
}

/* 1 when s is exactly n lowercase hex digits */
static int is_hex(const char *s, size_t n)
{
	return strlen(s) == n && strspn(s, "0123456789abcdef") == n;
}

/* a scalar value for key, or NULL after reporting */
static char *scalar_value(struct lreader *r, const yaml_node_t *k, const yaml_node_t *v)
{
	if (v->type != YAML_SCALAR_NODE || v->data.scalar.length == 0) {
		lr_error(r, v, "'%s' must be a non-empty string", text(k));
		return NULL;
	}
	return xstrdup(text(v));
}

/* store v into *slot; hex > 0 requires that many hex digits */
static void read_field(struct lreader *r, const yaml_node_t *k, const yaml_node_t *v,
		       char **slot, size_t hex)
{
	char *s;

	if (*slot) {
		lr_error(r, k, "duplicate key '%s'", text(k));
		return;
	}
	s = scalar_value(r, k, v);
	if (s && hex && !is_hex(s, hex)) {
		lr_error(r, v, "'%s' must be %zu lowercase hex digits", text(k), hex);
		free(s);
		s = NULL;
	}
	*slot = s;
}

static void read_patch(struct lreader *r, const yaml_node_t *n, struct lock_patch *p)
{
	if (n->type != YAML_MAPPING_NODE) {
		lr_error(r, n, "a patch must be a mapping with 'path' and 'sha256'");
		return;
	}
	for (yaml_node_pair_t *kv = n->data.mapping.pairs.start; kv < n->data.mapping.pairs.top; kv++) {
		yaml_node_t *k = node(r, kv->key), *v = node(r, kv->value);

		if (k->type == YAML_SCALAR_NODE && !strcmp(text(k), "path"))
			read_field(r, k, v, &p->path, 0);
		else if (k->type == YAML_SCALAR_NODE && !strcmp(text(k), "sha256"))
			read_field(r, k, v, &p->sha256, 64);
		else
			lr_error(r, k, "unknown key in a patch; expected 'path' or 'sha256'");
	}
	if (!p->path || !p->sha256)
		lr_error(r, n, "a patch needs both 'path' and 'sha256'");
}

static void read_patches(struct lreader *r, const yaml_node_t *v, struct lock_dep *d)
{
	yaml_node_item_t *it;

	if (v->type != YAML_SEQUENCE_NODE) {
		lr_error(r, v, "'patches' must be a list");
		return;
	}
	it = v->data.sequence.items.start;
	d->npatches = (size_t)(v->data.sequence.items.top - it);
	d->patches = xcalloc(d->npatches, sizeof(*d->patches));
	for (size_t i = 0; i < d->npatches; i++)
		read_patch(r, node(r, it[i]), &d->patches[i]);
}

static void read_dep_pair(struct lreader *r, const yaml_node_t *k, const yaml_node_t *v,
			  struct lock_dep *d)
{
	const char *key = k->type == YAML_SCALAR_NODE ? text(k) : "";

	if (!strcmp(key, "url"))
		read_field(r, k, v, &d->url, 0);
	else if (!strcmp(key, "rev"))
		read_field(r, k, v, &d->rev, 0);
	else if (!strcmp(key, "commit"))
		read_field(r, k, v, &d->commit, 40);
	else if (!strcmp(key, "tree"))
		read_field(r, k, v, &d->tree, 40);
	else if (!strcmp(key, "patches") && !d->patches)
		read_patches(r, v, d);
	else
		lr_error(r, k, "unknown or duplicate key '%s' in a locked dependency", key);
}

static void read_dep(struct lreader *r, const yaml_node_t *k, const yaml_node_t *v,
		     struct lock *l)
{
	struct lock_dep d = { 0 };
	int errors = r->errors;

	if (k->type != YAML_SCALAR_NODE || v->type != YAML_MAPPING_NODE) {
		lr_error(r, k, "a locked dependency must be an import path: a mapping");
		return;
	}
	if (lock_find(l, text(k)))
		lr_error(r, k, "dependency '%s' is locked twice", text(k));
	d.importpath = xstrdup(text(k));
	for (yaml_node_pair_t *kv = v->data.mapping.pairs.start; kv < v->data.mapping.pairs.top; kv++)
		read_dep_pair(r, node(r, kv->key), node(r, kv->value), &d);
	if (r->errors == errors && (!d.url || !d.rev || !d.commit || !d.tree))
		lr_error(r, k, "locked dependency '%s' needs 'url', 'rev', 'commit' and 'tree'",
			 d.importpath);
	if (!r->errors)
		lock_put(l, &d);
	lock_dep_release(&d);
}

static void read_deps(struct lreader *r, const yaml_node_t *v, struct lock *l)
{
	if (v->type == YAML_SCALAR_NODE && v->data.scalar.length == 0)
		return;
	if (v->type != YAML_MAPPING_NODE) {
		lr_error(r, v, "'dependencies' must be a mapping of import paths");
		return;
	}
	for (yaml_node_pair_t *kv = v->data.mapping.pairs.start; kv < v->data.mapping.pairs.top; kv++)
		read_dep(r, node(r, kv->key), node(r, kv->value), l);
}

static void read_root(struct lreader *r, const yaml_node_t *root, struct lock *l)
{
	int version = 0;

	if (!root) {
		r->errors++;
		error("lock file '%s' is empty; delete it or restore it", r->path);
		return;
	}
	if (root->type != YAML_MAPPING_NODE) {
		lr_error(r, root, "expected a mapping with 'lock' and 'dependencies'");
		return;
	}
	for (yaml_node_pair_t *kv = root->data.mapping.pairs.start; kv < root->data.mapping.pairs.top; kv++) {
		yaml_node_t *k = node(r, kv->key), *v = node(r, kv->value);
		const char *key = k->type == YAML_SCALAR_NODE ? text(k) : "";

		if (!strcmp(key, "lock") && v->type == YAML_SCALAR_NODE && !strcmp(text(v), LOCK_VERSION))
			version = 1;
		else if (!strcmp(key, "lock"))
			lr_error(r, v, "unsupported lock version; this mipsbake reads version %s", LOCK_VERSION);
		else if (!strcmp(key, "dependencies"))
			read_deps(r, v, l);
		else
			lr_error(r, k, "unknown key '%s'; expected 'lock' or 'dependencies'", key);
	}
	if (!version && !r->errors)
		lr_error(r, root, "missing 'lock: " LOCK_VERSION "'");
}

static int parse(struct lreader *r, const struct buf *b)
{
	yaml_parser_t p;
	int ok;

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)b->data, b->len);
	ok = yaml_parser_load(&p, &r->doc);
	if (!ok) {
		struct pos pos = { r->path, (int)p.problem_mark.line + 1, (int)p.problem_mark.column + 1 };

		error_at(&pos, "%s", p.problem ? p.problem : "malformed YAML");
	}
	yaml_parser_delete(&p);
	return ok ? 0 : -1;
}

int lock_parse(const char *path, const struct buf *text, struct lock *l)
{
	struct lreader r;

	memset(&r, 0, sizeof(r));
	r.path = path;
	l->deps = NULL;
	l->ndeps = 0;
	if (parse(&r, text) < 0)
		return -1;
	read_root(&r, yaml_document_get_root_node(&r.doc), l);
	yaml_document_delete(&r.doc);
	if (r.errors)
		lock_release(l);
	return r.errors ? -1 : 0;
}

int lock_load(const char *path, struct lock *l)
{
	struct buf b = BUF_INIT;
	int rc;

	l->deps = NULL;
	l->ndeps = 0;
	if (!fs_exists(path))
		return 0;
	rc = fs_read_regular(path, "lock", FS_INPUT_MAX, &b) < 0 ? -1 : lock_parse(path, &b, l);
	buf_release(&b);
	return rc;
}

void lock_dep_release(struct lock_dep *d)
{
	free(d->importpath);
	free(d->url);
	free(d->rev);
	free(d->commit);
	free(d->tree);
	for (size_t i = 0; i < d->npatches; i++) {
		free(d->patches[i].path);
		free(d->patches[i].sha256);
	}
	free(d->patches);
	memset(d, 0, sizeof(*d));
}

void lock_release(struct lock *l)
{
	for (size_t i = 0; i < l->ndeps; i++)
		lock_dep_release(&l->deps[i]);
	free(l->deps);
	l->deps = NULL;
	l->ndeps = 0;
}

const struct lock_dep *lock_find(const struct lock *l, const char *importpath)
{
	for (size_t i = 0; i < l->ndeps; i++)
		if (!strcmp(l->deps[i].importpath, importpath))
			return &l->deps[i];
	return NULL;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void copy_dep(struct lock_dep *to, const struct lock_dep *from)
{
	to->importpath = xstrdup(from->importpath);
	to->url = dup_or_null(from->url);
	to->rev = dup_or_null(from->rev);
	to->commit = dup_or_null(from->commit);
	to->tree = dup_or_null(from->tree);
	to->npatches = from->npatches;
	to->patches = from->npatches ? xcalloc(from->npatches, sizeof(*to->patches)) : NULL;
	for (size_t i = 0; i < from->npatches; i++) {
		to->patches[i].path = dup_or_null(from->patches[i].path);
		to->patches[i].sha256 = dup_or_null(from->patches[i].sha256);
	}
}

void lock_put(struct lock *l, const struct lock_dep *d)
{
	size_t i = 0;

	while (i < l->ndeps && strcmp(l->deps[i].importpath, d->importpath) < 0)
		i++;
	if (i < l->ndeps && !strcmp(l->deps[i].importpath, d->importpath)) {
		lock_dep_release(&l->deps[i]);
	} else {
		l->deps = xrealloc(l->deps, (l->ndeps + 1) * sizeof(*l->deps));
		memmove(&l->deps[i + 1], &l->deps[i], (l->ndeps - i) * sizeof(*l->deps));
		l->ndeps++;
	}
	copy_dep(&l->deps[i], d);
}

static int str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

int lock_dep_equal(const struct lock_dep *a, const struct lock_dep *b)
{
	if (!str_eq(a->importpath, b->importpath) || !str_eq(a->url, b->url) ||
	    !str_eq(a->rev, b->rev) || !str_eq(a->commit, b->commit) ||
	    !str_eq(a->tree, b->tree) || a->npatches != b->npatches)
		return 0;
	for (size_t i = 0; i < a->npatches; i++)
		if (!str_eq(a->patches[i].path, b->patches[i].path) ||
		    !str_eq(a->patches[i].sha256, b->patches[i].sha256))
			return 0;
	return 1;
}

/* emitting */

static void emit_scalar(struct yout *y, const char *s)
{
	yout_scalar(y, s, YAML_ANY_SCALAR_STYLE);
}

static void emit_pair(struct yout *y, const char *k, const char *v)
{
	emit_scalar(y, k);
	emit_scalar(y, v);
}

static void emit_patches(struct yout *y, const struct lock_dep *d)
{
	emit_scalar(y, "patches");
	yout_sequence(y, YAML_BLOCK_SEQUENCE_STYLE);
	for (size_t i = 0; i < d->npatches; i++) {
		yout_mapping(y);
		emit_pair(y, "path", d->patches[i].path);
		emit_pair(y, "sha256", d->patches[i].sha256);
		yout_end(y, 1);
	}
	yout_end(y, 0);
}

void lock_emit_fields(struct yout *y, const struct lock_dep *d)
{
	emit_pair(y, "url", d->url);
	emit_pair(y, "rev", d->rev);
	emit_pair(y, "commit", d->commit);
	emit_pair(y, "tree", d->tree);
	if (d->npatches)
		emit_patches(y, d);
}

static void emit_dep(struct yout *y, const struct lock_dep *d)
{
	emit_scalar(y, d->importpath);
	yout_mapping(y);
	lock_emit_fields(y, d);
	yout_end(y, 1);
}

void lock_render(const struct lock *l, struct buf *out)
{
	struct yout y;

	buf_puts(out, LOCK_HEADER);
	yout_init(&y, out);
	yout_mapping(&y);
	emit_pair(&y, "lock", LOCK_VERSION);
	emit_scalar(&y, "dependencies");
	yout_mapping(&y);
	for (size_t i = 0; i < l->ndeps; i++)
		emit_dep(&y, &l->deps[i]);
	yout_end(&y, 1);
	yout_end(&y, 1);
	if (yout_finish(&y, "the lock file") < 0)
		exit(1);
}

int lock_write(const char *path, const struct lock *l)
{
	struct buf b = BUF_INIT;
	int rc;

	lock_render(l, &b);
	rc = fs_write_if_changed(path, b.data, b.len);
	buf_release(&b);
	return rc;
}
