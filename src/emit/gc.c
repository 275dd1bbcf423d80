/* gc.c: the gc backend: go tool compile (export data split from the link object), asm, pack, link */
#include <stdlib.h>
#include <string.h>

#include "emit/action.h"
#include "emit/backend.h"
#include "emit/cgo.h"
#include "emit/diagmap.h"
#include "emit/ninja.h"
#include "lib/os.h"
#include "lib/banned.h"

static void gc_rules(struct buf *b)
{
	buf_puts(b,
		 "rule gc_std\n"
		 "  command = " ACTION_GET "$self gc-std $stdargs $cgonote" ACTION_PUT "\n"
		 "  description = GOSTD $cfg\n"
		 "  restat = 1\n"
		 "rule gc_compile\n"
		 "  command = " ACTION_GET "cat $stdcfg $importcfg > $lo.importcfg && ");
	diag_command(b, "env $goenv $compile -o $exp.tmp -linkobj $lo -p $pkgname -trimpath $trim $gcflags "
		     "-importcfg $lo.importcfg -pack $in", "$lo.log", "$onfail");
	buf_puts(b,
		 " && if cmp -s $exp.tmp $exp; then rm -f $exp.tmp; else mv -f $exp.tmp $exp; fi" ACTION_PUT "\n"
		 "  description = COMPILE $pkg\n"
		 "  restat = 1\n"
		 "rule gc_symabis\n"
		 "  command = " ACTION_GET "mkdir -p $asmdir && : > $asmdir/go_asm.h && ");
	diag_command(b, "env $goenv $asm -p $pkgname -trimpath $trim -I $asmdir -I $goinclude $asmdefs $asmflags "
		     "-gensymabis -o $out $in", "$out.log", "");
	buf_puts(b, ACTION_PUT
		 "\n  description = SYMABIS $pkg\n"
		 "rule gc_asm\n  command = " ACTION_GET);
	diag_command(b, "env $goenv $asm -p $pkgname -trimpath $trim -I $asmdir -I $goinclude $asmdefs $asmflags "
		     "-o $out $in", "$out.log", "");
	buf_puts(b, ACTION_PUT
		 "\n  description = ASM $pkg $src\n"
		 "rule gc_cc\n  command = " ACTION_GET);
	diag_command(b, "env PWD=/proc/self/cwd $gcc -c $archflags -fPIC -pthread -fmessage-length=0 $cflags $defs "
		     "-o $out $in", "$out.log", "$cgonote");
	buf_puts(b, ACTION_PUT
		 "\n  description = CC $pkg $src\n"
		 "rule gc_pack\n"
		 "  command = " ACTION_GET "cp $golo $out.tmp && $pack r $out.tmp $objs && mv -f $out.tmp $out"
		 ACTION_PUT "\n"
		 "  description = PACK $pkg\n"
		 "rule gc_link\n"
		 "  command = " ACTION_GET "cat $stdcfg $linkcfg > $fullcfg && env $goenv $link -o $out "
		 "-importcfg $fullcfg -buildmode=exe -buildid= $ldflags $main" ACTION_PUT "\n"
		 "  description = LINK $out\n\n");
}

/* the length of a go line's "1.N" (-lang takes no patch release) */
static size_t lang_len(const char *v)
{
	const char *dot = strchr(v, '.');

	return dot ? (size_t)(dot + 1 - v) + strcspn(dot + 1, ".") : strlen(v);
}

/* "pkg/<config>/<importpath>/<name>" */
static char *gc_obj(const struct config *c, const struct pkg *pkg, const char *name)
{
	return xasprintf("pkg/%s/%s/%s", c->name, pkg_objkey(pkg), name);
}

static char *gc_export(const struct config *c, const struct pkg *pkg)
{
	return xasprintf("exp/%s/%s.a", c->name, pkg_objkey(pkg));
}

