/* gccgo.c: the gccgo backend: compile, extract export data, archive, link */
#include <stdlib.h>
#include <string.h>

#include "emit/action.h"
#include "emit/backend.h"
#include "emit/cgo.h"
#include "emit/diagmap.h"
#include "emit/ninja.h"
#include "lib/builddir.h"
#include "lib/gostring.h"
#include "lib/os.h"
#include "lib/banned.h"

/*
 * Export data is for compiling importers only; the binary does without it. Each package is
 * archived as its link object, its object without .go_export, as gc splits export data from
 * the link object; the link drops libgo's .go_export too. That saves a tenth to a fifth of a
 * binary, and keeps out of the binary, and out of the build id the linker derives from its
 * input, the one part of gccgo's output that is not deterministic: the order of export data
 * follows the lengths of what gccgo allocates, the real paths of the sources included.
 * A link object that comes out the same is left alone (restat), so a change to export data
 * only relinks nothing.
 */
/* $out.tmp becomes $out only when its bytes differ, so that an output that came out the
 * same keeps its mtime (restat) */
#define REPLACE_IF_CHANGED "if cmp -s $out.tmp $out; then rm -f $out.tmp; else mv -f $out.tmp $out; fi"

static int gccgo_rules(struct buf *b)
{
	buf_puts(b, "rule gccgo_compile\n  command = " ACTION_GET);
	diag_command(b, "env PWD=/proc/self/cwd $gccgo -c $archflags $cflags $pkgflags -I $expdir -o $out $in",
		     "$out.log", "$onfail");
	buf_puts(b, ACTION_PUT
		 "\n  description = GCCGO $pkg\n"
		 /* early (see emit/order.h): a compile at -O0 for the export data alone, in
		  * a third of the time. Its errors are the real compile's, which shows them,
		  * so it fails only when it has no export data to keep: otherwise it keeps the
		  * last (restat) and the real compile's check below sets things right */
		 "rule gccgo_early\n"
		 "  command = " ACTION_GET "{ env PWD=/proc/self/cwd $gccgo -c $archflags $earlyflags $pkgflags "
		 "-I $expdir -o $out.o $in >$out.log 2>&1 && $objcopy -j .go_export $out.o $out.tmp; }; "
		 "rc=$$?; rm -f $out.o; if [ $$rc = 0 ]; then " REPLACE_IF_CHANGED " && "
		 "$self act put $actions $act; elif [ -e $out ]; then rm -f $out.tmp; else "
		 "test ! -s $out.log || $self diag-paths $out.log; exit 1; fi; }\n"
		 "  description = EARLY $pkg\n"
		 "  restat = 1\n"
		 /* the real compile's export data must be the early one's, what the importers
		  * were compiled against; when it is not, it replaces it (in the cache too, as
		  * the early action's output, so that another build directory does not meet the
		  * difference again), and the build fails for mipsbake to run Ninja again, which
		  * compiles the importers again */
		 "rule gccgo_exportcheck\n"
		 "  command = $objcopy -j .go_export $in $out.tmp && if cmp -s $out.tmp $early; then "
		 "mv -f $out.tmp $out; else mv -f $out.tmp $early && $self act put $actions $early && "
		 ": >" RERUN_FILE " && echo $note >&2 && exit 1; fi\n"
		 "  description = CHECK $pkg\n"
		 "rule gccgo_export\n"
		 "  command = " ACTION_GET "$objcopy -j .go_export $in $out.tmp && "
		 REPLACE_IF_CHANGED ACTION_PUT "\n"
		 "  description = EXPORT $pkg\n"
		 "  restat = 1\n"
		 "rule gccgo_linkobj\n"
		 "  command = " ACTION_GET "$objcopy -R .go_export $in $out.tmp && "
		 REPLACE_IF_CHANGED ACTION_PUT "\n"
		 "  description = LINKOBJ $pkg\n"
		 "  restat = 1\n"
		 "rule gccgo_cc\n  command = " ACTION_GET);
	diag_command(b, "env PWD=/proc/self/cwd $gcc -c -g -O2 $archflags $cflags $defs -o $out $in", "$out.log", "");
	buf_puts(b, ACTION_PUT
		 "\n  description = CC $pkg $src\n"
		 "rule gccgo_archive\n"
		 "  command = " ACTION_GET "rm -f $out && $ar rcD $out $in" ACTION_PUT "\n"
		 "  description = AR $pkg\n"
		 "rule gccgo_link\n"
		 "  command = " ACTION_GET "$gccgo -o $out $archflags '-Wl,-(' -Wl,--whole-archive $in "
		 "-Wl,--no-whole-archive '-Wl,-)' $ldflags && $objcopy -R .go_export $out$post" ACTION_PUT "\n"
		 "  description = LINK $out\n"
		 /* the same, keeping glibc's warning for static name service users out of a link
		  * that succeeds (the plan's note says it once, and what to do) */
		 "rule gccgo_link_nss\n"
		 "  command = " ACTION_GET "$gccgo -o $out $archflags '-Wl,-(' -Wl,--whole-archive $in "
		 "-Wl,--no-whole-archive '-Wl,-)' $ldflags 2>$out.ld; rc=$$?; if [ $$rc = 0 ]; then "
		 "grep -v -e 'in statically linked applications requires at runtime' "
		 "-e ': in function .' $out.ld >&2 || :; else cat $out.ld >&2; fi; rm -f $out.ld; "
		 "[ $$rc = 0 ] && $objcopy -R .go_export $out$post" ACTION_PUT "\n"
		 "  description = LINK $out\n\n");
	return 0;
}

