/* gccgo.c: the gccgo backend: compile, extract export data, archive, link */
#include <stdlib.h>
#include <string.h>

#include "ninja.h"
#include "os.h"
#include "banned.h"

void gccgo_emit_rules(struct buf *b)
{
	buf_puts(b,
		 "rule gccgo_compile\n"
		 "  command = $gccgo -c $archflags $cflags $pkgflags -I $expdir -o $out $in\n"
		 "  description = GCCGO $pkg\n"
		 "rule gccgo_export\n"
		 "  command = $objcopy -j .go_export $in $out.tmp && "
		 "if cmp -s $out.tmp $out; then rm -f $out.tmp; else mv -f $out.tmp $out; fi\n"
		 "  description = EXPORT $pkg\n"
		 "  restat = 1\n"
		 "rule gccgo_cc\n"
		 "  command = $gcc -c -g -O2 $archflags $cflags $defs -o $out $in\n"
		 "  description = CC $pkg $src\n"
		 "rule gccgo_archive\n"
		 "  command = rm -f $out && $ar rcD $out $in\n"
		 "  description = AR $pkg\n"
		 "rule gccgo_link\n"
		 "  command = $gccgo -o $out $archflags '-Wl,-(' -Wl,--whole-archive $in "
		 "-Wl,--no-whole-archive '-Wl,-)' $ldflags$post\n"
		 "  description = LINK $out\n\n");
}

char *gccgo_mangle_pkgpath(const char *path)
{
	static const char codes[] = "_0/1*2,3{4}5[6]7(8)9\"a b;c";
	struct buf b = BUF_INIT;

	for (const unsigned char *s = (const unsigned char *)path; *s; s++) {
		const char *code = *s ? strchr(codes, *s) : NULL;

		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9'))
			buf_putc(&b, *s);
		else if (*s == '.')
			buf_puts(&b, "_0");
		else if (code && (code - codes) % 2 == 0)
			buf_printf(&b, "_%c", code[1]);
		else
			buf_printf(&b, "_x%02x", *s);
	}
	return buf_detach(&b);
}

/* "pkg/<config>/<importpath>/<name>" */
static char *obj_path(const struct config *c, const struct pkg *pkg, const char *name)
{
	return xasprintf("pkg/%s/%s/%s", c->name, pkg->path, name);
}

static char *export_path(const struct config *c, const struct pkg *pkg)
{
	return xasprintf("exp/%s/%s.gox", c->name, pkg->path);
}

static void emit_src_paths(struct buf *b, const struct pkg *pkg, const struct strv *names)
{
	for (size_t i = 0; i < names->n; i++) {
		char *src = path_join(pkg->dir, names->v[i]);

		ninja_path(b, src);
		free(src);
	}
}

/* the Go compile and, for importable packages, the export extraction */
static void emit_go_compile(struct buf *b, const struct config *c, const struct pkg *pkg, const char *obj)
{
	struct strv deps = STRV_INIT, flags = STRV_INIT;

	buf_puts(b, "build");
	ninja_path(b, obj);
	buf_puts(b, ": gccgo_compile");
	emit_src_paths(b, pkg, &pkg->src.go_files);
	buf_puts(b, " | $gccgo_path");
	ninja_dep_paths(c, pkg, export_path, &deps);
	for (size_t i = 0; i < deps.n; i++)
		ninja_path(b, deps.v[i]);
	buf_putc(b, '\n');
	ninja_var_path(b, 1, "pkg", pkg->path);
	if (!pkg->is_main)
		strv_pushf(&flags, "-fgo-pkgpath=%s", pkg->path);
	ninja_var_words(b, 1, "pkgflags", &flags);
	if (!pkg->is_main) {
		char *exp = export_path(c, pkg);

		buf_puts(b, "build");
		ninja_path(b, exp);
		buf_puts(b, ": gccgo_export");
		ninja_path(b, obj);
		buf_putc(b, '\n');
		ninja_var_path(b, 1, "pkg", pkg->path);
		free(exp);
	}
	strv_release(&deps);
	strv_release(&flags);
}

/* one gcc compile per C file of the package; object paths appended to objs */
static void emit_c_compiles(struct buf *b, const struct config *c, const struct pkg *pkg, struct strv *objs)
{
	struct strv defs = STRV_INIT;
	char *mangled = gccgo_mangle_pkgpath(pkg->is_main ? "main" : pkg->path);

	strv_pushf(&defs, "-DGOOS_%s", c->ctx.goos);
	strv_pushf(&defs, "-DGOARCH_%s", c->goarch);
	strv_pushf(&defs, "-DGOPKGPATH=\"%s\"", mangled);
	for (size_t i = 0; i < pkg->src.c_files.n; i++) {
		char *name = xasprintf("_c_%s.o", pkg->src.c_files.v[i]);
		char *obj = obj_path(c, pkg, name);
		char *src = path_join(pkg->dir, pkg->src.c_files.v[i]);

		buf_puts(b, "build");
		ninja_path(b, obj);
		buf_puts(b, ": gccgo_cc");
		ninja_path(b, src);
		buf_puts(b, " | $gcc_path\n");
		ninja_var_path(b, 1, "pkg", pkg->path);
		ninja_var_path(b, 1, "src", pkg->src.c_files.v[i]);
		ninja_var_words(b, 1, "defs", &defs);
		strv_push_owned(objs, obj);
		free(name);
		free(src);
	}
	strv_release(&defs);
	free(mangled);
}

