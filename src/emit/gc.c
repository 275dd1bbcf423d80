/* gc.c: the gc backend: go tool compile (export data split from the link object), asm, pack, link */
#include <stdlib.h>
#include <string.h>

#include "emit/action.h"
#include "emit/backend.h"
#include "emit/cgo.h"
#include "emit/diagmap.h"
#include "emit/ninja.h"
#include "lib/os.h"
#include "plan/gostd.h"
#include "lib/banned.h"

/*
 * How the Go tools collect garbage: "gotune" in build.ninja, which every configuration's
 * file sees and no action's key holds, as the outputs do not depend on it (go 1.21's
 * compiler sets its own, and go build's outputs are the same whatever GOGC). GOGC=off with
 * a soft limit (GOMEMLIMIT, go 1.19) of half this machine's memory (os_memtotal: its
 * cgroup's limit when lower) shared among its CPUs, at most GO_MEMLIMIT_MAX: a compile
 * collects only when near it. In paired cold gc builds of the minion on 2 CPUs it took
 * about a sixth off the build's CPU time, and the wall time from about go build's to
 * 0.83-0.89 of it; the largest compile (runtime) grew from 170 MiB to 425 MiB. Go's own
 * defaults where the share is under GO_MEMLIMIT_MIN, and for a go before 1.19 (emit_tools),
 * which has no limit. MIPSBAKE_GO_MEMLIMIT says "off" or the limit.
 */
#define GO_MEMLIMIT_MIN_MIB 512
#define GO_MEMLIMIT_MAX_MIB 2048

/* the limit MIPSBAKE_GO_MEMLIMIT gives ("1536MiB"), 0 for off, -1 after reporting */
static long memlimit_knob(const char *v)
{
	size_t digits = strspn(v, "0123456789");

	if (strcmp(v, "off") == 0)
		return 0;
	if (digits == 0 || digits > 6 || v[0] == '0' || strcmp(v + digits, "MiB") != 0)
		return error("MIPSBAKE_GO_MEMLIMIT is '%s': it takes 'off' or a size in MiB, such as "
			     "'1536MiB'", v);
	return atol(v);
}

static int gc_rules(struct buf *b)
{
	const char *knob = getenv("MIPSBAKE_GO_MEMLIMIT");
	long mib;

	if (knob && *knob) {
		mib = memlimit_knob(knob);
		if (mib < 0)
			return -1;
	} else {
		mib = (long)(os_memtotal() / 2 / (unsigned long long)os_ncpu() >> 20);
		if (mib < GO_MEMLIMIT_MIN_MIB)
			mib = 0;
		else if (mib > GO_MEMLIMIT_MAX_MIB)
			mib = GO_MEMLIMIT_MAX_MIB;
	}
	if (mib > 0)
		buf_printf(b, "gotune = GOGC=off GOMEMLIMIT=%ldMiB\n", mib);
	else
		buf_puts(b, "gotune =\n");
	buf_puts(b,
		 "rule gc_std\n"
		 "  command = " ACTION_GET "$gotune $self gc-std $stdargs $cgonote" ACTION_PUT "\n"
		 "  description = GOSTD $cfg\n"
		 "  restat = 1\n"
		 "rule gc_compile\n"
		 "  command = " ACTION_GET "printf '%s\\n' $imports | cat $stdcfg $importcfg - > $lo.importcfg && ");
	diag_command(b, "$goenv $gotune $compile -o $exp.tmp -linkobj $lo -p $pkgname -trimpath $trim $gcflags "
		     "-importcfg $lo.importcfg -pack $in", "$lo.log", "$onfail");
	/* gc-export-update stores the outputs itself (act put), one process less per compile */
	buf_puts(b,
		 " && $self gc-export-update $exp.tmp $exp $lo $actions $act; }\n"
		 "  description = COMPILE $pkg\n"
		 "  restat = 1\n"
		 "rule gc_symabis\n"
		 "  command = " ACTION_GET "mkdir -p $asmdir && : > $asmdir/go_asm.h && ");
	diag_command(b, "$goenv $asm -p $pkgname -trimpath $trim -I $asmdir -I $goinclude $asmdefs $asmflags "
		     "-gensymabis -o $out $in", "$out.log", "");
	buf_puts(b, ACTION_PUT
		 "\n  description = SYMABIS $pkg\n"
		 "rule gc_asm\n  command = " ACTION_GET);
	diag_command(b, "$goenv $asm -p $pkgname -trimpath $trim -I $asmdir -I $goinclude $asmdefs $asmflags "
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
		 "  command = " ACTION_GET "cat $stdcfg $linkcfg > $fullcfg && $goenv $gotune $link -o $out "
		 "-importcfg $fullcfg -buildmode=exe -buildid= $ldflags $main" ACTION_PUT "\n"
		 "  description = LINK $out\n\n");
	return 0;
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
	return xasprintf("pkg/%s/%s/%s", c->dir, pkg_objkey(pkg), name);
}

