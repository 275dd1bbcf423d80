/* generate.c: build.ninja with self-regeneration, one cfg/<name>.ninja per configuration,
 * each written through its compiler's backend */
#include <stdlib.h>
#include <string.h>

#include "emit/action.h"
#include "emit/cgo.h"
#include "emit/diagmap.h"
#include "emit/generate.h"
#include "emit/ninja.h"
#include "emit/order.h"
#include "emit/steps.h"
#include "emit/testmain.h"
#include "lib/builddir.h"
#include "lib/os.h"
#include "lib/sha256.h"
#include "scan/dirlist.h"
#include "lib/banned.h"

/*
 * The scanned directories share digest stamps, about STAMP_DIRS each: a new build directory
 * then gets a few dozen files where it got one per package (thousands), and a body edit
 * relists that many directories, which costs far less than a process does. A directory's
 * stamp is chosen by the digest of its path, so that one added or removed moves no other;
 * directories listed with other flags get stamps of their own.
 */
#define STAMP_DIRS 64

/* the stamps of the directories to scan, name -> struct stamp */
struct stamp {
	struct strv dirs;        /* sorted */
	unsigned flags;          /* DIRLIST_* */
};

/* the stamp name of directory dir listed with flags, out of nstamps per flags: "dirs/<n>",
 * n in hex as wide as the largest, "-all" and "-tests" after it as the flags say */
static char *dir_stamp(const char *dir, unsigned flags, size_t nstamps)
{
	char hex[65];
	unsigned long v;
	int width = 1;

	sha256_hex(dir, strlen(dir), hex);
	hex[8] = '\0';
	v = strtoul(hex, NULL, 16) % (unsigned long)nstamps;
	while ((size_t)1 << (4 * width) < nstamps)
		width++;
	return xasprintf(DIRS_DIR "/%0*lx%s%s", width, v, flags & DIRLIST_ALL ? "-all" : "",
			 flags & DIRLIST_TESTS ? "-tests" : "");
}

/*
 * The edge that writes what a build reads of a stamp's directories (their listings and their
 * files' headers: dirlist_text) into it, which regeneration depends on in place of the
 * directories and their files: a function body edited, or a file added that no build reads
 * (a log, an editor's backup), reruns the edge but leaves the stamp as it was (restat), so
 * that nothing is regenerated. The stamp is written now, older than build.ninja. The
 * directories and the files read are the edge's inputs, each also the output of an empty
 * phony edge, so that one deleted reruns the edge rather than stopping Ninja ("missing and
 * no known rule to make it"); the files' paths go to read.
 */
static int emit_dir_stamp(struct buf *b, const struct plan *p, const struct gen_opts *o, const char *name,
			  const struct stamp *st, struct strv *read)
{
	struct buf text = BUF_INIT;
	char *path = path_join(o->builddir, name);
	size_t first = read->n;
	int rc = 0;

	for (size_t i = 0; i < st->dirs.n; i++)
		if (dirlist_text(st->dirs.v[i], st->flags, p->memo, &text, read) < 0)
			rc = -1;
	if (rc == 0 && fs_write_if_changed(path, text.data ? text.data : "", text.len) < 0)
		rc = -1;
	buf_puts(b, "build");
	ninja_path(b, name);
	buf_puts(b, ": dirlist");
	for (size_t i = 0; i < st->dirs.n; i++)
		ninja_path(b, st->dirs.v[i]);
	if (read->n > first)
		buf_puts(b, " |");
	for (size_t i = first; i < read->n; i++)
		ninja_path(b, read->v[i]);
	buf_putc(b, '\n');
	ninja_var_words(b, 1, "dirs", &st->dirs);
	if (st->dirs.n == 1)
		ninja_var_path(b, 1, "what", st->dirs.v[0]);
	else
		buf_printf(b, "  what = %zu directories (%s)\n", st->dirs.n, name);
	if (st->flags)
		buf_printf(b, "  flags =%s%s\n", st->flags & DIRLIST_ALL ? " --all" : "",
			   st->flags & DIRLIST_TESTS ? " --tests" : "");
	for (size_t i = 0; i < st->dirs.n; i++) {
		buf_puts(b, "build");
		ninja_path(b, st->dirs.v[i]);
		buf_puts(b, ": phony\n");
	}
	for (size_t i = first; i < read->n; i++) {
		buf_puts(b, "build");
		ninja_path(b, read->v[i]);
		buf_puts(b, ": phony\n");
	}
	buf_release(&text);
	free(path);
	return rc;
}