/* gccgo's mangling of a package path into a symbol prefix (cmd/internal/pkgpath's v3) */
static char *gccgo_mangle_pkgpath(const char *path)
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
	return xasprintf("pkg/%s/%s/%s", c->dir, pkg_objkey(pkg), name);
}

static char *export_path(const struct config *c, const struct pkg *pkg)
{
	return xasprintf("exp/%s/%s.gox", c->dir, pkg_objkey(pkg));
}

/*
 * The source view: gccgo writes the paths of the files it compiles into export data, and an
 * importer that inlines a body copies them into its debug information, where no
 * -ffile-prefix-map reaches. So gccgo is given paths that are the same on every machine:
 * src/<root> in the build directory is a symbolic link to each source root (the module, each
 * dependency), named by gccgo's mangling of its import path, and compiles name their files
 * through it, relative to the build directory.
 */
struct view_root {
	const char *dir;         /* the real directory */
	const char *importpath;  /* its import path */
};

static size_t view_roots(const struct plan *p, struct view_root *roots)
{
	size_t n = 0;

	roots[n].dir = p->m->dir;
	roots[n++].importpath = p->m->module ? p->m->module : "main";
	for (size_t i = 0; i < p->m->ndeps; i++) {
		if (!p->src || !p->src[i].dir)
			continue;
		roots[n].dir = p->src[i].dir;
		roots[n++].importpath = p->m->deps[i].importpath;
	}
	return n;
}

/* "src/<mangled import path>" */
static char *view_link(const struct view_root *r)
{
	char *m = gccgo_mangle_pkgpath(r->importpath), *s = xasprintf("src/%s", m);

	free(m);
	return s;
}

/* dir as seen through the view (relative to the build directory); a directory of no root as is */
static char *view_dir(const struct plan *p, const char *dir)
{
	struct view_root *roots = xcalloc(p->m->ndeps + 1, sizeof(*roots));
	size_t n = view_roots(p, roots), best = n, best_len = 0;
	char *s;

	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(roots[i].dir);

		if (strncmp(dir, roots[i].dir, len) == 0 && (dir[len] == '/' || dir[len] == '\0') &&
		    len >= best_len) {
			best = i;
			best_len = len;
		}
	}
	if (best == n) {
		s = xstrdup(dir);
	} else {
		char *link = view_link(&roots[best]);

		s = xasprintf("%s%s", link, dir + best_len);
		free(link);
	}
	free(roots);
	return s;
}