static void emit_pkg(struct buf *b, const struct config *c, const struct pkg *pkg)
{
	struct strv objs = STRV_INIT;
	char *obj = obj_path(c, pkg, "_go_.o");
	char *lib = obj_path(c, pkg, "_pkg_.a");

	emit_go_compile(b, c, pkg, obj);
	strv_push(&objs, obj);
	emit_c_compiles(b, c, pkg, &objs);
	buf_puts(b, "build");
	ninja_path(b, lib);
	buf_puts(b, ": gccgo_archive");
	for (size_t i = 0; i < objs.n; i++)
		ninja_path(b, objs.v[i]);
	buf_puts(b, " | $ar_path\n");
	ninja_var_path(b, 1, "pkg", pkg->path);
	buf_putc(b, '\n');
	strv_release(&objs);
	free(obj);
	free(lib);
}

static void link_flags(const struct variant *v, struct strv *ld)
{
	static const char *const modes[] = { "-static", "-static-libgo", NULL };
	const char *mode = modes[v->target->link];

	strv_extend(ld, &v->cfg->tc->ldflags);
	if (mode)
		strv_push(ld, mode);
}

/* the strip command run after the link, as the " && strip out" tail of the link command */
static void emit_strip(struct buf *b, const struct variant *v)
{
	struct buf w = BUF_INIT;

	buf_puts(&w, " && ");
	sh_quote(&w, v->cfg->ti->strip);
	buf_putc(&w, ' ');
	sh_quote(&w, v->out);
	buf_puts(b, "  post = ");
	ninja_escape(b, buf_str(&w));
	buf_putc(b, '\n');
	buf_release(&w);
}

static void emit_link(struct buf *b, const struct variant *v)
{
	struct strv ld = STRV_INIT;

	buf_puts(b, "build");
	ninja_path(b, v->out);
	buf_puts(b, ": gccgo_link");
	for (size_t i = v->nlink; i-- > 0;) {
		char *lib = obj_path(v->cfg, v->link[i], "_pkg_.a");

		ninja_path(b, lib);
		free(lib);
	}
	buf_puts(b, v->target->strip ? " | $gccgo_path $strip_path\n" : " | $gccgo_path\n");
	link_flags(v, &ld);
	ninja_var_words(b, 1, "ldflags", &ld);
	if (v->target->strip)
		emit_strip(b, v);
	strv_release(&ld);
}

static void emit_tools(struct buf *b, const struct config *c)
{
	struct strv flags = STRV_INIT;
	char *exp = xasprintf("exp/%s", c->name);

	buf_printf(b, "# configuration %s: toolchain %s, GOARCH=%s, GOMIPS=%s\n", c->name, c->tc->name,
		   c->goarch, c->gomips);
	ninja_var_word(b, 0, "gccgo", c->ti->gccgo);
	ninja_var_word(b, 0, "gcc", c->ti->gcc);
	ninja_var_word(b, 0, "objcopy", c->ti->objcopy);
	ninja_var_word(b, 0, "ar", c->ti->ar);
	ninja_var_path(b, 0, "gccgo_path", c->ti->gccgo);
	ninja_var_path(b, 0, "gcc_path", c->ti->gcc);
	ninja_var_path(b, 0, "ar_path", c->ti->ar);
	ninja_var_path(b, 0, "strip_path", c->ti->strip);
	toolchain_arch_flags(c->goarch, c->gomips, &flags);
	ninja_var_words(b, 0, "archflags", &flags);
	strv_release(&flags);
	strv_push(&flags, "-O2");
	strv_push(&flags, "-g");
	strv_push(&flags, "-gno-record-gcc-switches");
	strv_extend(&flags, &c->tc->cflags);
	ninja_var_words(b, 0, "cflags", &flags);
	ninja_var_word(b, 0, "expdir", exp);
	buf_putc(b, '\n');
	strv_release(&flags);
	free(exp);
}

void gccgo_emit_config(struct buf *b, const struct plan *p, const struct config *c)
{
	emit_tools(b, c);
	for (size_t i = 0; i < c->norder; i++)
		emit_pkg(b, c, c->order[i]);
	for (size_t i = 0; i < p->nvars; i++)
		if (p->vars[i].cfg == c)
			emit_link(b, &p->vars[i]);
}
