/* pkgreport.c: 'sizes --packages': the bytes of every binary by package, as a table, JSON
 * and an HTML report of SVG treemaps; and the largest packages of an over-budget binary */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/artifacts.h"
#include "check/pkgreport.h"
#include "check/pkgsizes.h"
#include "check/treemap.h"
#include "lib/json.h"
#include "lib/os.h"
#include "lib/table.h"
#include "lib/xml.h"
#include "lib/banned.h"

/* the treemap's size in pixels */
#define MAP_W 1100
#define MAP_H 640

/* one binary and its breakdown */
struct binary {
	const struct artifact *x;
	struct pkgsizes ps;
};

/* "12.3%" of whole, or "-" when there is no whole */
static void put_pct(struct buf *b, uint64_t part, uint64_t whole)
{
	if (whole)
		buf_printf(b, "%.1f%%", 100.0 * (double)part / (double)whole);
	else
		buf_puts(b, "-");
}

/* "minion/wt1520/debian-go: 1.4 MiB (1441792 bytes), 10.0% of the tmpfs of board 'wt1520'" */
static void put_summary(struct buf *b, const struct binary *bin)
{
	char *name = artifact_name(bin->x);

	buf_printf(b, "%s: ", name);
	table_bytes(b, bin->ps.size);
	buf_printf(b, " (%" PRIu64 " bytes)", bin->ps.size);
	if (bin->x->tmpfs) {
		buf_puts(b, ", ");
		put_pct(b, bin->ps.size, bin->x->tmpfs);
		buf_printf(b, " of the tmpfs budget of board '%s', ", bin->x->board);
		table_bytes(b, bin->x->tmpfs);
	}
	buf_printf(b, "; symbols of '%s'", bin->ps.symbols);
	free(name);
}

static void print_table(const struct binary *bin)
{
	static const char *const head[] = { "PACKAGE", "BYTES", "SIZE", "BINARY", "TMPFS" };
	struct strv cells = STRV_INIT;
	struct buf b = BUF_INIT;

	put_summary(&b, bin);
	printf("%s\n", buf_str(&b));
	for (size_t i = 0; i < ARRAY_LEN(head); i++)
		strv_push(&cells, head[i]);
	for (size_t i = 0; i < bin->ps.n; i++) {
		const struct pkgsize *r = &bin->ps.v[i];

		strv_push(&cells, r->name);
		strv_pushf(&cells, "%" PRIu64, r->bytes);
		buf_reset(&b);
		table_bytes(&b, r->bytes);
		strv_push(&cells, buf_str(&b));
		buf_reset(&b);
		put_pct(&b, r->bytes, bin->ps.size);
		strv_push(&cells, buf_str(&b));
		buf_reset(&b);
		put_pct(&b, r->bytes, bin->x->tmpfs);
		strv_push(&cells, buf_str(&b));
	}
	table_print(&cells, ARRAY_LEN(head));
	strv_release(&cells);
	buf_release(&b);
}

/* "key": a percentage with two decimals, or null without a whole */
static void json_pct(struct buf *b, const char *key, uint64_t part, uint64_t whole)
{
	json_key(b, key, 0);
	buf_printf(b, whole ? "%.2f" : "null", whole ? 100.0 * (double)part / (double)whole : 0.0);
}

static void json_binary(struct buf *b, const struct binary *bin)
{
	buf_puts(b, "  {");
	artifact_json_names(b, bin->x);
	json_kv_str(b, "compiler", bin->x->compiler, 0);
	json_kv_str(b, "symbols", bin->ps.symbols, 0);
	json_kv_u64(b, "size", bin->ps.size, 0);
	json_kv_u64(b, "loaded", bin->ps.loaded, 0);
	json_key(b, "tmpfs", 0);
	buf_printf(b, bin->x->tmpfs ? "%" PRIu64 : "null", bin->x->tmpfs);
	json_key(b, "packages", 0);
	buf_puts(b, "[");
	for (size_t i = 0; i < bin->ps.n; i++) {
		const struct pkgsize *r = &bin->ps.v[i];

		buf_puts(b, i ? ",\n      {" : "\n      {");
		json_kv_str(b, "name", r->name, 1);
		json_kv_str(b, "kind", pkg_kind_name(r->kind), 0);
		json_kv_u64(b, "bytes", r->bytes, 0);
		json_pct(b, "percent", r->bytes, bin->ps.size);
		json_pct(b, "tmpfs_percent", r->bytes, bin->x->tmpfs);
		buf_puts(b, "}");
	}
	buf_puts(b, bin->ps.n ? "\n    ]\n  }" : "]\n  }");
}

/* element i of the binaries bins */
static void json_binary_at(struct buf *b, const void *bins, size_t i)
{
	json_binary(b, (const struct binary *)bins + i);
}

/* the HTML report */

static const char html_head[] =
	"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	"<title>mipsbake: where the bytes go</title>\n<style>\n"
	"body { font: 14px sans-serif; margin: 16px; color: #222; background: #fff; }\n"
	"h2 { font-size: 16px; margin: 24px 0 4px; }\n"
	"p { margin: 0 0 8px; }\n"
	"svg.treemap rect { stroke: #fff; stroke-width: 1; }\n"
	"svg.treemap text { font: 11px sans-serif; fill: #111; pointer-events: none; }\n"
	"table { border-collapse: collapse; margin-top: 8px; }\n"
	"td, th { padding: 1px 8px; text-align: right; }\n"
	"td:first-child, th:first-child { text-align: left; }\n"
	"</style>\n</head>\n<body>\n<h1>Where the bytes go</h1>\n";