/* the directories of the test files read: their packages' tests are built */
static void test_dirs(const struct plan *p, struct strmap *tests)
{
	for (size_t i = 0; i < p->scanned.cap; i++) {
		const char *path = p->scanned.keys[i];
		char *dir;

		if (!path || !str_has_suffix(path, "_test.go"))
			continue;
		dir = path_dir(path);
		strmap_put(tests, dir, tests);
		free(dir);
	}
}

/* 1 when the scanned path is a directory: one the scans listed, not a Go file they read,
 * else as the file system says */
static int scanned_dir(const struct plan *p, const char *path)
{
	if (p->memo && strmap_get(&p->memo->names, path))
		return 1;
	if (p->memo && strmap_get(&p->memo->headers, path))
		return 0;
	return fs_is_dir(path);
}

/* the scanned directories into stamps (name -> struct stamp), their names into names */
static void group_dirs(const struct plan *p, struct strmap *stamps, struct strv *names)
{
	struct strmap tests = { 0 };
	struct strv dirs = STRV_INIT;
	size_t nstamps = 1;

	test_dirs(p, &tests);
	for (size_t i = 0; i < p->scanned.cap; i++)
		if (p->scanned.keys[i] && scanned_dir(p, p->scanned.keys[i]))
			strv_push(&dirs, p->scanned.keys[i]);
	strv_sort(&dirs);
	while (nstamps * STAMP_DIRS < dirs.n)
		nstamps *= 2;
	for (size_t i = 0; i < dirs.n; i++) {
		unsigned flags = (plan_is_embed_dir(p, dirs.v[i]) ? DIRLIST_ALL : 0) |
				 (strmap_get(&tests, dirs.v[i]) ? DIRLIST_TESTS : 0);
		char *name = dir_stamp(dirs.v[i], flags, nstamps);
		struct stamp *st = strmap_get(stamps, name);

		if (!st) {
			st = xcalloc(1, sizeof(*st));
			st->flags = flags;
			strmap_put(stamps, name, st);
			strv_push(names, name);
		}
		strv_push(&st->dirs, dirs.v[i]);
		free(name);
	}
	strv_sort(names);
	strmap_release(&tests);
	strv_release(&dirs);
}

/* what regenerating the build files depends on, each sorted: into files the manifest and its
 * includes, mipsbake, the lock and every scanned file no stamp covers; into stamps the
 * scanned directories' digest stamps (the stamps' edges go to b) */
static int regen_inputs(struct buf *b, const struct plan *p, const struct gen_opts *o, struct strv *files,
			struct strv *stamps)
{
	struct strv read = STRV_INIT;
	struct strmap covered = { 0 }, groups = { 0 };
	int rc = 0;
	char *dir = path_join(o->builddir, DIRS_DIR);

	strv_extend(files, &p->m->abs_files);
	strv_push(files, o->self);
	if (o->lock && fs_is_file(o->lock))
		strv_push(files, o->lock);
	group_dirs(p, &groups, stamps);
	if (stamps->n > 0 && fs_mkdir_p(dir) < 0)
		rc = -1;
	for (size_t i = 0; i < stamps->n; i++) {
		struct stamp *st = strmap_get(&groups, stamps->v[i]);

		if (rc == 0 && emit_dir_stamp(b, p, o, stamps->v[i], st, &read) < 0)
			rc = -1;
		strv_release(&st->dirs);
		free(st);
	}
	for (size_t i = 0; i < read.n; i++)
		strmap_put(&covered, read.v[i], &covered);
	for (size_t i = 0; i < p->scanned.cap; i++) {
		const char *path = p->scanned.keys[i];

		if (path && !strmap_get(&covered, path) && !scanned_dir(p, path))
			strv_push(files, path);
	}
	strmap_release(&covered);
	strmap_release(&groups);
	strv_release(&read);
	free(dir);
	strv_sort(files);
	return rc;
}