/* write a generated importcfg when its text changed; -1 after reporting */
static int write_cfg(const char *builddir, const char *rel, const struct buf *text)
{
	char *path = path_join(builddir, rel);
	char *dir = path_dir(path);
	int rc = fs_mkdir_p(dir);

	if (rc == 0)
		rc = fs_write_if_changed(path, buf_str(text), text->len) < 0 ? -1 : 0;
	free(path);
	free(dir);
	return rc;
}

/* the per-package importcfg: where the export data of each direct import is */
static int pkg_importcfg(const struct gen_opts *o, const struct config *c, const struct pkg *pkg, char **rel)
{
	struct buf t = BUF_INIT;
	int rc;

	for (size_t i = 0; i < pkg->ndeps; i++) {
		char *e = gc_export(c, pkg->deps[i]);

		buf_printf(&t, "packagefile %s=%s\n", pkg->deps[i]->path, e);
		free(e);
	}
	*rel = gc_obj(c, pkg, "importcfg");
	rc = write_cfg(o->builddir, *rel, &t);
	buf_release(&t);
	return rc;
}

/* the package's vars; cgo_trim: "<objdir>=>path" for the files cgo wrote, or NULL */
static void pkg_vars_trim(struct buf *b, const struct pkg *pkg, const char *cgo_trim)
{
	char *trim = xasprintf("%s=>%s%s%s", pkg->dir, pkg->path, cgo_trim ? ";" : "", cgo_trim ? cgo_trim : "");

	ninja_var_path(b, 1, "pkg", pkg->path);
	ninja_var_word(b, 1, "pkgname", pkg->is_main ? "main" : pkg->path);
	ninja_var_word(b, 1, "trim", trim);
	free(trim);
}

static void pkg_vars(struct buf *b, const struct pkg *pkg)
{
	pkg_vars_trim(b, pkg, NULL);
}

static void emit_paths(struct buf *b, const char *dir, const struct strv *names)
{
	for (size_t i = 0; i < names->n; i++) {
		char *src = path_join(dir, names->v[i]);

		ninja_path(b, src);
		free(src);
	}
}

/* symabis, then one assembly per .s file; the objects are appended to objs */
static void emit_asm(struct buf *b, const struct config *c, const struct pkg *pkg, struct strv *objs)
{
	char *symabis = gc_obj(c, pkg, "symabis"), *asmdir = gc_obj(c, pkg, "symabis.d");
	char *hdrdir = gc_obj(c, pkg, "");

	buf_puts(b, "build");
	ninja_path(b, symabis);
	buf_puts(b, ": gc_symabis");
	emit_paths(b, pkg->dir, &pkg->src.s_files);
	buf_putc(b, '\n');
	pkg_vars(b, pkg);
	ninja_var_word(b, 1, "asmdir", asmdir);
	for (size_t i = 0; i < pkg->src.s_files.n; i++) {
		char *name = xasprintf("_asm_%s.o", pkg->src.s_files.v[i]);
		char *obj = gc_obj(c, pkg, name), *src = path_join(pkg->dir, pkg->src.s_files.v[i]);

		buf_puts(b, "build");
		ninja_path(b, obj);
		buf_puts(b, ": gc_asm");
		ninja_path(b, src);
		buf_puts(b, " | ");
		ninja_escape(b, hdrdir);
		buf_puts(b, "go_asm.h\n");
		pkg_vars(b, pkg);
		ninja_var_word(b, 1, "asmdir", hdrdir);
		ninja_var_path(b, 1, "src", pkg->src.s_files.v[i]);
		strv_push_owned(objs, obj);
		free(name);
		free(src);
	}
	free(symabis);
	free(asmdir);
	free(hdrdir);
}

/* the compile of pkg; ecfg its embed configuration (NULL: none); gen the Go files cgo wrote
 * (NULL: none), under the build directory's cgo_trim */