/* the source view's links, for the messages of compiles that name files through them */
static void gccgo_shown_dirs(const struct plan *p, struct strv *pairs)
{
	struct view_root *roots = xcalloc(p->m->ndeps + 1, sizeof(*roots));
	size_t n = view_roots(p, roots);

	for (size_t i = 0; i < n; i++) {
		strv_push_owned(pairs, view_link(&roots[i]));
		strv_push(pairs, roots[i].dir);
	}
	free(roots);
}

/* gccgo's source view: src/<root> links in the build directory */
static int gccgo_write_view(const struct gen_opts *o, const struct plan *p)
{
	struct view_root *roots = xcalloc(p->m->ndeps + 1, sizeof(*roots));
	size_t n = view_roots(p, roots);
	char *dir = path_join(o->builddir, "src");
	int rc = fs_mkdir_p(dir);

	for (size_t i = 0; i < n && rc >= 0; i++) {
		char *link = view_link(&roots[i]), *path = path_join(o->builddir, link);

		rc = fs_symlink_if_changed(roots[i].dir, path);
		free(link);
		free(path);
	}
	free(roots);
	free(dir);
	return rc < 0 ? -1 : 0;
}

static void emit_src_paths(struct buf *b, const struct plan *p, const struct pkg *pkg, const struct strv *names)
{
	char *dir = view_dir(p, pkg->dir);

	for (size_t i = 0; i < names->n; i++) {
		char *src = path_join(dir, names->v[i]);

		ninja_path(b, src);
		free(src);
	}
	free(dir);
}

/* append s as a Go interpreted string literal */
static void go_quote(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (*c == '"' || *c == '\\')
			buf_printf(b, "\\%c", *c);
		else if (*c >= 0x20 && *c < 0x7f)
			buf_putc(b, *c);
		else
			buf_printf(b, "\\x%02x", *c);
	}
	buf_putc(b, '"');
}

/*
 * gccgo has no -X. A package whose variables a target sets gets a generated file, compiled
 * first, whose blank variable's initializer assigns them. Package initialization runs it as
 * soon as the variables it names are initialized and before any later-declared variable that
 * is also waiting for them, so other initializers see the set values, as with -X.
 * The file's path relative to the build directory, or NULL when the package sets nothing.
 */
static char *write_sets_file(const struct gen_opts *o, const struct config *c, const struct pkg *pkg,
			     int *rc)
{
	struct buf t = BUF_INIT;
	char *rel, *path, *dir;

	if (!pkg->sets || !*pkg->sets)
		return NULL;
	buf_printf(&t, "// Code generated by mipsbake; DO NOT EDIT.\n"
		       "// The package's 'define:' and 'stamp:' variables, set as gc's -X would.\n\n"
		       "package %s\n\nvar _ = func() int {\n", pkg->src.name);
	for (const char *l = pkg->sets; *l; l = strchr(l, '\n') + 1) {
		const char *eq = strchr(l, '=');
		char *val = xasprintf("%.*s", (int)(strchr(eq, '\n') - eq - 1), eq + 1);

		buf_printf(&t, "\t%.*s = ", (int)(eq - l), l);
		go_quote(&t, val);
		buf_putc(&t, '\n');
		free(val);
	}
	buf_puts(&t, "\treturn 0\n}()\n");
	rel = xasprintf("sets/%s/%s/_mipsbake_sets.go", c->dir, pkg_objkey(pkg));
	path = path_join(o->builddir, rel);
	dir = path_dir(path);
	if (fs_mkdir_p(dir) < 0 || fs_write_if_changed(path, t.data, t.len) < 0)
		*rc = -1;
	buf_release(&t);
	free(path);
	free(dir);
	return rel;
}