/* 1 when Ninja's depfile parser reads path back unchanged after depfile_escape */
static int depfile_safe(const char *path)
{
	for (const unsigned char *s = (const unsigned char *)path; *s; s++)
		if (*s < 0x80 && !strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
					 "+,/_.~(){}%=@[]!- #$", *s))
			return 0;
	return 1;
}

/* the regeneration edge; inputs a depfile cannot spell are listed on it directly */
static void emit_header(struct buf *b, const struct gen_opts *o, const struct strv *inputs,
			const struct strv *stamps)
{
	struct strv regen = STRV_INIT;

	buf_puts(b, "# generated by mipsbake; edit the manifest, not this file\n");
	ninja_preamble(b);
	strv_push(&regen, o->self);
	strv_push(&regen, "gen");
	strv_push(&regen, "--regenerate");
	strv_push(&regen, "-B");
	strv_push(&regen, o->builddir);
	strv_push(&regen, o->manifest);
	ninja_var_path(b, 0, "self_path", o->self);
	ninja_var_word(b, 0, "self", o->self);
	buf_puts(b, "rule sizes_check\n"
		    "  command = $self sizes-check .\n"
		    "  description = SIZES\n"
		    "  pool = console\n");
	buf_puts(b, "rule dirlist\n"
		    "  command = $self dirlist $flags $dirs $out\n"
		    "  description = LIST $what\n"
		    "  restat = 1\n"
		    "  generator = 1\n");
	buf_puts(b, "rule regen\n"
		    "  command = $cmd\n"
		    "  description = MIPSBAKE regenerating build.ninja\n"
		    "  generator = 1\n"
		    "  depfile = build.ninja.d\n"
		    "build build.ninja: regen |");
	for (size_t i = 0; i < inputs->n; i++)
		if (!depfile_safe(inputs->v[i]))
			ninja_path(b, inputs->v[i]);
	/* on the edge rather than in the depfile, which Ninja would parse on every run */
	for (size_t i = 0; i < stamps->n; i++)
		ninja_path(b, stamps->v[i]);
	buf_putc(b, '\n');
	ninja_var_words(b, 1, "cmd", &regen);
	buf_putc(b, '\n');
	strv_release(&regen);
}

/* build.ninja.d: the regeneration inputs a depfile can spell, the stamps apart */
static int write_depfile(const struct gen_opts *o, const struct strv *inputs)
{
	struct buf d = BUF_INIT;
	char *path = path_join(o->builddir, "build.ninja.d");
	int rc;

	buf_puts(&d, "build.ninja:");
	for (size_t i = 0; i < inputs->n; i++) {
		if (!depfile_safe(inputs->v[i]))
			continue;
		buf_puts(&d, " \\\n  ");
		depfile_escape(&d, inputs->v[i]);
	}
	buf_putc(&d, '\n');
	rc = fs_write_if_changed(path, d.data, d.len) < 0 ? -1 : 0;
	buf_release(&d);
	free(path);
	return rc;
}

/*
 * The second wall behind the scanner's import path check: the backends name outputs after
 * configurations, import paths and artifact paths, under the build directory; one that is
 * absolute or has a ".." element would leave it. -1 after reporting.
 */
static int check_inside(const char *what, const char *name)
{
	if (!path_is_abs(name) && !path_has_dotdot(name))
		return 0;
	return error("%s '%s' would put outputs outside the build directory; nothing generated",
		     what, name);
}

/* the generated _testmain.go of test binary t, written when its text changed */
static int write_testmain(const struct gen_opts *o, const struct test_variant *t)
{
	char *text = testmain_text(t->pkgpath, t->has_test, &t->tf, t->has_xtest, &t->xf);
	char *dir = path_join(o->builddir, t->testmain_dir), *file = path_join(dir, "_testmain.go");
	int rc = text && fs_mkdir_p(dir) == 0 && fs_write_if_changed(file, text, strlen(text)) >= 0 ? 0 : -1;

	free(text);
	free(dir);
	free(file);
	return rc;
}