static void emit_compile(struct buf *b, const struct config *c, const struct pkg *pkg, const char *cfg,
			 const char *lo, int has_asm, const char *ecfg, const struct strv *gen,
			 const char *cgo_trim)
{
	struct strv deps = STRV_INIT, flags = STRV_INIT;
	char *exp = gc_export(c, pkg);

	buf_puts(b, "build");
	ninja_path(b, exp);
	ninja_path(b, lo);
	if (has_asm) {
		char *hdr = gc_obj(c, pkg, "go_asm.h");

		ninja_path(b, hdr);
		free(hdr);
	}
	buf_puts(b, ": gc_compile");
	emit_paths(b, pkg->dir, &pkg->src.go_files);
	for (size_t i = 0; gen && i < gen->n; i++)
		ninja_path(b, gen->v[i]);
	buf_puts(b, " | $compile_path $stdcfg");
	ninja_path(b, cfg);
	if (ecfg) {
		ninja_path(b, ecfg);
		backend_embed_paths(b, pkg, pkg->dir);
		strv_push(&flags, "-embedcfg");
		strv_push(&flags, ecfg);
	}
	backend_dep_paths(c, pkg, gc_export, &deps);
	for (size_t i = 0; i < deps.n; i++)
		ninja_path(b, deps.v[i]);
	if (has_asm) {
		char *symabis = gc_obj(c, pkg, "symabis"), *hdr = gc_obj(c, pkg, "go_asm.h");

		ninja_path(b, symabis);
		strv_push(&flags, "-symabis");
		strv_push(&flags, symabis);
		strv_push(&flags, "-asmhdr");
		strv_push(&flags, hdr);
		free(symabis);
		free(hdr);
	} else if (!gen) {
		strv_push(&flags, "-complete");
	}
	if (pkg->lang && !pkg->newer)
		strv_pushf(&flags, "-lang=go%.*s", (int)lang_len(pkg->lang), pkg->lang);
	strv_extend(&flags, c->gcflags);
	buf_putc(b, '\n');
	pkg_vars_trim(b, pkg, cgo_trim);
	backend_newer_note(b, c, pkg);
	ninja_var_word(b, 1, "exp", exp);
	ninja_var_word(b, 1, "lo", lo);
	ninja_var_word(b, 1, "importcfg", cfg);
	ninja_var_words(b, 1, "gcflags", &flags);
	strv_release(&deps);
	strv_release(&flags);
	free(exp);
}

static void emit_pack(struct buf *b, const struct config *c, const struct pkg *pkg, const char *golo,
		      const struct strv *objs)
{
	char *lo = gc_obj(c, pkg, "_pkg_.lo");

	buf_puts(b, "build");
	ninja_path(b, lo);
	buf_puts(b, ": gc_pack");
	ninja_path(b, golo);
	for (size_t i = 0; i < objs->n; i++)
		ninja_path(b, objs->v[i]);
	buf_puts(b, " | $pack_path\n");
	ninja_var_path(b, 1, "pkg", pkg->path);
	ninja_var_word(b, 1, "golo", golo);
	ninja_var_words(b, 1, "objs", objs);
	free(lo);
}

/* one gcc compile of C file src into obj, with the package's flags defs */
static void emit_c_compile(struct buf *b, const struct pkg *pkg, const char *src, const char *obj,
			   const char *hdr, const struct strv *defs)
{
	buf_puts(b, "build");
	ninja_path(b, obj);
	buf_puts(b, ": gc_cc");
	ninja_path(b, src);
	buf_puts(b, " | $gcc_path");
	ninja_path(b, hdr);
	buf_putc(b, '\n');
	ninja_var_path(b, 1, "pkg", pkg->path);
	ninja_var_path(b, 1, "src", strrchr(src, '/') ? strrchr(src, '/') + 1 : src);
	ninja_var_words(b, 1, "defs", defs);
}

