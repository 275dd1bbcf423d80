/* steps.c: <build>/steps.json, the map from Ninja's outputs to packages and binaries */
#include <stdlib.h>
#include <string.h>

#include "emit/steps.h"
#include "lib/builddir.h"
#include "lib/json.h"
#include "lib/os.h"
#include "lib/banned.h"

char *steps_config_label(const struct plan *p, const struct config *c)
{
	char *label = xasprintf("%s-%s %s", c->goarch, c->gomips, compiler_name(c->tc->compiler));
	int same = 0;

	for (size_t i = 0; i < p->ncfgs; i++) {
		const struct config *o = p->cfgs[i];

		same += !strcmp(o->goarch, c->goarch) && !strcmp(o->gomips, c->gomips) &&
			o->tc->compiler == c->tc->compiler;
	}
	if (same > 1) {
		free(label);
		label = xstrdup(c->name);
	}
	return label;
}

/* a JSON array of the objkeys of n packages */
static void put_keys(struct buf *b, struct pkg *const *v, size_t n)
{
	buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(b, ',');
		json_str(b, pkg_objkey(v[i]));
	}
	buf_putc(b, ']');
}

static void put_packages(struct buf *b, struct pkg *const *v, size_t n, int *first)
{
	for (size_t i = 0; i < n; i++) {
		buf_puts(b, *first ? "\n   {\"key\": " : ",\n   {\"key\": ");
		*first = 0;
		json_str(b, pkg_objkey(v[i]));
		buf_puts(b, ", \"path\": ");
		json_str(b, v[i]->path);
		buf_puts(b, ", \"dir\": ");
		json_str(b, v[i]->dir);
		buf_puts(b, ", \"imports\": ");
		put_keys(b, v[i]->deps, v[i]->ndeps);
		buf_putc(b, '}');
	}
}

static void put_config(struct buf *b, const struct plan *p, const struct config *c, int first)
{
	char *label = steps_config_label(p, c);
	int none = 1;

	buf_puts(b, first ? "\n  {\"name\": " : ",\n  {\"name\": ");
	json_str(b, c->name);
	buf_puts(b, ", \"dir\": ");
	json_str(b, c->dir);
	buf_puts(b, ", \"label\": ");
	json_str(b, label);
	buf_puts(b, ", \"packages\": [");
	put_packages(b, c->order, c->norder, &none);
	put_packages(b, c->test_order, c->ntest_order, &none);
	buf_puts(b, "]}");
	free(label);
}

/* one link: name is how messages call it, target/board/toolchain what selects it (NULL: a
 * test binary, which no TARGET operand names) */
static void put_link(struct buf *b, const struct variant *v, const char *name, const char *target,
		     int *first)
{
	buf_puts(b, *first ? "\n  {\"name\": " : ",\n  {\"name\": ");
	*first = 0;
	json_str(b, name);
	buf_puts(b, ", \"config\": ");
	json_str(b, v->cfg->name);
	buf_puts(b, ", \"out\": ");
	json_str(b, v->out);
	buf_puts(b, ", \"target\": ");
	json_str(b, target);
	buf_puts(b, ", \"board\": ");
	json_str(b, target ? v->board->name : NULL);
	buf_puts(b, ", \"toolchain\": ");
	json_str(b, v->cfg->tc->name);
	buf_puts(b, ", \"inputs\": ");
	put_keys(b, v->link, v->nlink);
	buf_putc(b, '}');
}

static void put_links(struct buf *b, const struct plan *p)
{
	int first = 1;

	for (size_t i = 0; i < p->nvars; i++) {
		const struct variant *v = &p->vars[i];
		char *name = xasprintf("%s/%s/%s", v->target->name, v->board->name, v->cfg->tc->name);

		put_link(b, v, name, v->target->name, &first);
		free(name);
	}
	for (size_t i = 0; i < p->ntests; i++) {
		const struct test_variant *t = &p->tests[i];
		char *label, *name;

		if (t->no_tests)
			continue;
		label = steps_config_label(p, t->v.cfg);
		name = xasprintf("the tests of %s (%s)", t->pkgpath, label);
		put_link(b, &t->v, name, NULL, &first);
		free(label);
		free(name);
	}
}

int steps_write(const struct plan *p, const char *builddir)
{
	struct buf b = BUF_INIT;
	char *path = path_join(builddir, STEPS_FILE);
	int rc;

	buf_puts(&b, "{\"mipsbake-steps\": 1,\n \"configs\": [");
	for (size_t i = 0; i < p->ncfgs; i++)
		put_config(&b, p, p->cfgs[i], i == 0);
	buf_puts(&b, "],\n \"links\": [");
	put_links(&b, p);
	buf_puts(&b, "]}\n");
	rc = fs_write_if_changed(path, b.data, b.len) < 0 ? -1 : 0;
	buf_release(&b);
	free(path);
	return rc;
}