/* a stripped v linked again without stripping, for the symbols its sizes are told by */
static int link_unstripped(struct buf *b, const struct gen_opts *o, const struct backend *be,
			   const struct variant *v)
{
	char *out;
	int rc;

	if (!v->target->strip)
		return 0;
	out = xasprintf(UNSTRIPPED_DIR "%s", v->out);
	rc = be->link_unstripped(b, o, v, out);
	free(out);
	return rc;
}

/* the edges of c's packages (and of the standard ones its backend compiles), and their
 * early compiles, longest chain first */
static int emit_packages(struct buf *b, const struct gen_opts *o, const struct plan *p, const struct backend *be,
			 const struct config *c)
{
	struct pkg *const *std = NULL;
	size_t nstd = be->std_pkgs ? be->std_pkgs(&std) : 0, n;
	struct emit_step *steps = emit_order(c, std, nstd, be->early != NULL, &n);
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		const struct pkg *pkg = steps[i].pkg;

		if (check_inside("package", pkg->path) < 0 ||
		    (steps[i].early ? be->early(b, o, p, c, pkg) : be->package(b, o, p, c, pkg)) < 0)
			rc = -1;
	}
	free(steps);
	return rc;
}

/* configuration c through its backend: its variables, each package's edges, each link */
static int emit_config(struct buf *b, const struct gen_opts *o, const struct plan *p, const struct config *c)
{
	const struct backend *be = backend_for(c->tc->compiler);
	int rc = check_inside("configuration", c->name);

	if (rc < 0)
		return rc;
	if (be->config(b, o, p, c) < 0)
		rc = -1;
	if (emit_packages(b, o, p, be, c) < 0)
		rc = -1;
	for (size_t i = 0; i < p->nvars; i++)
		if (p->vars[i].cfg == c &&
		    (check_inside("binary", p->vars[i].out) < 0 || be->link(b, o, &p->vars[i]) < 0 ||
		     link_unstripped(b, o, be, &p->vars[i]) < 0))
			rc = -1;
	if (c->ntest_order > 0)
		ninja_comment(b, "package tests");
	for (size_t i = 0; i < c->ntest_order; i++)
		if (check_inside("package", pkg_objkey(c->test_order[i])) < 0 ||
		    be->package(b, o, p, c, c->test_order[i]) < 0)
			rc = -1;
	for (size_t i = 0; i < p->ntests; i++) {
		const struct test_variant *t = &p->tests[i];

		if (t->v.cfg == c && !t->no_tests &&
		    (check_inside("test binary", t->v.out) < 0 || write_testmain(o, t) < 0 ||
		     be->link(b, o, &t->v) < 0))
			rc = -1;
	}
	if (be->config_done)
		be->config_done(c);
	return rc;
}

/* write cfg/<name>.ninja when its text changed; 1 written, 0 unchanged, -1 after reporting */
static int write_config(const struct plan *p, const struct config *c, const struct gen_opts *o)
{
	struct buf b = BUF_INIT;
	char *dir = path_join(o->builddir, "cfg");
	char *file = xasprintf("%s/%s.ninja", dir, c->dir);
	int errors = error_count, rc = fs_mkdir_p(dir);

	if (rc == 0)
		rc = emit_config(&b, o, p, c);
	/* the writer refused a value (a line break): the text is incomplete */
	if (rc == 0 && error_count != errors)
		rc = -1;
	if (rc == 0)
		rc = action_annotate(&b, o, c);
	if (rc == 0)
		rc = fs_write_if_changed(file, b.data, b.len);
	buf_release(&b);
	free(dir);
	free(file);
	return rc;
}

/* <build>/configs.txt, for people: what each configuration directory name (pkg/<dir>/ ...)
 * stands for */