static char *gc_export(const struct config *c, const struct pkg *pkg)
{
	return xasprintf("exp/%s/%s.a", c->dir, pkg_objkey(pkg));
}

/*
 * The standard library of the configuration being written, compiled one package per edge
 * (std_on), so that a package starts when its own imports are compiled and not after all
 * of std. The generator writes one configuration at a time (config, packages, links,
 * config_done): this holds for the current one.
 */
static struct std_graph std_cur;
static int std_on;

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

/*
 * A package's own importcfg lines, which its compile puts after the configuration's
 * standard ones into $lo.importcfg: on the command line (printf'd), so that a new build
 * directory gets no file and no directory per package at generation; in a file when they
 * are too many for the one argument sh -c takes (128 KiB on Linux, with the rest of the
 * command).
 */
#define IMPORTCFG_INLINE_MAX (32 * 1024)
struct importcfg {
	struct strv lines;
	char *file;              /* NULL: the lines are inline */
};

static void importcfg_release(struct importcfg *ic)
{
	strv_release(&ic->lines);
	free(ic->file);
}

/* pkg's importcfg into ic: t's lines (or none), then where the export data of each direct
 * import is; t is released */
static int write_importcfg(const struct gen_opts *o, const struct config *c, const struct pkg *pkg,
			   struct buf *t, struct importcfg *ic)
{
	int rc = 0;

	for (size_t i = 0; i < pkg->ndeps; i++) {
		char *e = gc_export(c, pkg->deps[i]);

		buf_printf(t, "packagefile %s=%s\n", pkg->deps[i]->path, e);
		free(e);
	}
	ic->file = NULL;
	ic->lines = (struct strv)STRV_INIT;
	if (t->len > IMPORTCFG_INLINE_MAX) {
		ic->file = gc_obj(c, pkg, "importcfg");
		rc = write_cfg(o->builddir, ic->file, t);
	} else {
		for (char *l = t->data, *nl; l && (nl = strchr(l, '\n')); l = nl + 1)
			strv_push_owned(&ic->lines, xstrndup(l, (size_t)(nl - l)));
	}
	buf_release(t);
	return rc;
}

static int pkg_importcfg(const struct gen_opts *o, const struct config *c, const struct pkg *pkg,
			 struct importcfg *ic)
{
	struct buf t = BUF_INIT;