/*
 * A cgo package as cmd/go builds it for gc: go tool cgo, each C file (the package's and
 * cgo's) through the C compiler, the objects' dynamic imports into _cgo_import.go, which
 * the Go compile reads with cgo's Go files; the objects are packed with the Go object.
 * Appends the Go files to gen and the objects to objs.
 */
static void emit_cgo(struct buf *b, const struct gen_opts *o, const struct config *c, const struct pkg *pkg,
		     const char *objdir, struct strv *gen, struct strv *objs)
{
	struct cgo_gen g = CGO_GEN_INIT;
	struct strv defs = STRV_INIT, cobjs = STRV_INIT;

	cgo_emit(b, o->builddir, c, pkg, pkg->dir, objdir, &g);
	strv_push(&defs, "-I");
	strv_push(&defs, pkg->dir);
	strv_pushf(&defs, "-ffile-prefix-map=%s=%s", pkg->dir, pkg->path);
	strv_extend(&defs, &pkg->cgo.words[CGO_CPPFLAGS]);
	strv_push(&defs, "-I");
	strv_push(&defs, objdir);
	strv_push(&defs, "-g");
	strv_push(&defs, "-O2");
	strv_extend(&defs, &pkg->cgo.words[CGO_CFLAGS]);
	for (size_t i = 0; i < pkg->src.c_files.n; i++) {
		char *name = xasprintf("_c_%.*s.o", (int)strlen(pkg->src.c_files.v[i]) - 2, pkg->src.c_files.v[i]);
		char *src = path_join(pkg->dir, pkg->src.c_files.v[i]);

		strv_push_owned(&cobjs, gc_obj(c, pkg, name));
		emit_c_compile(b, pkg, src, cobjs.v[cobjs.n - 1], g.hdr, &defs);
		free(name);
		free(src);
	}
	for (size_t i = 0; i < g.cfiles.n; i++) {
		const char *base = strrchr(g.cfiles.v[i], '/') + 1;
		char *name = xasprintf("_cgo_%.*s.o", (int)(strlen(base) - 2), base);

		strv_push_owned(&cobjs, gc_obj(c, pkg, name));
		emit_c_compile(b, pkg, g.cfiles.v[i], cobjs.v[cobjs.n - 1], g.hdr, &defs);
		free(name);
	}
	strv_extend(gen, &g.go);
	strv_push_owned(gen, cgo_emit_dynimport(b, c, pkg, objdir, &g, &cobjs));
	strv_extend(objs, &cobjs);
	strv_release(&defs);
	strv_release(&cobjs);
	cgo_gen_release(&g);
}

static int emit_pkg(struct buf *b, const struct gen_opts *o, const struct plan *p, const struct config *c,
		    const struct pkg *pkg)
{
	int has_asm = pkg->src.s_files.n > 0, has_cgo = pkg->src.cgo_files.n > 0;
	char *cfg, *lo = gc_obj(c, pkg, has_asm || has_cgo ? "_go_.lo" : "_pkg_.lo");
	struct strv objs = STRV_INIT, gen = STRV_INIT;
	int rc = pkg_importcfg(o, c, pkg, &cfg);
	/* gc reads the embedded files by their real paths: none reaches the binary */
	char *ecfg = backend_embedcfg(o, c, pkg, pkg->dir, &rc), *objdir = NULL, *trim = NULL;

	(void)p;
	if (has_cgo) {
		objdir = gc_obj(c, pkg, "cgo");
		trim = xasprintf("%s/%s=>%s", o->builddir, objdir, pkg->path);
		emit_cgo(b, o, c, pkg, objdir, &gen, &objs);
	} else if (pkg->src.c_files.n > 0) {
		rc = error("package '%s' ('%s'): C files without a Go file that imports \"C\"", pkg->path,
			   pkg->dir);
	}
	if (has_asm)
		emit_asm(b, c, pkg, &objs);
	emit_compile(b, c, pkg, cfg, lo, has_asm, ecfg, has_cgo ? &gen : NULL, trim);
	if (has_asm || has_cgo)
		emit_pack(b, c, pkg, lo, &objs);
	buf_putc(b, '\n');
	strv_release(&objs);
	strv_release(&gen);
	free(cfg);
	free(ecfg);
	free(lo);
	free(objdir);
	free(trim);
	return rc;
}

