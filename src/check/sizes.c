/* sizes.c: size budgets: the check after a build and the 'sizes' table */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/artifacts.h"
#include "check/pkgreport.h"
#include "check/sizes.h"
#include "lib/builddir.h"
#include "lib/json.h"
#include "lib/os.h"
#include "lib/table.h"
#include "lib/banned.h"

/* how a binary stands against a budget, worst last */
enum state { ST_NONE, ST_OK, ST_WARN, ST_OVER, ST_MISSING };

static const char *const state_names[] = { "-", "ok", "warning", "over", "missing" };

/* one budget a binary is held to */
struct budget {
	const char *name;        /* "tmpfs" or "flash" */
	uint64_t bytes;          /* 0: none applies */
	const struct pos *pos;   /* where the board sets it */
	double pct;              /* the binary's share of it */
	enum state state;
};

/* one artifact measured */
struct measure {
	const struct artifact *x;
	const char *builddir;
	int exists;
	uint64_t size;
	struct budget tmpfs, flash;
	enum state state;        /* the worst of the two */
};

/* the size of the file at path; 0 when it cannot be opened (exists says which) */
static uint64_t file_size(const char *path, int *exists)
{
	FILE *f = fopen(path, "rb");
	long n = -1;

	*exists = f != NULL;
	if (!f)
		return 0;
	if (fseek(f, 0, SEEK_END) == 0)
		n = ftell(f);
	fclose(f);
	return n > 0 ? (uint64_t)n : 0;
}

static void judge(struct budget *bu, uint64_t size, int warn_pct)
{
	if (!bu->bytes)
		return;
	bu->pct = 100.0 * (double)size / (double)bu->bytes;
	if (size > bu->bytes)
		bu->state = ST_OVER;
	else if ((double)size * 100.0 > (double)bu->bytes * warn_pct)
		bu->state = ST_WARN;
	else
		bu->state = ST_OK;
}

static void measure(const char *builddir, const struct artifact *x, struct measure *m)
{
	char *path = path_join(builddir, x->out);

	memset(m, 0, sizeof(*m));
	m->x = x;
	m->builddir = builddir;
	m->size = file_size(path, &m->exists);
	m->tmpfs.name = "tmpfs";
	m->tmpfs.bytes = x->tmpfs;
	m->tmpfs.pos = &x->tmpfs_pos;
	m->flash.name = "flash";
	m->flash.bytes = x->persist ? x->flash : 0;
	m->flash.pos = &x->flash_pos;
	if (m->exists) {
		judge(&m->tmpfs, m->size, x->size_warn);
		judge(&m->flash, m->size, x->size_warn);
	}
	m->state = !m->exists ? ST_MISSING : m->tmpfs.state > m->flash.state ? m->tmpfs.state : m->flash.state;
	free(path);
}

/* the error or warning for binary m against budget bu */
static void report_budget(const struct measure *m, const struct budget *bu)
{
	struct buf size = BUF_INIT, budget = BUF_INIT;
	char *name = artifact_name(m->x);

	table_bytes(&size, m->size);
	table_bytes(&budget, bu->bytes);
	if (bu->state == ST_OVER)
		error("%s: binary '%s' is %s (%" PRIu64 " bytes), %.1f%% of the %s budget of board '%s', "
		      "%s (%" PRIu64 " bytes): over budget", name, m->x->out, buf_str(&size), m->size,
		      bu->pct, bu->name, m->x->board, buf_str(&budget), bu->bytes);
	else
		warn("%s: binary '%s' is %s (%" PRIu64 " bytes), %.1f%% of the %s budget of board '%s', "
		     "%s (%" PRIu64 " bytes): above the %d%% warning threshold", name, m->x->out,
		     buf_str(&size), m->size, bu->pct, bu->name, m->x->board, buf_str(&budget), bu->bytes,
		     m->x->size_warn);
	if (bu->pos->file)
		note_at(bu->pos, "board '%s' sets '%s' here%s", m->x->board, bu->name,
			bu == &m->flash ? " (the target has 'persist: true')" : "");
	if (bu->state == ST_OVER)
		pkgreport_largest(m->builddir, m->x);
	buf_release(&size);
	buf_release(&budget);
	free(name);
}

/* say what is wrong with m; -1 when it fails the check */
static int report(const struct measure *m)
{
	char *name;

	if (m->state == ST_MISSING) {
		name = artifact_name(m->x);
		error("%s: binary '%s' does not exist; build it first", name, m->x->out);
		free(name);
		return -1;
	}
	if (m->tmpfs.state >= ST_WARN)
		report_budget(m, &m->tmpfs);
	if (m->flash.state >= ST_WARN)
		report_budget(m, &m->flash);
	return m->state == ST_OVER ? -1 : 0;
}