static int write_configs_map(const struct plan *p, const struct gen_opts *o)
{
	struct buf b = BUF_INIT;
	char *path = path_join(o->builddir, CONFIGS_FILE);
	int rc;

	buf_puts(&b, "# the configuration directories (cfg/<dir>.ninja, cfg/<dir>.actions, pkg/<dir>/, exp/<dir>/, std/<dir>/, test/<dir>/):\n"
		     "# <dir> <configuration> toolchain=... compiler=... GOARCH=... GOMIPS=... cgo=... [tags=...]\n");
	for (size_t i = 0; i < p->ncfgs; i++) {
		const struct config *c = p->cfgs[i];

		buf_printf(&b, "%s %s toolchain=%s compiler=%s GOARCH=%s GOMIPS=%s cgo=%d", c->dir, c->name,
			   c->tc->name, compiler_name(c->tc->compiler), c->goarch, c->gomips, c->cgo);
		for (size_t j = 0; j < c->tags.n; j++)
			buf_printf(&b, "%s%s", j ? "," : " tags=", c->tags.v[j]);
		buf_putc(&b, '\n');
	}
	rc = fs_write_if_changed(path, b.data, b.len) < 0 ? -1 : 0;
	buf_release(&b);
	free(path);
	return rc;
}

int generate_ninja(const struct plan *p, const struct gen_opts *o)
{
	struct buf b = BUF_INIT, stamp_edges = BUF_INIT;
	struct strv inputs = STRV_INIT, stamps = STRV_INIT;
	int errors = error_count, rc;
	char *path;

	/* said once here rather than for every path below them */
	if (strpbrk(o->builddir, "\n\r") || strpbrk(o->manifest, "\n\r"))
		return error("the build directory or the manifest path holds a line break, which a "
			     "Ninja file cannot hold; nothing generated");
	path = path_join(o->builddir, "build.ninja");
	rc = fs_mkdir_p(o->builddir);

	for (size_t i = 0; backends[i] && rc >= 0; i++)
		if (backends[i]->prepare && backend_used(p, backends[i]))
			rc = backends[i]->prepare(o, p);
	if (rc >= 0)
		rc = diagmap_write(o, p);
	if (rc >= 0 && regen_inputs(&stamp_edges, p, o, &inputs, &stamps) < 0)
		rc = -1;
	emit_header(&b, o, &inputs, &stamps);
	buf_add(&b, stamp_edges.data ? stamp_edges.data : "", stamp_edges.len);
	for (size_t i = 0; backends[i]; i++)
		if (backends[i]->rules(&b) < 0)
			rc = -1;
	cgo_rules(&b);
	for (size_t i = 0; i < p->ncfgs && rc >= 0; i++) {
		rc = write_config(p, p->cfgs[i], o);
		buf_puts(&b, "subninja");
		ninja_path(&b, "cfg/");
		ninja_escape(&b, p->cfgs[i]->dir);
		buf_puts(&b, ".ninja\n");
	}
	buf_puts(&b, "\nbuild tests: phony");
	for (size_t i = 0; i < p->ntests; i++)
		if (!p->tests[i].no_tests)
			ninja_path(&b, p->tests[i].v.out);
	buf_puts(&b, "\nbuild all: phony");
	for (size_t i = 0; i < p->nvars; i++)
		ninja_path(&b, p->vars[i].out);
	/* what 'sizes --packages' reads: each binary's symbols, never built by default */
	buf_puts(&b, "\nbuild " SYMBOLS_TARGET ": phony");
	for (size_t i = 0; i < p->nvars; i++) {
		buf_putc(&b, ' ');
		if (p->vars[i].target->strip)
			buf_puts(&b, UNSTRIPPED_DIR);
		ninja_escape(&b, p->vars[i].out);
	}
	/* the size check is a step of the build: run when a binary or a budget changed, and
	 * failing the build (it writes its stamp only on success) until the binaries fit */
	buf_puts(&b, "\nbuild " SIZES_STAMP ": sizes_check all | " ARTIFACTS_FILE " $self_path\n"
		    "default " SIZES_STAMP "\n");
	if (rc >= 0 && error_count != errors)
		rc = -1;
	if (rc >= 0)
		rc = write_depfile(o, &inputs);
	if (rc >= 0)
		rc = steps_write(p, o->builddir);
	if (rc >= 0)
		rc = write_configs_map(p, o);
	action_save_tools(o);
	/* always rewritten: its mtime tells Ninja the build files are newer than what they came from */
	if (rc >= 0)
		rc = fs_write_atomic(path, b.data, b.len);
	buf_release(&b);
	buf_release(&stamp_edges);
	strv_release(&inputs);
	strv_release(&stamps);
	free(path);
	return rc;
}