/* the link flags of v that the rule does not spell; strip: v's own '-s -w', if it has them */
static void link_flags(const struct variant *v, int strip, struct strv *ld)
{
	if (strip && v->target->strip) {
		strv_push(ld, "-s");
		strv_push(ld, "-w");
	}
	for (size_t i = 0; i < v->sets.n; i++) {
		strv_push(ld, "-X");
		strv_push(ld, v->sets.v[i]);
	}
	/* cgo: the C objects and libraries through the C compiler, as -linkmode=external does;
	 * the #cgo LDFLAGS reach it from the packages (cgo wrote them as //go:cgo_ldflag) */
	if (v->cfg->cc) {
		strv_push(ld, "-linkmode=external");
		strv_pushf(ld, "-extld=%s", v->cfg->ccq);
		if (v->target->link == LINK_STATIC)
			strv_push(ld, "-extldflags=-static");
	}
	strv_extend(ld, &v->cfg->tc->ldflags);
	strv_extend(ld, &v->target->ldflags);
}

/* the environment every tool of configuration c runs with */
static void tool_env(const struct config *c, struct strv *env)
{
	strv_push(env, "GOOS=linux");
	strv_pushf(env, "GOARCH=%s", c->goarch);
	strv_push_owned(env, toolchain_gomips_env(c->goarch, c->gomips));
	/* the GOROOT the binary reports, as with go build -trimpath: no path of this machine */
	strv_push(env, "GOROOT_FINAL=go");
}

static void gc_describe(const struct variant *v, struct strv *compile, struct strv *link)
{
	tool_env(v->cfg, compile);
	strv_push(compile, "-trimpath");
	strv_push(compile, "<package directory>=><import path>");
	strv_extend(compile, v->cfg->gcflags);
	strv_push(compile, "standard library: go list -trimpath -export");
	if (v->cfg->cc) {
		strv_push(compile, "cgo: C compiler:");
		strv_push(compile, path_base(v->cfg->cc));
		toolchain_arch_flags(v->cfg->goarch, v->cfg->gomips, compile);
		strv_push(compile, "-g");
		strv_push(compile, "-O2");
		strv_extend(compile, &v->cfg->tc->cflags);
	}
	tool_env(v->cfg, link);
	strv_push(link, "-buildmode=exe");
	strv_push(link, "-buildid=");
	link_flags(v, 1, link);
	/* the C compiler by its name: where it is installed is this machine's */
	for (size_t i = 0; i < link->n; i++) {
		if (str_has_prefix(link->v[i], "-extld=")) {
			char *s = xasprintf("-extld=%s", path_base(v->cfg->cc));

			free(link->v[i]);
			link->v[i] = s;
		}
	}
}

