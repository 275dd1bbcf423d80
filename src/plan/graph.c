/* graph.c: the package graph of a variant, as Graphviz DOT or JSON */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "plan/graph.h"
#include "plan/spec.h"
#include "lib/banned.h"

int graph_format_ok(const char *format)
{
	if (!format || !strcmp(format, "dot") || !strcmp(format, "json"))
		return 1;
	error("--format takes dot or json, not '%s'", format);
	return 0;
}

static char *variant_name(const struct variant *v)
{
	return xasprintf("%s/%s/%s", v->target->name, v->board->name, v->cfg->tc->name);
}

/* the names of the variants spec names (all when spec is NULL), into names; the last one */
static const struct variant *matching(const struct plan *p, const char *spec, struct strv *names)
{
	const struct variant *found = NULL;

	for (size_t i = 0; i < p->nvars; i++) {
		const struct variant *v = &p->vars[i];

		if (spec && !select_matches(spec, v->target->name, v->board->name, v->cfg->tc->name))
			continue;
		strv_push_owned(names, variant_name(v));
		found = v;
	}
	return found;
}

/* the one variant o names; NULL after reporting */
static const struct variant *chosen(const struct plan *p, const struct graph_opts *o)
{
	const char *spec = o->specs->n ? o->specs->v[0] : NULL;
	struct strv names = STRV_INIT;
	const struct variant *v = matching(p, spec, &names);
	struct buf list = BUF_INIT;

	for (size_t i = 0; i < names.n; i++)
		buf_printf(&list, "%s%s", i ? ", " : "", names.v[i]);
	if (o->specs->n > 1)
		v = (error("graph prints one variant, not %zu", o->specs->n), NULL);
	else if (!v && spec)
		error("no variant is named '%s' (TARGET[/BOARD][/TOOLCHAIN])", spec);
	else if (names.n > 1)
		v = (error("%s %zu variants: %s; name one as TARGET[/BOARD][/TOOLCHAIN]",
			   spec ? "that names" : "the manifest has", names.n, buf_str(&list)), NULL);
	buf_release(&list);
	strv_release(&names);
	return v;
}

static int by_path(const void *a, const void *b)
{
	return strcmp((*(struct pkg *const *)a)->path, (*(struct pkg *const *)b)->path);
}

/* v's packages outside the standard library, sorted by import path; free the array */
static struct pkg **sorted_packages(const struct variant *v)
{
	struct pkg **s = xcalloc(v->nlink + 1, sizeof(*s));

	memcpy(s, v->link, v->nlink * sizeof(*s));
	qsort(s, v->nlink, sizeof(*s), by_path);
	return s;
}

/* the import paths of pkg's imports: inside the standard library (std) or outside, sorted */
static void imports_of(const struct config *c, const struct pkg *pkg, int std, struct strv *into)
{
	if (!std) {
		for (size_t i = 0; i < pkg->ndeps; i++)
			strv_push(into, pkg->deps[i]->path);
	}
	for (size_t i = 0; std && i < pkg->src.nimports; i++) {
		const char *ip = pkg->src.imports[i].path;
		const struct pkg *dep = strmap_get(&c->pkgs, ip);

		if (dep && dep->std && !strv_has(into, ip))
			strv_push(into, ip);
	}
	strv_sort(into);
}

static void json_list(struct buf *b, const struct strv *v)
{
	buf_putc(b, '[');
	for (size_t i = 0; i < v->n; i++) {
		if (i)
			buf_puts(b, ", ");
		json_str(b, v->v[i]);
	}
	buf_putc(b, ']');
}

static void json_package(struct buf *b, const struct plan *p, const struct variant *v, const struct pkg *pkg)
{
	struct strv deps = STRV_INIT, std = STRV_INIT;
	const char *version, *module = plan_module_of(p, pkg, &version);

	imports_of(v->cfg, pkg, 0, &deps);
	imports_of(v->cfg, pkg, 1, &std);
	buf_puts(b, "\n    {\"path\": ");
	json_str(b, pkg->path);
	buf_puts(b, ", \"module\": ");
	json_str(b, module);
	buf_puts(b, ", \"version\": ");
	json_str(b, version);
	buf_puts(b, ", \"dir\": ");
	json_str(b, pkg->dir);
	buf_printf(b, ", \"main\": %s,\n     \"imports\": ", pkg == v->main ? "true" : "false");
	json_list(b, &deps);
	buf_puts(b, ",\n     \"std_imports\": ");
	json_list(b, &std);
	buf_putc(b, '}');
	strv_release(&deps);
	strv_release(&std);
}