int sizes_check(const char *builddir, int quiet)
{
	struct artifacts a;
	size_t budgeted = 0;
	int rc = 0;

	if (artifacts_read(builddir, &a) < 0)
		return -1;
	for (size_t i = 0; i < a.n; i++) {
		struct measure m;

		measure(builddir, &a.v[i], &m);
		if (report(&m) < 0)
			rc = -1;
		budgeted += m.tmpfs.bytes || m.flash.bytes;
	}
	if (!quiet && rc == 0 && budgeted)
		printf("%s: sizes: %zu binar%s within budget\n", progname, budgeted,
		       budgeted == 1 ? "y" : "ies");
	artifacts_release(&a);
	return rc;
}

/* the table */

/* the cells of one row */
static void row_cells(const struct measure *m, struct strv *cells)
{
	const struct budget *bus[] = { &m->tmpfs, &m->flash };
	struct buf b = BUF_INIT;

	strv_push_owned(cells, artifact_name(m->x));
	strv_pushf(cells, "%" PRIu64, m->size);
	table_bytes(&b, m->size);
	strv_push(cells, m->exists ? buf_str(&b) : "-");
	for (size_t i = 0; i < ARRAY_LEN(bus); i++) {
		uint64_t shown = i == 0 ? m->x->tmpfs : m->x->flash;

		buf_reset(&b);
		if (shown)
			table_bytes(&b, shown);
		strv_push(cells, shown ? buf_str(&b) : "-");
		if (bus[i]->state != ST_NONE)
			strv_pushf(cells, "%.1f%%", bus[i]->pct);
		else
			strv_push(cells, i == 1 && shown && m->exists ? "not kept" : "-");
	}
	strv_push(cells, state_names[m->state == ST_NONE ? ST_OK : m->state]);
	buf_release(&b);
}

static void print_sizes_table(const struct measure *ms, size_t n)
{
	static const char *const head[] = { "VARIANT", "BYTES", "SIZE", "TMPFS", "USE", "FLASH", "USE",
					    "STATUS" };
	struct strv cells = STRV_INIT;

	for (size_t i = 0; i < ARRAY_LEN(head); i++)
		strv_push(&cells, head[i]);
	for (size_t i = 0; i < n; i++)
		row_cells(&ms[i], &cells);
	table_print(&cells, ARRAY_LEN(head));
	strv_release(&cells);
}

/* "tmpfs_percent": 9.8 or null */
static void json_pct(struct buf *b, const char *key, const struct budget *bu)
{
	json_key(b, key, 0);
	if (bu->state == ST_NONE)
		buf_puts(b, "null");
	else
		buf_printf(b, "%.1f", bu->pct);
}

/* "tmpfs": bytes, or null when the board states none */
static void json_bytes(struct buf *b, const char *key, uint64_t bytes)
{
	json_key(b, key, 0);
	if (bytes)
		buf_printf(b, "%" PRIu64, bytes);
	else
		buf_puts(b, "null");
}

static void json_measure(struct buf *b, const struct measure *m)
{
	buf_puts(b, "  {");
	artifact_json_names(b, m->x);
	json_key(b, "size", 0);
	if (m->exists)
		buf_printf(b, "%" PRIu64, m->size);
	else
		buf_puts(b, "null");
	json_bytes(b, "tmpfs", m->x->tmpfs);
	json_pct(b, "tmpfs_percent", &m->tmpfs);
	json_bytes(b, "flash", m->x->flash);
	json_kv_bool(b, "persist", m->x->persist, 0);
	json_pct(b, "flash_percent", &m->flash);
	json_kv_u64(b, "size_warn", (uint64_t)m->x->size_warn, 0);
	json_kv_str(b, "status", state_names[m->state == ST_NONE ? ST_OK : m->state], 0);
	buf_puts(b, "\n  }");
}

/* element i of the measures ms */
static void json_measure_at(struct buf *b, const void *ms, size_t i)
{
	json_measure(b, (const struct measure *)ms + i);
}

int cmd_sizes(const char *builddir, int json)
{
	struct artifacts a;
	struct measure *ms;
	int rc = 0;

	if (artifacts_read(builddir, &a) < 0)
		return 1;
	ms = xcalloc(a.n ? a.n : 1, sizeof(*ms));
	for (size_t i = 0; i < a.n; i++) {
		measure(builddir, &a.v[i], &ms[i]);
		if (ms[i].state >= ST_OVER)
			rc = 1;
	}
	if (json)
		json_print_array(a.n, json_measure_at, ms);
	else
		print_sizes_table(ms, a.n);
	free(ms);
	artifacts_release(&a);
	return rc;
}

int cmd_sizes_check(int argc, char **argv)
{
	char *stamp;
	int rc;

	if (argc == 2 && is_help(argv[1]))
		return puts("usage: mipsbake sizes-check BUILDDIR\n"
			    "check the binaries of BUILDDIR against their boards' budgets (run by the\n"
			    "generated build)"), 0;
	if (argc != 2 || argv[1][0] == '-')
		return usage_error("sizes-check", "expected BUILDDIR");
	if (sizes_check(argv[1], 0) < 0)
		return 1;
	stamp = path_join(argv[1], SIZES_STAMP);
	rc = fs_write_atomic(stamp, "", 0) < 0;
	free(stamp);
	return rc;
}