/* the edge that links v into out, stripped as v says when strip is set */
static int emit_link_to(struct buf *b, const struct gen_opts *o, const struct variant *v, const char *out,
			int strip)
{
	const struct config *c = v->cfg;
	struct buf t = BUF_INIT;
	struct strv ld = STRV_INIT, los = STRV_INIT;
	char *cfg = gc_obj(c, v->main, "importcfg.link"), *main = gc_obj(c, v->main, "_pkg_.lo");
	char *full = xasprintf("link/%s.importcfg", out);
	int rc;

	for (size_t i = 0; i < v->nlink; i++) {
		strv_push_owned(&los, gc_obj(c, v->link[i], "_pkg_.lo"));
		buf_printf(&t, "packagefile %s=%s\n", v->link[i]->path, los.v[i]);
	}
	rc = write_cfg(o->builddir, cfg, &t);
	/* each variant its own full importcfg: variants sharing a main link in parallel */
	buf_puts(b, "build");
	ninja_path(b, out);
	buf_puts(b, " |");
	ninja_path(b, full);
	buf_puts(b, ": gc_link |");
	for (size_t i = 0; i < los.n; i++)
		ninja_path(b, los.v[i]);
	buf_puts(b, c->cc ? " $link_path $gcc_path $stdcfg" : " $link_path $stdcfg");
	ninja_path(b, cfg);
	/* a twin links after its binary: not older, it has the symbols of that binary */
	if (strcmp(out, v->out) != 0) {
		buf_puts(b, " ||");
		ninja_path(b, v->out);
	}
	buf_putc(b, '\n');
	ninja_var_word(b, 1, "linkcfg", cfg);
	ninja_var_word(b, 1, "fullcfg", full);
	ninja_var_word(b, 1, "main", main);
	link_flags(v, strip, &ld);
	ninja_var_words(b, 1, "ldflags", &ld);
	buf_release(&t);
	strv_release(&ld);
	strv_release(&los);
	free(cfg);
	free(main);
	free(full);
	return rc;
}

static int emit_link(struct buf *b, const struct gen_opts *o, const struct variant *v)
{
	return emit_link_to(b, o, v, v->out, 1);
}

/* the same link without -s -w: the symbols 'sizes --packages' reads */
static int emit_link_unstripped(struct buf *b, const struct gen_opts *o, const struct variant *v,
				const char *out)
{
	return emit_link_to(b, o, v, out, 0);
}

/* the tags as go list -tags takes them: "a,b,c" */
static char *join_tags(const struct strv *tags)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < tags->n; i++)
		buf_printf(&b, "%s%s", i ? "," : "", tags->v[i]);
	return buf_detach(&b);
}

/* the standard library packages the configuration imports, and runtime */
static void std_args(const struct config *c, struct strv *args)
{
	struct strv pkgs = STRV_INIT;

	for (size_t i = 0; i < c->pkgs.cap; i++) {
		const struct pkg *pkg = c->pkgs.vals[i];

		if (c->pkgs.keys[i] && pkg->std && strcmp(pkg->path, "unsafe") != 0)
			strv_push(&pkgs, pkg->path);
	}
	if (!strv_has(&pkgs, "runtime"))
		strv_push(&pkgs, "runtime");
	strv_sort(&pkgs);
	strv_push(args, "--go");
	strv_push(args, c->ti->go);
	if (c->tc->goroot && strcmp(c->tc->goroot, "auto") != 0) {
		strv_push(args, "--goroot");
		strv_push(args, c->tc->goroot);
	}
	strv_push(args, "--goarch");
	strv_push(args, c->goarch);
	strv_push(args, "--gomips");
	strv_push(args, c->gomips);
	if (c->cc) {
		strv_push(args, "--cc");
		strv_push(args, c->ccq);
	}
	if (c->tags.n > 0) {
		strv_push(args, "--tags");
		strv_push_owned(args, join_tags(&c->tags));
	}
	/* relative: the importcfg it writes names the files the same in every build directory */
	strv_pushf(args, "std/%s", c->name);
	strv_extend(args, &pkgs);
	strv_release(&pkgs);
}