/*
 * -ffile-prefix-map: the source view's roots show as their import paths, the working
 * directory as ".", as -trimpath does for gc. No path of this machine may reach gccgo's
 * command line, not even through a map: the order of its export data depends on the lengths
 * of what it allocates. So compiles run in the build directory with PWD=/proc/self/cwd,
 * which gcc takes for the working directory (it names the same directory), and name
 * everything relative to it.
 */
static void prefix_maps(const struct plan *p, struct strv *flags)
{
	struct view_root *roots = xcalloc(p->m->ndeps + 1, sizeof(*roots));
	size_t n = view_roots(p, roots);

	strv_push(flags, "-ffile-prefix-map=/proc/self/cwd=.");
	for (size_t i = 0; i < n; i++) {
		char *link = view_link(&roots[i]);

		strv_pushf(flags, "-ffile-prefix-map=%s=%s", link, roots[i].importpath);
		free(link);
	}
	free(roots);
}

/* the check that pkg's export data, from its object obj, is the early compile's (exp) */
static void emit_export_check(struct buf *b, const struct config *c, const struct pkg *pkg, const char *obj,
			      const char *exp)
{
	char *out = obj_path(c, pkg, "_go_.gox");
	char *note = xasprintf("mipsbake: the export data of %s from its -O0 compile differs from its "
			       "real compile's; what imports it compiles again", pkg->path);

	buf_puts(b, "build");
	ninja_path(b, out);
	buf_puts(b, ": gccgo_exportcheck");
	ninja_path(b, obj);
	buf_puts(b, " |");
	ninja_path(b, exp);
	buf_putc(b, '\n');
	ninja_var_path(b, 1, "pkg", pkg->path);
	ninja_var_path(b, 1, "early", exp);
	ninja_var_word(b, 1, "note", note);
	free(out);
	free(note);
}

/* the Go compile (of pkg's Go files and the Go files cgo wrote, gen) into obj and, for
 * importable packages, the export extraction (or for an early package its check); with
 * early, pkg's early compile into its export data, obj */