/* the tooltip of row r: "github.com/miekg/dns: 512.0 KiB (524288 bytes), 20.1% of the binary" */
static char *tooltip(const struct binary *bin, const struct pkgsize *r)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "%s: ", r->name);
	table_bytes(&b, r->bytes);
	buf_printf(&b, " (%" PRIu64 " bytes), ", r->bytes);
	put_pct(&b, r->bytes, bin->ps.size);
	buf_puts(&b, " of the binary");
	if (bin->x->tmpfs) {
		buf_puts(&b, ", ");
		put_pct(&b, r->bytes, bin->x->tmpfs);
		buf_puts(&b, " of the tmpfs budget");
	}
	return buf_detach(&b);
}

/* the rows of bin as a table under its treemap */
static void html_rows(struct buf *b, const struct binary *bin)
{
	buf_puts(b, "<table>\n<tr><th>package</th><th>bytes</th><th>binary</th><th>tmpfs</th></tr>\n");
	for (size_t i = 0; i < bin->ps.n; i++) {
		const struct pkgsize *r = &bin->ps.v[i];

		buf_puts(b, "<tr><td>");
		xml_escape(b, r->name);
		buf_printf(b, "</td><td>%" PRIu64 "</td><td>", r->bytes);
		put_pct(b, r->bytes, bin->ps.size);
		buf_puts(b, "</td><td>");
		put_pct(b, r->bytes, bin->x->tmpfs);
		buf_puts(b, "</td></tr>\n");
	}
	buf_puts(b, "</table>\n");
}

static void html_binary(struct buf *b, const struct binary *bin)
{
	struct tm_item *items = xcalloc(bin->ps.n ? bin->ps.n : 1, sizeof(*items));
	struct buf s = BUF_INIT;
	char *name = artifact_name(bin->x);

	for (size_t i = 0; i < bin->ps.n; i++) {
		items[i].label = bin->ps.v[i].name;
		items[i].value = bin->ps.v[i].bytes;
		items[i].tooltip = tooltip(bin, &bin->ps.v[i]);
		items[i].muted = bin->ps.v[i].kind == PK_SECTION || bin->ps.v[i].kind == PK_FILE;
	}
	buf_puts(b, "<h2>");
	xml_escape(b, name);
	buf_puts(b, "</h2>\n<p>");
	put_summary(&s, bin);
	xml_escape(b, buf_str(&s));
	buf_puts(b, "</p>\n");
	treemap_svg(b, items, bin->ps.n, MAP_W, MAP_H);
	html_rows(b, bin);
	for (size_t i = 0; i < bin->ps.n; i++)
		free((char *)items[i].tooltip);
	free(items);
	free(name);
	buf_release(&s);
}

static int write_html(const char *path, const struct binary *bins, size_t n)
{
	struct buf b = BUF_INIT;
	int rc;

	buf_puts(&b, html_head);
	for (size_t i = 0; i < n; i++)
		html_binary(&b, &bins[i]);
	buf_puts(&b, "</body>\n</html>\n");
	rc = fs_write_atomic(path, b.data, b.len);
	buf_release(&b);
	return rc < 0 ? error("cannot write '%s'", path) : 0;
}

/* the breakdown of every binary; -1 after reporting one without symbols */
static int read_all(const char *builddir, const struct artifacts *a, struct binary *bins)
{
	int rc = 0;

	for (size_t i = 0; i < a->n; i++) {
		int got = pkgsizes_for(builddir, &a->v[i], &bins[i].ps);

		bins[i].x = &a->v[i];
		if (got == 0) {
			char *name = artifact_name(&a->v[i]);

			error("%s: no symbols for binary '%s' (its unstripped link is missing or older)", name,
			      a->v[i].out);
			free(name);
		}
		if (got <= 0)
			rc = -1;
	}
	return rc;
}

int cmd_sizes_packages(const char *builddir, int json, const char *html)
{
	struct artifacts a;
	struct binary *bins;
	int rc;

	if (artifacts_read(builddir, &a) < 0)
		return 1;
	bins = xcalloc(a.n ? a.n : 1, sizeof(*bins));
	rc = read_all(builddir, &a, bins);
	if (rc == 0 && json)
		json_print_array(a.n, json_binary_at, bins);
	for (size_t i = 0; rc == 0 && !json && i < a.n; i++) {
		if (i)
			putchar('\n');
		print_table(&bins[i]);
	}
	if (rc == 0 && html)
		rc = write_html(html, bins, a.n);
	for (size_t i = 0; i < a.n; i++)
		pkgsizes_release(&bins[i].ps);
	free(bins);
	artifacts_release(&a);
	return rc < 0 ? 1 : 0;
}

void pkgreport_largest(const char *builddir, const struct artifact *x)
{
	struct pkgsizes ps;
	struct buf b = BUF_INIT;
	size_t shown = 0;

	if (pkgsizes_for(builddir, x, &ps) != 1)
		return;
	for (size_t i = 0; i < ps.n && shown < 5; i++) {
		const struct pkgsize *r = &ps.v[i];

		if (r->kind != PK_PACKAGE && r->kind != PK_LIBGO && r->kind != PK_CLIB)
			continue;
		buf_printf(&b, "%s%s ", shown++ ? ", " : "", r->name);
		table_bytes(&b, r->bytes);
	}
	if (shown) {
		char *name = artifact_name(x);

		note("%s: the largest packages: %s", name, buf_str(&b));
		free(name);
	}
	buf_release(&b);
	pkgsizes_release(&ps);
}