static void emit_tools(struct buf *b, const struct gen_opts *o, const struct config *c)
{
	struct strv v = STRV_INIT;
	char *stdcfg = xasprintf("std/%s/importcfg", c->name), *include;

	ninja_comment(b, "configuration %s: toolchain %s (%s), GOARCH=%s, GOMIPS=%s", c->name, c->tc->name,
		      c->ti->version, c->goarch, c->gomips);
	ninja_var_word(b, 0, "self", o->self);
	ninja_var_word(b, 0, "compile", c->ti->compile);
	ninja_var_word(b, 0, "asm", c->ti->asm);
	ninja_var_word(b, 0, "link", c->ti->link);
	ninja_var_word(b, 0, "pack", c->ti->pack);
	ninja_var_path(b, 0, "compile_path", c->ti->compile);
	ninja_var_path(b, 0, "link_path", c->ti->link);
	ninja_var_path(b, 0, "pack_path", c->ti->pack);
	ninja_var_path(b, 0, "stdcfg", stdcfg);
	tool_env(c, &v);
	ninja_var_words(b, 0, "goenv", &v);
	strv_release(&v);
	strv_push(&v, "-D");
	strv_push(&v, "GOOS_linux");
	strv_push(&v, "-D");
	strv_pushf(&v, "GOARCH_%s", c->goarch);
	strv_push(&v, "-D");
	strv_pushf(&v, "%s_%s", str_has_prefix(c->goarch, "mips64") ? "GOMIPS64" : "GOMIPS", c->gomips);
	ninja_var_words(b, 0, "asmdefs", &v);
	strv_release(&v);
	ninja_var_words(b, 0, "asmflags", c->asmflags);
	include = path_join(c->ti->goroot, "pkg/include");
	ninja_var_word(b, 0, "goinclude", include);
	buf_puts(b, "\nbuild $stdcfg: gc_std | $self_path\n");
	ninja_var_path(b, 1, "cfg", c->name);
	std_args(c, &v);
	ninja_var_words(b, 1, "stdargs", &v);
	buf_putc(b, '\n');
	strv_release(&v);
	free(stdcfg);
	free(include);
}

/* cgo's tools and flags: the C compiler, go tool cgo, the C flags of every compile */
static void emit_cgo_tools(struct buf *b, const struct config *c)
{
	struct strv v = STRV_INIT;
	char *cgo = path_join(c->ti->tooldir, "cgo");

	ninja_var_word(b, 0, "gcc", c->cc);
	ninja_var_word(b, 0, "gccq", c->ccq);
	ninja_var_path(b, 0, "gcc_path", c->cc);
	ninja_var_word(b, 0, "cgo", cgo);
	ninja_var_path(b, 0, "cgo_path", cgo);
	ninja_var_word(b, 0, "goarch", c->goarch);
	strv_push_owned(&v, toolchain_gomips_env(c->goarch, c->gomips));
	ninja_var_words(b, 0, "cgoarchenv", &v);
	strv_release(&v);
	toolchain_arch_flags(c->goarch, c->gomips, &v);
	ninja_var_words(b, 0, "archflags", &v);
	strv_release(&v);
	/* as the gccgo backend: the working directory shows as ".", gcc records no switches */
	strv_push(&v, "-gno-record-gcc-switches");
	strv_push(&v, "-ffile-prefix-map=/proc/self/cwd=.");
	strv_extend(&v, &c->tc->cflags);
	ninja_var_words(b, 0, "cflags", &v);
	strv_release(&v);
	if (strcmp(c->gomips, "softfloat") == 0) {
		char *note = xasprintf("mipsbake: note: GOMIPS%s=softfloat with cgo needs a C compiler and C "
				       "library for soft float; '%s' may have only hard-float ones (Debian's "
				       "cross compilers do): an OpenWrt SDK's is soft-float, named in the "
				       "toolchain's 'cc'", str_has_prefix(c->goarch, "mips64") ? "64" : "",
				       c->cc);

		ninja_var_onfail(b, 0, "cgonote", note);
		free(note);
	}
	buf_putc(b, '\n');
	free(cgo);
}

static void gc_config(struct buf *b, const struct gen_opts *o, const struct plan *p, const struct config *c)
{
	(void)p;
	ninja_var_path(b, 0, "self_path", o->self);
	emit_tools(b, o, c);
	if (c->cc)
		emit_cgo_tools(b, c);
}

const struct backend gc_backend = {
	.compiler = COMPILER_GC,
	.rules = gc_rules,
	.config = gc_config,
	.package = emit_pkg,
	.link = emit_link,
	.link_unstripped = emit_link_unstripped,
	.describe = gc_describe,
};