static int emit_go_compile(struct buf *b, const struct gen_opts *o, const struct plan *p,
			   const struct config *c, const struct pkg *pkg, const char *obj,
			   const struct strv *gen, int early)
{
	struct strv deps = STRV_INIT, flags = STRV_INIT;
	int rc = 0;
	char *sets = write_sets_file(o, c, pkg, &rc);
	/* the embedded files through the source view: no path of this machine reaches gccgo */
	char *view = view_dir(p, pkg->dir), *ecfg = backend_embedcfg(o, c, pkg, view, &rc);

	buf_puts(b, "build");
	ninja_path(b, obj);
	buf_puts(b, early ? ": gccgo_early" : ": gccgo_compile");
	if (sets)
		ninja_path(b, sets);
	emit_src_paths(b, p, pkg, &pkg->src.go_files);
	for (size_t i = 0; i < gen->n; i++)
		ninja_path(b, gen->v[i]);
	buf_puts(b, " | $gccgo_path");
	if (ecfg) {
		ninja_path(b, ecfg);
		backend_embed_paths(b, pkg, view);
		strv_pushf(&flags, "-fgo-embedcfg=%s", ecfg);
	}
	backend_dep_paths(c, pkg, export_path, &deps);
	for (size_t i = 0; i < deps.n; i++)
		ninja_path(b, deps.v[i]);
	buf_putc(b, '\n');
	ninja_var_path(b, 1, "pkg", pkg->path);
	if (!early)
		backend_newer_note(b, c, pkg);
	if (!pkg->is_main)
		strv_pushf(&flags, "-fgo-pkgpath=%s", pkg->path);
	/* a test's packages find the ones compiled for the test first */
	if (pkg->testdir) {
		strv_push(&flags, "-I");
		strv_pushf(&flags, "exp/%s/%s", c->dir, pkg->testdir);
	}
	strv_extend(&flags, c->gcflags);
	ninja_var_words(b, 1, "pkgflags", &flags);
	if (pkg->early && !early) {
		char *exp = export_path(c, pkg);

		emit_export_check(b, c, pkg, obj, exp);
		free(exp);
	} else if (!pkg->is_main && !early) {
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
	free(sets);
	free(view);
	free(ecfg);
	return rc;
}

/* one gcc compile of C file src (a Ninja path) into obj; hdr: an input it waits for, or NULL */
static void emit_c_compile(struct buf *b, const struct pkg *pkg, const char *src, const char *obj,
			   const char *hdr, const struct strv *defs)
{
	buf_puts(b, "build");
	ninja_path(b, obj);
	buf_puts(b, ": gccgo_cc");
	ninja_path(b, src);
	buf_puts(b, " | $gcc_path");
	if (hdr)
		ninja_path(b, hdr);
	buf_putc(b, '\n');
	ninja_var_path(b, 1, "pkg", pkg->path);
	ninja_var_path(b, 1, "src", strrchr(src, '/') ? strrchr(src, '/') + 1 : src);
	ninja_var_words(b, 1, "defs", defs);
}

/* one gcc compile per C file of the package and per C file cgo wrote (gen, and its
 * _cgo_export.h hdr, NULL without cgo); object paths appended to objs */
static void emit_c_compiles(struct buf *b, const struct plan *p, const struct config *c, const struct pkg *pkg,
			    const struct strv *gen, const char *hdr, struct strv *objs)
{
	struct strv defs = STRV_INIT;
	char *mangled = gccgo_mangle_pkgpath(pkg->is_main ? "main" : pkg->path);
	char *dir = view_dir(p, pkg->dir);

	strv_pushf(&defs, "-DGOOS_%s", c->ctx.goos);
	strv_pushf(&defs, "-DGOARCH_%s", c->goarch);
	strv_pushf(&defs, "-DGOPKGPATH=\"%s\"", mangled);
	if (hdr) {
		strv_push(&defs, "-I");
		strv_push_owned(&defs, path_dir(hdr));
		strv_push(&defs, "-I");
		strv_push(&defs, dir);
		strv_extend(&defs, &pkg->cgo.words[CGO_CPPFLAGS]);
		strv_extend(&defs, &pkg->cgo.words[CGO_CFLAGS]);
	}
	for (size_t i = 0; i < pkg->src.c_files.n; i++) {
		char *name = xasprintf("_c_%s.o", pkg->src.c_files.v[i]);
		char *obj = obj_path(c, pkg, name);
		char *src = path_join(dir, pkg->src.c_files.v[i]);

		emit_c_compile(b, pkg, src, obj, hdr, &defs);
		strv_push_owned(objs, obj);
		free(name);
		free(src);
	}
	for (size_t i = 0; i < gen->n; i++) {
		const char *base = strrchr(gen->v[i], '/') + 1;
		char *name = xasprintf("_cgo_%.*s.o", (int)(strlen(base) - 2), base);
		char *obj = obj_path(c, pkg, name);

		emit_c_compile(b, pkg, gen->v[i], obj, NULL, &defs);
		strv_push_owned(objs, obj);
		free(name);
	}
	strv_release(&defs);
	free(mangled);
	free(dir);
}

static int emit_pkg(struct buf *b, const struct gen_opts *o, const struct plan *p, const struct config *c,
		    const struct pkg *pkg)
{
	struct strv objs = STRV_INIT;
	struct cgo_gen gen = CGO_GEN_INIT;
	char *obj = obj_path(c, pkg, "_go_.o"), *lo = obj_path(c, pkg, "_go_.lo");
	char *lib = obj_path(c, pkg, "_pkg_.a");
	int rc;

	if (pkg->src.cgo_files.n > 0) {
		char *objdir = obj_path(c, pkg, "cgo"), *dir = view_dir(p, pkg->dir);

		cgo_emit(b, o->builddir, c, pkg, dir, objdir, &gen);
		free(objdir);
		free(dir);
	}
	rc = emit_go_compile(b, o, p, c, pkg, obj, &gen.go, 0);

	buf_puts(b, "build");
	ninja_path(b, lo);
	buf_puts(b, ": gccgo_linkobj");
	ninja_path(b, obj);
	buf_putc(b, '\n');
	ninja_var_path(b, 1, "pkg", pkg->path);
	strv_push(&objs, lo);
	emit_c_compiles(b, p, c, pkg, &gen.cfiles, gen.hdr, &objs);
	buf_puts(b, "build");
	ninja_path(b, lib);
	buf_puts(b, ": gccgo_archive");
	for (size_t i = 0; i < objs.n; i++)
		ninja_path(b, objs.v[i]);
	buf_puts(b, " | $ar_path");
	/* no binary of an early package before its export data is known to be right */
	if (pkg->early) {
		char *check = obj_path(c, pkg, "_go_.gox");

		buf_puts(b, " ||");
		ninja_path(b, check);
		free(check);
	}
	buf_putc(b, '\n');
	ninja_var_path(b, 1, "pkg", pkg->path);
	buf_putc(b, '\n');
	strv_release(&objs);
	cgo_gen_release(&gen);
	free(obj);
	free(lo);
	free(lib);
	return rc;
}

/* pkg's early compile: its export data, for its importers, ahead of its real compile */
static int emit_early(struct buf *b, const struct gen_opts *o, const struct plan *p, const struct config *c,
		      const struct pkg *pkg)
{
	struct strv none = STRV_INIT;
	char *exp = export_path(c, pkg);
	int rc = emit_go_compile(b, o, p, c, pkg, exp, &none, 1);

	free(exp);
	return rc;
}

static void link_flags(const struct variant *v, struct strv *ld)
{
	static const char *const modes[] = { "-static", "-static-libgo", NULL };
	const char *mode = modes[v->target->link];

	strv_extend(ld, &v->cfg->tc->ldflags);
	strv_extend(ld, &v->target->ldflags);
	if (mode)
		strv_push(ld, mode);
	/* the #cgo LDFLAGS of the linked packages, each package's once, as cmd/go's gccgo link */
	for (size_t i = 0; i < v->nlink; i++)
		strv_extend(ld, &v->link[i]->cgo.words[CGO_LDFLAGS]);
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

/* the edge that links v into out, stripped as v says when strip is set */
static int emit_link_to(struct buf *b, const struct variant *v, const char *out, int strip)
{
	struct strv ld = STRV_INIT;

	strip = strip && v->target->strip;
	buf_puts(b, "build");
	ninja_path(b, out);
	buf_puts(b, plan_links_glibc_nss(v) ? ": gccgo_link_nss" : ": gccgo_link");
	for (size_t i = v->nlink; i-- > 0;) {
		char *lib = obj_path(v->cfg, v->link[i], "_pkg_.a");

		ninja_path(b, lib);
		free(lib);
	}
	buf_puts(b, strip ? " | $gccgo_path $strip_path" : " | $gccgo_path");
	/* a twin links after its binary: not older, it has the symbols of that binary */
	if (strcmp(out, v->out) != 0) {
		buf_puts(b, " ||");
		ninja_path(b, v->out);
	}
	buf_putc(b, '\n');
	link_flags(v, &ld);
	ninja_var_words(b, 1, "ldflags", &ld);
	if (strip)
		emit_strip(b, v);
	strv_release(&ld);
	return 0;
}

static int emit_link(struct buf *b, const struct gen_opts *o, const struct variant *v)
{
	(void)o;
	return emit_link_to(b, v, v->out, 1);
}

/* the same link without the strip: the symbols 'sizes --packages' reads */
static int emit_link_unstripped(struct buf *b, const struct gen_opts *o, const struct variant *v,
				const char *out)
{
	(void)o;
	return emit_link_to(b, v, out, 0);
}

/* the flags of every Go and C compile of configuration c, but for the prefix maps; early:
 * of an early compile, which needs only the export data. gccgo 12 orders export data by
 * where its types lie in memory, so what it allocates before must be the same: -g0 changes
 * that, -O0 does not (measured on x/sys/unix), and the check sees to the rest */
static void config_cflags(const struct config *c, int early, struct strv *flags)
{
	strv_push(flags, early ? "-O0" : "-O2");
	strv_push(flags, "-g");
	strv_push(flags, "-gno-record-gcc-switches");
	strv_extend(flags, &c->tc->cflags);
}

static void gccgo_describe(const struct variant *v, struct strv *compile, struct strv *link)
{
	toolchain_arch_flags(v->cfg->goarch, v->cfg->gomips, compile);
	config_cflags(v->cfg, 0, compile);
	strv_push(compile, "-ffile-prefix-map=/proc/self/cwd=.");
	strv_push(compile, "-ffile-prefix-map=src/<source root>=<its import path>");
	strv_extend(compile, v->cfg->gcflags);
	strv_push(compile, "then objcopy -R .go_export into the archive");
	toolchain_arch_flags(v->cfg->goarch, v->cfg->gomips, link);
	link_flags(v, link);
	strv_push(link, "then objcopy -R .go_export");
	if (v->target->strip)
		strv_push(link, "then strip");
}

static int gccgo_config(struct buf *b, const struct gen_opts *o, const struct plan *p, const struct config *c)
{
	struct strv flags = STRV_INIT;
	char *exp = xasprintf("exp/%s", c->dir), *quoted;

	(void)o;
	ninja_comment(b, "configuration %s: toolchain %s, GOARCH=%s, GOMIPS=%s", c->name, c->tc->name,
		      c->goarch, c->gomips);
	ninja_var_word(b, 0, "gccgo", c->ti->gccgo);
	ninja_var_word(b, 0, "gcc", c->ti->gcc);
	/* go tool cgo splits $CC and $GCCGO; a path it cannot be given fails there */
	quoted = go_quote_word(c->ti->gcc);
	ninja_var_word(b, 0, "gccq", quoted ? quoted : c->ti->gcc);
	free(quoted);
	quoted = go_quote_word(c->ti->gccgo);
	ninja_var_word(b, 0, "gccgoq", quoted ? quoted : c->ti->gccgo);
	free(quoted);
	ninja_var_word(b, 0, "objcopy", c->ti->objcopy);
	ninja_var_word(b, 0, "ar", c->ti->ar);
	ninja_var_path(b, 0, "gccgo_path", c->ti->gccgo);
	ninja_var_path(b, 0, "gcc_path", c->ti->gcc);
	ninja_var_path(b, 0, "ar_path", c->ti->ar);
	ninja_var_path(b, 0, "strip_path", c->ti->strip);
	toolchain_arch_flags(c->goarch, c->gomips, &flags);
	ninja_var_words(b, 0, "archflags", &flags);
	strv_release(&flags);
	config_cflags(c, 0, &flags);
	prefix_maps(p, &flags);
	ninja_var_words(b, 0, "cflags", &flags);
	strv_release(&flags);
	config_cflags(c, 1, &flags);
	prefix_maps(p, &flags);
	ninja_var_words(b, 0, "earlyflags", &flags);
	ninja_var_word(b, 0, "expdir", exp);
	ninja_var_word(b, 0, "goarch", c->goarch);
	strv_release(&flags);
	strv_push(&flags, "go");
	strv_push(&flags, "tool");
	strv_push(&flags, "cgo");
	ninja_var_words(b, 0, "cgo", &flags);
	buf_putc(b, '\n');
	strv_release(&flags);
	free(exp);
	return 0;
}

const struct backend gccgo_backend = {
	.compiler = COMPILER_GCCGO,
	.rules = gccgo_rules,
	.prepare = gccgo_write_view,
	.config = gccgo_config,
	.package = emit_pkg,
	.early = emit_early,
	.link = emit_link,
	.link_unstripped = emit_link_unstripped,
	.describe = gccgo_describe,
	.shown_dirs = gccgo_shown_dirs,
};