static void print_json(const struct plan *p, const struct variant *v, struct pkg **pkgs)
{
	struct buf b = BUF_INIT;
	char *name = variant_name(v);

	buf_puts(&b, "{");
	json_kv_str(&b, "variant", name, 1);
	json_kv_str(&b, "target", v->target->name, 0);
	json_kv_str(&b, "board", v->board->name, 0);
	json_kv_str(&b, "toolchain", v->cfg->tc->name, 0);
	json_kv_str(&b, "compiler", compiler_name(v->cfg->tc->compiler), 0);
	json_kv_str(&b, "goarch", v->cfg->goarch, 0);
	json_kv_str(&b, "gomips", v->cfg->gomips, 0);
	json_kv_str(&b, "config", v->cfg->name, 0);
	json_key(&b, "packages", 0);
	buf_putc(&b, '[');
	for (size_t i = 0; i < v->nlink; i++) {
		if (i)
			buf_putc(&b, ',');
		json_package(&b, p, v, pkgs[i]);
	}
	buf_puts(&b, "]\n}\n");
	fputs(buf_str(&b), stdout);
	buf_release(&b);
	free(name);
}

/* s as a DOT double-quoted string */
static void dot_str(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_putc(b, '\\');
		buf_putc(b, (unsigned char)*s < 0x20 ? ' ' : *s);
	}
	buf_putc(b, '"');
}

/* the packages of module (NULL: of none) as a cluster of nodes, each with its std imports */
static void dot_cluster(struct buf *b, const struct plan *p, const struct variant *v, struct pkg **pkgs,
			const char *module, size_t n)
{
	const char *version;

	buf_printf(b, "  subgraph \"cluster_%zu\" {\n    label=", n);
	dot_str(b, module ? module : "(no module)");
	buf_puts(b, ";\n");
	for (size_t i = 0; i < v->nlink; i++) {
		const char *m = plan_module_of(p, pkgs[i], &version);
		struct strv std = STRV_INIT;
		struct buf tip = BUF_INIT;

		if (!(m == module || (m && module && !strcmp(m, module))))
			continue;
		imports_of(v->cfg, pkgs[i], 1, &std);
		buf_puts(&tip, "std:");
		for (size_t j = 0; j < std.n; j++)
			buf_printf(&tip, " %s", std.v[j]);
		buf_puts(b, "    ");
		dot_str(b, pkgs[i]->path);
		buf_puts(b, pkgs[i] == v->main ? " [shape=doubleoctagon, tooltip=" : " [tooltip=");
		dot_str(b, buf_str(&tip));
		buf_puts(b, "];\n");
		strv_release(&std);
		buf_release(&tip);
	}
	buf_puts(b, "  }\n");
}

/* the modules of v's packages, in the order their packages come */
static void modules_of(const struct plan *p, const struct variant *v, struct pkg **pkgs, struct strv *mods,
		       int *none)
{
	const char *version;

	*none = 0;
	for (size_t i = 0; i < v->nlink; i++) {
		const char *m = plan_module_of(p, pkgs[i], &version);

		if (!m)
			*none = 1;
		else if (!strv_has(mods, m))
			strv_push(mods, m);
	}
}

static void print_dot(const struct plan *p, const struct variant *v, struct pkg **pkgs)
{
	struct buf b = BUF_INIT;
	struct strv mods = STRV_INIT;
	char *name = variant_name(v);
	int none;

	buf_puts(&b, "digraph ");
	dot_str(&b, name);
	buf_puts(&b, " {\n  rankdir=LR;\n  node [shape=box];\n  label=");
	dot_str(&b, name);
	buf_puts(&b, ";\n");
	modules_of(p, v, pkgs, &mods, &none);
	for (size_t i = 0; i < mods.n; i++)
		dot_cluster(&b, p, v, pkgs, mods.v[i], i);
	if (none)
		dot_cluster(&b, p, v, pkgs, NULL, mods.n);
	for (size_t i = 0; i < v->nlink; i++) {
		struct strv deps = STRV_INIT;

		imports_of(v->cfg, pkgs[i], 0, &deps);
		for (size_t j = 0; j < deps.n; j++) {
			buf_puts(&b, "  ");
			dot_str(&b, pkgs[i]->path);
			buf_puts(&b, " -> ");
			dot_str(&b, deps.v[j]);
			buf_puts(&b, ";\n");
		}
		strv_release(&deps);
	}
	buf_puts(&b, "}\n");
	fputs(buf_str(&b), stdout);
	buf_release(&b);
	strv_release(&mods);
	free(name);
}

int graph_print(const struct plan *p, void *arg)
{
	const struct graph_opts *o = arg;
	const struct variant *v = chosen(p, o);
	struct pkg **pkgs;

	if (!v)
		return 1;
	pkgs = sorted_packages(v);
	if (o->format && !strcmp(o->format, "json"))
		print_json(p, v, pkgs);
	else
		print_dot(p, v, pkgs);
	free(pkgs);
	return 0;
}