	return write_importcfg(o, c, pkg, &t, ic);
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

/*
 * The compiler's backend on two threads, as go build has it on two CPUs (-c=min(4, CPUs)):
 * a package that compiles alone, such as runtime, which all of std waits for, or a big one
 * at the end of the chain, uses both cores of a small machine. The output is the same
 * whatever N (go build's binaries do not depend on the machine's CPUs); a fixed N keeps the
 * command lines, and an action cache's keys, the same on every machine, and 2 costs less
 * CPU than 4 where the cores are few (-c=4 took a tenth more CPU on 2 cores, for no wall
 * time). A target's gcflags come later and can set another.
 */
#define GC_BACKEND_CONCURRENCY "-c=2"

/* a standard package's asm flags in place of the target's, as cmd/go 1.19 gives them
 * (objabi.IsRuntimePackagePath: the runtime's own ABI rules) */
static void std_asmflags(struct buf *b, const struct pkg *pkg)
{
	static const char *const runtime[] = { "runtime", "reflect", "syscall", "internal/bytealg" };
	struct strv v = STRV_INIT;

	if (!pkg->std)
		return;
	for (size_t i = 0; i < ARRAY_LEN(runtime); i++)
		if (strcmp(pkg->path, runtime[i]) == 0)
			strv_push(&v, "-compiling-runtime");
	if (str_has_prefix(pkg->path, "runtime/internal/"))
		strv_push(&v, "-compiling-runtime");
	ninja_var_words(b, 1, "asmflags", &v);
	strv_release(&v);
}

/*
 * A standard package's compile flags, as cmd/go 1.19 gives them (work/gc.go): -std; -+
 * (the runtime's allocation checks and pragmas) for the runtime's packages; -complete
 * unless assembly or the runtime supplies some of its functions; never the target's
 * gcflags, which go build gives only to the packages it was asked for.
 */
static void std_gcflags(const struct pkg *pkg, int has_asm, struct strv *flags)
{
	static const char *const runtime[] = {
		"internal/abi", "internal/bytealg", "internal/cpu", "internal/goarch", "internal/goos", "runtime",
		"runtime/internal/atomic", "runtime/internal/math", "runtime/internal/sys",
		"runtime/internal/syscall",
	};
	static const char *const incomplete[] = {
		"bytes", "internal/poll", "net", "os", "runtime/metrics", "runtime/pprof", "runtime/trace", "sync",
		"syscall", "time",
	};
	int complete = !has_asm;

	strv_push(flags, "-std");
	for (size_t i = 0; i < ARRAY_LEN(runtime); i++)
		if (strcmp(pkg->path, runtime[i]) == 0)
			strv_push(flags, "-+");
	for (size_t i = 0; i < ARRAY_LEN(incomplete); i++)
		if (strcmp(pkg->path, incomplete[i]) == 0)
			complete = 0;
	if (complete)
		strv_push(flags, "-complete");
	strv_push(flags, GC_BACKEND_CONCURRENCY);
	strv_push(flags, "-nolocalimports");
}

/* append the export data of pkg's standard imports, compiled by this build's std edges */
static void std_dep_paths(const struct config *c, const struct pkg *pkg, struct strv *deps)
{
	for (size_t i = 0; std_on && i < pkg->src.nimports; i++) {
		const struct pkg *dep = strmap_get(&std_cur.by_path, pkg->src.imports[i].path);
		char *exp = dep ? gc_export(c, dep) : NULL;

		if (exp && !strv_has(deps, exp))
			strv_push_owned(deps, exp);
		else
			free(exp);
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
	std_asmflags(b, pkg);
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
		std_asmflags(b, pkg);
		strv_push_owned(objs, obj);
		free(name);
		free(src);
	}
	free(symabis);
	free(asmdir);
	free(hdrdir);
}

/* a package's compile flags (not of std): -complete unless other files supply functions
 * (has_ext), its module's -lang, the target's gcflags */
static void user_gcflags(const struct config *c, const struct pkg *pkg, int has_ext, struct strv *flags)
{
	if (!has_ext)
		strv_push(flags, "-complete");
	if (pkg->lang && !pkg->newer)
		strv_pushf(flags, "-lang=go%.*s", (int)lang_len(pkg->lang), pkg->lang);
	strv_push(flags, GC_BACKEND_CONCURRENCY);
	strv_extend(flags, c->gcflags);
}

/* the compile of pkg; ecfg its embed configuration (NULL: none); gen the Go files cgo wrote
 * (NULL: none), under the build directory's cgo_trim */
static void emit_compile(struct buf *b, const struct config *c, const struct pkg *pkg,
			 const struct importcfg *ic, const char *lo, int has_asm, const char *ecfg, const struct strv *gen,
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
	buf_puts(b, pkg->std ? " | $compile_path" : " | $compile_path $stdcfg");
	if (ic->file)
		ninja_path(b, ic->file);
	if (ecfg) {
		ninja_path(b, ecfg);
		backend_embed_paths(b, pkg, pkg->dir);
		strv_push(&flags, "-embedcfg");
		strv_push(&flags, ecfg);
	}
	backend_dep_paths(c, pkg, gc_export, &deps);
	if (!pkg->std)
		std_dep_paths(c, pkg, &deps);
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
	}
	if (pkg->std)
		std_gcflags(pkg, has_asm, &flags);
	else
		user_gcflags(c, pkg, has_asm || gen, &flags);
	buf_putc(b, '\n');
	pkg_vars_trim(b, pkg, cgo_trim);
	backend_newer_note(b, c, pkg);
	ninja_var_word(b, 1, "exp", exp);
	ninja_var_word(b, 1, "lo", lo);
	if (ic->file)
		ninja_var_word(b, 1, "importcfg", ic->file);
	ninja_var_words(b, 1, "imports", &ic->lines);
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

static int emit_user_pkg(struct buf *b, const struct gen_opts *o, const struct plan *p, const struct config *c,
			 const struct pkg *pkg)
{
	int has_asm = pkg->src.s_files.n > 0, has_cgo = pkg->src.cgo_files.n > 0;
	char *lo = gc_obj(c, pkg, has_asm || has_cgo ? "_go_.lo" : "_pkg_.lo");
	struct strv objs = STRV_INIT, gen = STRV_INIT;
	struct importcfg ic;
	int rc = pkg_importcfg(o, c, pkg, &ic);
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
	emit_compile(b, c, pkg, &ic, lo, has_asm, ecfg, has_cgo ? &gen : NULL, trim);
	if (has_asm || has_cgo)
		emit_pack(b, c, pkg, lo, &objs);
	buf_putc(b, '\n');
	strv_release(&objs);
	strv_release(&gen);
	importcfg_release(&ic);
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

/* 1 when c's standard library is compiled per package: without cgo, whose std packages go
 * list -export builds, and with go 1.19, the release whose flags std_gcflags knows; and
 * unless MIPSBAKE_GC_STD=go-list asks for the one step, which reuses go's own GOCACHE (the
 * better choice where that is warm and the action cache is off: many fresh build
 * directories, as the test suite makes) */
static int std_per_package(const struct config *c)
{
	const char *mode = getenv("MIPSBAKE_GC_STD");

	return !c->cc && c->ti->go_minor == 19 && !(mode && strcmp(mode, "go-list") == 0);
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
	strv_push(compile, std_per_package(v->cfg) ? "standard library: per package, as go build -trimpath" :
		  "standard library: go list -trimpath -export");
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

/* a link's inputs from the standard library compiled per package: every package's link
 * object (the link reads those its program imports, directly or not) */
static void std_link_paths(struct buf *b, const struct config *c)
{
	for (size_t i = 0; std_on && i < std_cur.n; i++) {
		char *lo = gc_obj(c, std_cur.v[i], "_pkg_.lo");

		ninja_path(b, lo);
		free(lo);
	}
}

/* the link reads the standard library's link objects, not the export data compiles read */
static void std_link_cfg(struct buf *b, const struct config *c)
{
	char *cfg = xasprintf("std/%s/importcfg.link", c->dir);

	ninja_var_word(b, 1, "stdcfg", cfg);
	free(cfg);
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
	std_link_paths(b, c);
	/* a twin links after its binary: not older, it has the symbols of that binary */
	if (strcmp(out, v->out) != 0) {
		buf_puts(b, " ||");
		ninja_path(b, v->out);
	}
	buf_putc(b, '\n');
	ninja_var_word(b, 1, "linkcfg", cfg);
	ninja_var_word(b, 1, "fullcfg", full);
	ninja_var_word(b, 1, "main", main);
	if (std_on)
		std_link_cfg(b, c);
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

/* the standard library packages the configuration imports, and runtime, sorted */
static void std_list(const struct config *c, struct strv *pkgs)
{
	for (size_t i = 0; i < c->pkgs.cap; i++) {
		const struct pkg *pkg = c->pkgs.vals[i];

		if (c->pkgs.keys[i] && pkg->std && strcmp(pkg->path, "unsafe") != 0)
			strv_push(pkgs, pkg->path);
	}
	if (!strv_has(pkgs, "runtime"))
		strv_push(pkgs, "runtime");
	strv_sort(pkgs);
}

/* the arguments of the configuration's gc-std step */
static void std_args(const struct config *c, struct strv *args)
{
	struct strv pkgs = STRV_INIT;

	std_list(c, &pkgs);
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
	strv_pushf(args, "std/%s", c->dir);
	strv_extend(args, &pkgs);
	strv_release(&pkgs);
}

static void emit_tools(struct buf *b, const struct gen_opts *o, const struct config *c)
{
	struct strv v = STRV_INIT;
	char *stdcfg = xasprintf("std/%s/importcfg", c->dir), *include;

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
	/* no GOMEMLIMIT before go 1.19: GOGC=off would have no bound (gc_rules) */
	if (c->ti->go_minor < 19)
		buf_puts(b, "gotune =\n");
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
	buf_putc(b, '\n');
	free(stdcfg);
	free(include);
}

/* the whole standard library through one gc-std step (go list -export) */
static void emit_std_step(struct buf *b, const struct config *c)
{
	struct strv v = STRV_INIT;

	buf_puts(b, "build $stdcfg: gc_std | $self_path\n");
	ninja_var_path(b, 1, "cfg", c->name);
	std_args(c, &v);
	ninja_var_words(b, 1, "stdargs", &v);
	buf_putc(b, '\n');
	strv_release(&v);
}

/* a standard package's importcfg: a vendored import under the path its source names (the
 * importmap line cmd/go writes), then where each import's export data is */
static int std_importcfg(const struct gen_opts *o, const struct config *c, const struct pkg *pkg,
			 struct importcfg *ic)
{
	struct buf t = BUF_INIT;

	for (size_t i = 0; i < pkg->ndeps; i++)
		if (str_has_prefix(pkg->deps[i]->path, "vendor/"))
			buf_printf(&t, "importmap %s=%s\n", pkg->deps[i]->path + strlen("vendor/"),
				   pkg->deps[i]->path);
	return write_importcfg(o, c, pkg, &t, ic);
}

/* the edges of standard package pkg: those of any package, with its own importcfg alone */
static int emit_std_pkg(struct buf *b, const struct gen_opts *o, const struct config *c, const struct pkg *pkg)
{
	int has_asm = pkg->src.s_files.n > 0;
	char *lo = gc_obj(c, pkg, has_asm ? "_go_.lo" : "_pkg_.lo");
	struct strv objs = STRV_INIT;
	struct importcfg ic;
	int rc = std_importcfg(o, c, pkg, &ic);

	if (has_asm)
		emit_asm(b, c, pkg, &objs);
	emit_compile(b, c, pkg, &ic, lo, has_asm, NULL, NULL, NULL);
	buf_puts(b, "  stdcfg =\n"); /* nothing before its own: its imports alone, no other std */
	if (has_asm)
		emit_pack(b, c, pkg, lo, &objs);
	strv_release(&objs);
	importcfg_release(&ic);
	free(lo);
	return rc;
}

/* the importcfg of the configuration's other compiles (export data) and the one its links
 * read (link objects), both listing every standard package */
static int std_cfgs(const struct gen_opts *o, const struct config *c)
{
	struct buf exp = BUF_INIT, lo = BUF_INIT;
	char *expcfg = xasprintf("std/%s/importcfg", c->dir), *locfg = xasprintf("std/%s/importcfg.link", c->dir);
	int rc;

	for (size_t i = 0; i < std_cur.n; i++) {
		char *e = gc_export(c, std_cur.v[i]), *l = gc_obj(c, std_cur.v[i], "_pkg_.lo");

		buf_printf(&exp, "packagefile %s=%s\n", std_cur.v[i]->path, e);
		buf_printf(&lo, "packagefile %s=%s\n", std_cur.v[i]->path, l);
		free(e);
		free(l);
	}
	rc = write_cfg(o->builddir, expcfg, &exp);
	if (write_cfg(o->builddir, locfg, &lo) < 0)
		rc = -1;
	buf_release(&exp);
	buf_release(&lo);
	free(expcfg);
	free(locfg);
	return rc;
}

/*
 * The standard library one package per edge, as go build compiles it, when
 * std_per_package; else one gc-std step. The packages and their files are go list's,
 * cached.
 */
static int emit_std(struct buf *b, const struct gen_opts *o, const struct config *c)
{
	struct strv pkgs = STRV_INIT;
	int rc;

	if (!std_per_package(c)) {
		emit_std_step(b, c);
		return 0;
	}
	std_list(c, &pkgs);
	rc = gostd_load(c, &pkgs, &std_cur);
	strv_release(&pkgs);
	if (rc < 0)
		return -1;
	std_on = 1;
	return std_cfgs(o, c);
}

/* the standard packages emit_std loaded: the generator writes them among the others */
static size_t gc_std_pkgs(struct pkg *const **v)
{
	*v = std_cur.v;
	return std_on ? std_cur.n : 0;
}

static void gc_config_done(const struct config *c)
{
	(void)c;
	gostd_release(&std_cur);
	std_on = 0;
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

static int gc_config(struct buf *b, const struct gen_opts *o, const struct plan *p, const struct config *c)
{
	(void)p;
	ninja_var_path(b, 0, "self_path", o->self);
	emit_tools(b, o, c);
	if (c->cc)
		emit_cgo_tools(b, c);
	return emit_std(b, o, c);
}

static int emit_pkg(struct buf *b, const struct gen_opts *o, const struct plan *p, const struct config *c,
		    const struct pkg *pkg)
{
	return pkg->std ? emit_std_pkg(b, o, c, pkg) : emit_user_pkg(b, o, p, c, pkg);
}

const struct backend gc_backend = {
	.compiler = COMPILER_GC,
	.rules = gc_rules,
	.config = gc_config,
	.config_done = gc_config_done,
	.std_pkgs = gc_std_pkgs,
	.package = emit_pkg,
	.link = emit_link,
	.link_unstripped = emit_link_unstripped,
	.describe = gc_describe,
};
