/* boards.c: the board library as a table or as JSON */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/os.h"
#include "lib/table.h"
#include "manifest/boards.h"
#include "manifest/manifest.h"
#include "lib/banned.h"

/* what is being listed */
struct listing {
	int json;
	struct strv cells;       /* the table, heading first */
	struct buf out;          /* the JSON array */
	struct strv names;       /* boards listed so far: each once */
};

static const char *const heading[] = { "BOARD", "INCLUDE", "GOARCH", "GOMIPS", "ENDIAN", "SOC",
				       "CORE", "FPU", "FLASH", "RAM", "TMPFS", "QEMU CPU",
				       "TOOLCHAIN" };

/* the byte order a board has: stated, or the one its goarch implies */
static const char *endian_of(const struct mf_board *b)
{
	if (b->endian)
		return b->endian;
	return str_has_suffix(b->goarch, "le") ? "little" : "big";
}

static const char *fpu_text(const struct mf_board *b)
{
	if (b->fpu < 0)
		return "-";
	if (b->fpu)
		return "yes";
	return b->fpu_emulation ? "no (kernel emulates)" : "no";
}

static void size_cell(struct strv *cells, uint64_t bytes)
{
	struct buf b = BUF_INIT;

	if (bytes)
		table_bytes(&b, bytes);
	strv_push(cells, bytes ? buf_str(&b) : "-");
	buf_release(&b);
}

static void table_row(struct strv *cells, const struct mf_board *b, const char *include)
{
	const char *strs[] = { b->name, include, b->goarch, b->gomips, endian_of(b),
			       b->soc, b->core, fpu_text(b) };

	for (size_t i = 0; i < ARRAY_LEN(strs); i++)
		strv_push(cells, strs[i] ? strs[i] : "-");
	size_cell(cells, b->flash);
	size_cell(cells, b->ram);
	size_cell(cells, b->tmpfs);
	strv_push(cells, b->cpu ? b->cpu : "-");
	strv_push(cells, b->toolchain ? b->toolchain : "-");
}

/* a size member: bytes, or null when not stated */
static void json_size(struct buf *out, const char *key, uint64_t bytes)
{
	if (bytes) {
		json_kv_u64(out, key, bytes, 0);
	} else {
		json_key(out, key, 0);
		buf_puts(out, "null");
	}
}

static void json_row(struct buf *out, const struct manifest *m, const struct mf_board *b,
		     const char *include)
{
	buf_puts(out, out->len > 1 ? ",\n  {" : "\n  {");
	json_kv_str(out, "name", b->name, 1);
	json_kv_str(out, "include", include, 0);
	json_kv_str(out, "goarch", b->goarch, 0);
	json_kv_str(out, "gomips", b->gomips, 0);
	json_kv_str(out, "endian", endian_of(b), 0);
	json_kv_str(out, "soc", b->soc, 0);
	json_kv_str(out, "core", b->core, 0);
	json_key(out, "fpu", 0);
	buf_puts(out, b->fpu < 0 ? "null" : b->fpu ? "true" : "false");
	json_kv_str(out, "fpu_emulation", b->fpu_emulation ? "kernel" : "none", 0);
	json_size(out, "flash", b->flash);
	json_size(out, "ram", b->ram);
	json_size(out, "tmpfs", b->tmpfs);
	json_kv_u64(out, "size_warn", (uint64_t)(b->size_warn ? b->size_warn : m->size_warn), 0);
	json_kv_str(out, "cpu", b->cpu, 0);
	json_kv_str(out, "toolchain", b->toolchain, 0);
	buf_puts(out, "\n  }");
}

/* load one board file and list the boards it defines; -1 when it does not load */
static int list_file(struct listing *l, const char *dir, const char *name,
		     const struct strv *searchdirs)
{
	char *path = path_join(dir, name), *include = xasprintf("boards/%s", name);
	struct manifest m;
	int rc = manifest_load(path, searchdirs, &m);

	for (size_t i = 0; rc == 0 && i < m.nboards; i++) {
		const struct mf_board *b = &m.boards[i];

		if (strv_has(&l->names, b->name))
			continue;
		strv_push(&l->names, b->name);
		if (l->json)
			json_row(&l->out, &m, b, include);
		else
			table_row(&l->cells, b, include);
	}
	manifest_release(&m);
	free(path);
	free(include);
	return rc;
}

static void search_dirs(const char *datadir, struct strv *dirs)
{
	strv_pushf(dirs, "%s/manifests", datadir);
	strv_push(dirs, datadir);
	strv_pushf(dirs, "%s/toolchains", datadir);
}

int cmd_boards(const char *datadir, int json)
{
	struct listing l = { json, STRV_INIT, BUF_INIT, STRV_INIT };
	struct strv dirs = STRV_INIT, names = STRV_INIT;
	char *dir = xasprintf("%s/manifests/boards", datadir);
	int rc = fs_list_dir(dir, &names) < 0;

	search_dirs(datadir, &dirs);
	for (size_t i = 0; i < ARRAY_LEN(heading); i++)
		strv_push(&l.cells, heading[i]);
	buf_putc(&l.out, '[');
	for (size_t i = 0; i < names.n; i++)
		if (str_has_suffix(names.v[i], ".yaml") && list_file(&l, dir, names.v[i], &dirs) < 0)
			rc = 1;
	if (json) {
		buf_puts(&l.out, l.names.n ? "\n]\n" : "]\n");
		fputs(buf_str(&l.out), stdout);
	} else {
		table_print(&l.cells, ARRAY_LEN(heading));
	}
	strv_release(&l.cells);
	buf_release(&l.out);
	strv_release(&l.names);
	strv_release(&dirs);
	strv_release(&names);
	free(dir);
	return rc;
}
