/* schema.c: the manifest's sections and keys, their readers, references and the model's lifetime */
#define _POSIX_C_SOURCE 200809L

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/os.h"
#include "manifest/loader.h"
#include "lib/banned.h"

/* field readers */

static const char *const compiler_names[] = { "gccgo", "gc", NULL };
static const char *const link_names[] = { "static", "static-libgo", "dynamic", NULL };
static const char *const goarch_names[] = { "mips", "mipsle", "mips64", "mips64le", NULL };
static const char *const gomips_names[] = { "hardfloat", "softfloat", NULL };
static const char *const endian_names[] = { "big", "little", NULL };
static const char *const fpu_emulation_names[] = { "none", "kernel", NULL };

static void read_nothing(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	(void)f, (void)fd, (void)v, (void)obj;
}

static void read_compiler(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_toolchain *t = obj;
	int i = mf_get_choice(f, v, "'compiler'", compiler_names);

	(void)fd;
	if (i >= 0)
		t->compiler = (enum compiler)i;
}

static void read_link(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_target *t = obj;
	int i = mf_get_choice(f, v, "'link'", link_names);

	(void)fd;
	if (i >= 0)
		t->link = (enum link_mode)i;
}

static void read_goroot(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_toolchain *t = obj;
	char *s = NULL;

	(void)fd;
	if (text_is(v, "auto"))
		s = xstrdup("auto");
	else
		mf_get_path(f, v, "'goroot'", 0, &s);
	if (s) {
		free(t->goroot);
		t->goroot = s;
	}
}

/* cc: GOARCH -> the C compiler a gc toolchain's cgo uses for it */
static void read_cc(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_toolchain *t = obj;
	struct kvs kv = KVS_INIT;

	(void)fd;
	if (mf_flatten(f, v, "'cc'", &kv) == 0) {
		for (size_t i = 0; i < kv.n; i++) {
			int a = mf_get_choice(f, kv.v[i].key, "a 'cc' GOARCH", goarch_names);
			char *s = NULL;

			if (a < 0 || mf_get_str(f, kv.v[i].val, "a 'cc' compiler", 0, &s) < 0)
				continue;
			/* blanks from a ${VAR} are a path's own; written ones are flags */
			if (strpbrk(s, " \t\n")) {
				mf_report(f, kv.v[i].val, "bad 'cc' compiler '%s' for %s; expected a program "
					  "name or path, without spaces (flags go in 'cflags')", s, goarch_names[a]);
				free(s);
				continue;
			}
			if (!(s = mf_expand(f, kv.v[i].val, "a 'cc' compiler", s)))
				continue;
			free(t->cc[a]);
			t->cc[a] = s;
		}
	}
	mf_kvs_release(&kv);
}

int goarch_index(const char *goarch)
{
	for (int i = 0; goarch_names[i]; i++)
		if (strcmp(goarch_names[i], goarch) == 0)
			return i;
	return -1;
}

static void read_subdir(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_dep *d = obj;
	char *s;

	(void)fd;
	if (mf_get_str(f, v, "'subdir'", 0, &s) < 0)
		return;
	if (path_is_abs(s) || path_has_dotdot(s)) {
		mf_report(f, v, "bad subdir '%s'; expected a relative path inside the repository, "
		       "without '..'", s);
		free(s);
		return;
	}
	free(d->subdir);
	d->subdir = s;
}

/* 1 when s is "." or "./dir" without ".." elements, or an import path */
static int main_ok(struct yfile *f, const char *s)
{
	if (!strcmp(s, ".") || !strcmp(s, "./"))
		return 1;
	if (str_has_prefix(s, "./"))
		return !path_has_dotdot(s + 2);
	return mf_matches(f->ld, PAT_IMPORT, s, strlen(s)) && mf_elements_ok(s);
}

static void read_main(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_target *t = obj;
	char *s;

	(void)fd;
	if (mf_get_str(f, v, "'main'", 0, &s) < 0)
		return;
	if (!main_ok(f, s)) {
		mf_report(f, v, "bad main package '%s'; expected './dir' inside the module or an import path",
		       s);
		free(s);
		return;
	}
	free(t->main);
	t->main = s;
}


/* replace *dst with s when s is not NULL */
static void set_str(char **dst, char *s)
{
	if (!s)
		return;
	free(*dst);
	*dst = s;
}

static void read_expect(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_test *t = obj;

	(void)fd;
	set_str(&t->expect, mf_get_regex(f, v, "expect"));
}

static void read_expect_stderr(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_test *t = obj;

	(void)fd;
	set_str(&t->expect_stderr, mf_get_regex(f, v, "stderr"));
}

/* the longest 'timeout' a test may have: an hour */
#define TIMEOUT_MAX 3600

/* a 'timeout': seconds, 1 to TIMEOUT_MAX, into *out */
static void get_timeout(struct yfile *f, yaml_node_t *v, int *out)
{
	long n = 0;

	if (mf_get_int(f, v, "'timeout'", &n) < 0)
		return;
	if (n < 1 || n > TIMEOUT_MAX)
		mf_report(f, v, "timeout %s is out of range; expected 1 to %d seconds", text(v), TIMEOUT_MAX);
	else
		*out = (int)n;
}

static void read_timeout(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	(void)fd;
	get_timeout(f, v, &((struct mf_test *)obj)->timeout);
}

static void read_exit(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_test *t = obj;
	long n = 0;

	(void)fd;
	if (mf_get_int(f, v, "'exit'", &n) < 0)
		return;
	if (n < 0 || n > 255)
		mf_report(f, v, "exit status %s is out of range; expected 0 to 255", text(v));
	else
		t->exit_code = (int)n;
}

static void read_fpu_emulation(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_board *b = obj;
	int i = mf_get_choice(f, v, "'fpu_emulation'", fpu_emulation_names);

	(void)fd;
	if (i >= 0)
		b->fpu_emulation = i;
}


/* size_warn of a board */
static void read_size_warn(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_board *b = obj;
	int n = mf_get_percent(f, v, "'size_warn'");

	(void)fd;
	if (n > 0)
		b->size_warn = n;
}

/* size_warn of the manifest: the default of every board */
static void read_size_warn_top(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct manifest *m = obj;
	int n = mf_get_percent(f, v, "'size_warn'");

	(void)fd;
	if (n > 0)
		m->size_warn = n;
}

#define TEST(m) offsetof(struct mf_test, m)
static const struct field test_fields[] = {
	{ .key = "args", .kind = V_STRV, .off = TEST(args), .flags = F_EMPTY_OK },
	{ .key = "expect", .kind = V_FN, .fn = read_expect,
	  .pos_off = POS_AT(struct mf_test, expect_pos) },
	{ .key = "stderr", .kind = V_FN, .fn = read_expect_stderr,
	  .pos_off = POS_AT(struct mf_test, stderr_pos) },
	{ .key = "exit", .kind = V_FN, .fn = read_exit },
	{ .key = "timeout", .kind = V_FN, .fn = read_timeout },
};
static const struct schema test_schema = { test_fields, ARRAY_LEN(test_fields), 0 };

static void read_tests(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_target *t = obj;
	struct kv seen[MAX_FIELDS];

	(void)fd;
	if (v->type != YAML_SEQUENCE_NODE) {
		mf_type_error(f, v, "a list", "'test'");
		return;
	}
	for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++) {
		yaml_node_t *item = mf_node_at(f, *i);
		char *what = xasprintf("test %zu of target '%s'", t->ntests + 1, t->name);
		struct mf_test *x;

		t->tests = xappend(t->tests, t->ntests, sizeof(*t->tests));
		x = memset(&t->tests[t->ntests++], 0, sizeof(*x));
		x->pos = mf_node_pos(f, item);
		x->timeout = TEST_TIMEOUT;
		mf_walk_fields(f, item, &test_schema, what, &x->pos, x, seen);
		free(what);
	}
}

/* package tests */

static void read_gotest_run(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_gotest *t = obj;

	(void)fd;
	set_str(&t->run, mf_get_regex(f, v, "run"));
}

static void read_gotest_skip(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_gotest *t = obj;

	(void)fd;
	set_str(&t->skip, mf_get_regex(f, v, "skip"));
}

static void read_gotest_timeout(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	(void)fd;
	get_timeout(f, v, &((struct mf_gotest *)obj)->timeout);
}

/* a package pattern: "./...", "./dir[/...]", "." or an import path, "path/..." */
static void check_gotest_packages(struct yfile *f, struct mf_gotest *t)
{
	for (size_t i = 0; i < t->packages.n; i++) {
		const char *s = t->packages.v[i];
		size_t n = strlen(s);
		char *bare;

		if (str_has_suffix(s, "/...") || strcmp(s, "...") == 0)
			n -= strlen(s) > 3 ? 4 : 3;
		bare = xstrndup(s, n);
		if (strcmp(bare, ".") == 0 || strcmp(s, "./...") == 0 ||
		    (str_has_prefix(bare, "./") && mf_elements_ok(bare + 2)) ||
		    (n > 0 && bare[0] != '.' && mf_matches(f->ld, PAT_IMPORT, bare, n) && mf_elements_ok(bare))) {
			free(bare);
			continue;
		}
		mf_report_pos(f->ld, &t->package_pos[i], "bad package pattern '%s' in 'tests'; expected "
			      "'./...', './dir', './dir/...', an import path or 'path/...'", s);
		free(bare);
	}
}

#define GOTEST(m) offsetof(struct mf_gotest, m)
static const struct field gotest_fields[] = {
	{ .key = "packages", .kind = V_STRV, .off = GOTEST(packages), .flags = F_REQUIRED | F_NONEMPTY,
	  .pos_off = POS_AT(struct mf_gotest, package_pos) },
	{ .key = "run", .kind = V_FN, .fn = read_gotest_run },
	{ .key = "skip", .kind = V_FN, .fn = read_gotest_skip },
	{ .key = "short", .kind = V_BOOL, .off = GOTEST(short_mode) },
	{ .key = "timeout", .kind = V_FN, .fn = read_gotest_timeout },
	{ .key = "args", .kind = V_STRV, .off = GOTEST(args), .flags = F_EMPTY_OK },
};
static const struct schema gotest_schema = { gotest_fields, ARRAY_LEN(gotest_fields), 0 };
static const struct field gotest_top_fields[] = {
	{ .key = "packages", .kind = V_STRV, .off = GOTEST(packages), .flags = F_REQUIRED | F_NONEMPTY,
	  .pos_off = POS_AT(struct mf_gotest, package_pos) },
	{ .key = "boards", .kind = V_STRV, .off = GOTEST(boards), .flags = F_REQUIRED | F_NONEMPTY,
	  .pos_off = POS_AT(struct mf_gotest, board_pos) },
	{ .key = "toolchains", .kind = V_STRV, .off = GOTEST(toolchains), .flags = F_NONEMPTY,
	  .pos_off = POS_AT(struct mf_gotest, toolchain_pos) },
	{ .key = "run", .kind = V_FN, .fn = read_gotest_run },
	{ .key = "skip", .kind = V_FN, .fn = read_gotest_skip },
	{ .key = "short", .kind = V_BOOL, .off = GOTEST(short_mode) },
	{ .key = "timeout", .kind = V_FN, .fn = read_gotest_timeout },
	{ .key = "args", .kind = V_STRV, .off = GOTEST(args), .flags = F_EMPTY_OK },
};
static const struct schema gotest_top_schema = { gotest_top_fields, ARRAY_LEN(gotest_top_fields), 0 };

static struct mf_gotest *read_gotest(struct yfile *f, yaml_node_t *v, const struct schema *sc, const char *what)
{
	struct mf_gotest *t = xcalloc(1, sizeof(*t));
	struct kv seen[MAX_FIELDS];

	t->pos = mf_node_pos(f, v);
	t->timeout = GOTEST_TIMEOUT;
	mf_walk_fields(f, v, sc, what, &t->pos, t, seen);
	check_gotest_packages(f, t);
	return t;
}

static void gotest_free(struct mf_gotest *t)
{
	if (!t)
		return;
	strv_release(&t->packages);
	free(t->package_pos);
	strv_release(&t->boards);
	free(t->board_pos);
	strv_release(&t->toolchains);
	free(t->toolchain_pos);
	free(t->run);
	free(t->skip);
	strv_release(&t->args);
	free(t);
}

/* a target's tests: */
static void read_target_gotest(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_target *t = obj;
	char *what = xasprintf("'tests' of target '%s'", t->name);

	(void)fd;
	gotest_free(t->gotest);
	t->gotest = read_gotest(f, v, &gotest_schema, what);
	free(what);
}

/* the manifest's tests: */
static void read_top_gotest(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct manifest *m = obj;

	(void)fd;
	gotest_free(m->gotest);
	m->gotest = read_gotest(f, v, &gotest_top_schema, "'tests'");
}

/* definitions */

static void toolchain_release(struct mf_toolchain *t)
{
	free(t->name);
	free(t->prefix);
	free(t->bindir);
	free(t->goroot);
	free(t->sysroot);
	free(t->pkg_config);
	strv_release(&t->pkg_config_path);
	strv_release(&t->cflags);
	strv_release(&t->ldflags);
	strv_release(&t->tags);
	for (size_t i = 0; i < ARRAY_LEN(t->cc); i++)
		free(t->cc[i]);
}

static void board_release(struct mf_board *b)
{
	free(b->name);
	free(b->goarch);
	free(b->gomips);
	free(b->cpu);
	free(b->toolchain);
	free(b->soc);
	free(b->core);
	free(b->endian);
	strv_release(&b->tags);
}

static void dep_release(struct mf_dep *d)
{
	free(d->importpath);
	free(d->path);
	free(d->git);
	free(d->rev);
	free(d->subdir);
	for (size_t i = 0; d->patch_names && i < d->patches.n; i++)
		free(d->patch_names[i]);
	free(d->patch_names);
	strv_release(&d->patches);
	free(d->patch_pos);
	free(d->modpath);
	free(d->modversion);
	free(d->tagprefix);
	free(d->gover);
}

static void target_release(struct mf_target *t)
{
	free(t->name);
	free(t->main);
	strv_release(&t->boards);
	free(t->board_pos);
	strv_release(&t->toolchains);
	free(t->toolchain_pos);
	strv_release(&t->defines);
	free(t->define_pos);
	strv_release(&t->stamps);
	free(t->stamp_pos);
	strv_release(&t->tags);
	strv_release(&t->gcflags);
	strv_release(&t->asmflags);
	strv_release(&t->ldflags);
	gotest_free(t->gotest);
	for (size_t i = 0; i < t->ntests; i++) {
		strv_release(&t->tests[i].args);
		free(t->tests[i].expect);
		free(t->tests[i].expect_stderr);
	}
	free(t->tests);
}

static void *add_toolchain(struct manifest *m, char *name, struct pos pos)
{
	struct mf_toolchain *t;

	m->toolchains = xappend(m->toolchains, m->ntoolchains, sizeof(*t));
	t = memset(&m->toolchains[m->ntoolchains++], 0, sizeof(*t));
	t->name = name;
	t->pos = pos;
	t->prefix = xstrdup("");
	t->pkg_config = xstrdup("pkg-config");
	return t;
}

static void drop_toolchain(struct manifest *m)
{
	toolchain_release(&m->toolchains[--m->ntoolchains]);
}

/*
 * Every compile and link runs as one 'sh -c' argument, and Linux takes at most 128 KiB
 * (MAX_ARG_STRLEN) in one argument: flags that leave no room for the rest are refused here,
 * not left to fail as posix_spawn's 'Argument list too long'
 */
#define FLAGS_MAX (96u << 10)

static size_t words_size(const struct strv *v)
{
	size_t n = 0;

	for (size_t i = 0; i < v->n; i++)
		n += strlen(v->v[i]) + 3;
	return n;
}

static void check_flags_size(struct yfile *f, const struct mf_toolchain *t, const struct kv *seen,
			     const char *what)
{
	size_t n = words_size(&t->cflags) + words_size(&t->ldflags);
	const struct kv *at = mf_seen_key(seen, "cflags");

	if (n <= FLAGS_MAX)
		return;
	if (!at || (mf_seen_key(seen, "ldflags") && words_size(&t->ldflags) > words_size(&t->cflags)))
		at = mf_seen_key(seen, "ldflags");
	mf_report(f, at->key, "the 'cflags' and 'ldflags' of %s take %zu bytes; at most %u fit in "
		  "the compile and link command lines (Linux takes at most 131072 bytes in one "
		  "argument)", what, n, FLAGS_MAX);
}

/* gccgo-only and gc-only keys; gc's goroot defaults to "auto"; the flags fit a command line */
static void finish_toolchain(struct yfile *f, void *obj, const struct kv *seen, const char *what)
{
	struct mf_toolchain *t = obj;
	const struct kv *c = mf_seen_key(seen, "compiler");
	const char *other = t->compiler == COMPILER_GC ? "prefix" : "goroot";
	const struct kv *wrong = mf_seen_key(seen, other);

	check_flags_size(f, t, seen, what);
	if (!c || !text_is(c->val, compiler_name(t->compiler)))
		return;
	if (wrong)
		mf_report(f, wrong->key, "'%s' is only for %s toolchains; %s uses %s", other,
		       compiler_name(t->compiler == COMPILER_GC ? COMPILER_GCCGO : COMPILER_GC),
		       what, compiler_name(t->compiler));
	if (t->compiler == COMPILER_GCCGO && (wrong = mf_seen_key(seen, "cc")))
		mf_report(f, wrong->key, "'cc' is only for gc toolchains; %s uses gccgo, whose cgo "
			  "compiles C with the gcc beside it ('prefix', 'bindir')", what);
	if (t->compiler == COMPILER_GC && !t->goroot)
		t->goroot = xstrdup("auto");
}

static void *add_board(struct manifest *m, char *name, struct pos pos)
{
	struct mf_board *b;

	m->boards = xappend(m->boards, m->nboards, sizeof(*b));
	b = memset(&m->boards[m->nboards++], 0, sizeof(*b));
	b->name = name;
	b->pos = pos;
	b->gomips = xstrdup("hardfloat");
	b->fpu = -1;
	b->cgo = -1;
	return b;
}

static void drop_board(struct manifest *m)
{
	board_release(&m->boards[--m->nboards]);
}

/* the byte order a GOARCH has: "big" or "little" */
static const char *goarch_endian(const char *goarch)
{
	return str_has_suffix(goarch, "le") ? "little" : "big";
}

/* endian, when given, agrees with goarch */
static void finish_board(struct yfile *f, void *obj, const struct kv *seen, const char *what)
{
	struct mf_board *b = obj;
	const struct kv *e = mf_seen_key(seen, "endian");
	const char *want;

	if (!b->goarch || !b->endian || !e)
		return;
	want = goarch_endian(b->goarch);
	if (strcmp(b->endian, want) != 0)
		mf_report(f, e->val, "%s is '%s' endian, but goarch '%s' is %s endian; expected "
		       "'endian: %s', or a goarch for %s endian", what, b->endian, b->goarch, want, want,
		       b->endian);
}

static void *add_dep(struct manifest *m, char *name, struct pos pos)
{
	struct mf_dep *d;

	m->deps = xappend(m->deps, m->ndeps, sizeof(*d));
	d = memset(&m->deps[m->ndeps++], 0, sizeof(*d));
	d->importpath = name;
	d->pos = pos;
	return d;
}

static void drop_dep(struct manifest *m)
{
	dep_release(&m->deps[--m->ndeps]);
}

/* 1 when a comes after b in a file */
static int pos_after(const yaml_node_t *a, const yaml_node_t *b)
{
	return a->start_mark.index > b->start_mark.index;
}

/* 1 when the module root has a go.mod, which may complete a dependency */
static int beside_gomod(const struct manifest *m)
{
	char *p = path_join(m->dir, "go.mod");
	int yes = fs_exists(p);

	free(p);
	return yes;
}

/* exactly one of path and git; rev with git (either may come from go.mod); git-only keys */
static void finish_dep(struct yfile *f, void *obj, const struct kv *seen, const char *what)
{
	static const char *const git_only[] = { "rev", "subdir", "patches" };
	struct mf_dep *d = obj;
	const struct kv *path = mf_seen_key(seen, "path"), *git = mf_seen_key(seen, "git");

	if (path && git) {
		const yaml_node_t *later = pos_after(path->key, git->key) ? path->key : git->key;

		mf_report(f, later, "%s has both 'path' and 'git'; expected one of them", what);
	} else if (!path && (!git || !mf_seen_key(seen, "rev")) && beside_gomod(f->ld->m)) {
		/* go.mod may give the rest: the module stage says what is missing */
		d->partial = 1;
	} else if (!path && !git) {
		mf_report_pos(f->ld, &d->pos, "missing 'path' or 'git' in %s", what);
	} else if (git && !mf_seen_key(seen, "rev")) {
		mf_report_pos(f->ld, &d->pos, "missing required key 'rev' in %s; "
			   "expected the tag, branch or commit to build", what);
	}
	for (size_t i = 0; path && !git && i < ARRAY_LEN(git_only); i++) {
		const struct kv *k = mf_seen_key(seen, git_only[i]);

		if (k)
			mf_report(f, k->key, "'%s' is only for 'git' dependencies; %s has a 'path'",
			       git_only[i], what);
	}
}

static void *add_target(struct manifest *m, char *name, struct pos pos)
{
	struct mf_target *t;

	m->targets = xappend(m->targets, m->ntargets, sizeof(*t));
	t = memset(&m->targets[m->ntargets++], 0, sizeof(*t));
	t->name = name;
	t->pos = pos;
	t->link = LINK_STATIC;
	t->cgo = -1;
	return t;
}

static void drop_target(struct manifest *m)
{
	target_release(&m->targets[--m->ntargets]);
}

/* pkg_config: a program name (looked up in bindir, then PATH) or a path (one with a /) */
static void read_pkg_config(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_toolchain *t = obj;
	char *s = NULL;

	(void)fd;
	if (v->type == YAML_SCALAR_NODE && memchr(text(v), '/', text_len(v))) {
		if (mf_get_path(f, v, "'pkg_config'", 0, &s) < 0)
			return;
	} else if (mf_get_str(f, v, "'pkg_config'", 0, &s) < 0 || !(s = mf_expand(f, v, "'pkg_config'", s))) {
		return;
	}
	if (!*s || strpbrk(s, " \t\n")) {
		mf_report(f, v, "bad 'pkg_config' '%s'; expected a program name or path, without spaces", s);
		free(s);
		return;
	}
	free(t->pkg_config);
	t->pkg_config = s;
}

/* pkg_config_path: the directories pkg-config searches, as PKG_CONFIG_LIBDIR (':' between them) */
static void read_pkg_config_path(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_toolchain *t = obj;

	(void)fd;
	if (v->type != YAML_SEQUENCE_NODE) {
		mf_type_error(f, v, "a list", "'pkg_config_path'");
		return;
	}
	for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++) {
		yaml_node_t *item = mf_node_at(f, *i);
		char *s = NULL;

		if (mf_get_path(f, item, "an entry of 'pkg_config_path'", 0, &s) < 0)
			continue;
		if (strchr(s, ':'))
			mf_report(f, item, "bad 'pkg_config_path' entry '%s'; expected a directory without "
				  "':' (pkg-config's separator)", s);
		else
			strv_push(&t->pkg_config_path, s);
		free(s);
	}
}

/* the schema */

#define TC(m) offsetof(struct mf_toolchain, m)
static const struct field toolchain_fields[] = {
	{ .key = "compiler", .kind = V_FN, .fn = read_compiler, .flags = F_REQUIRED },
	{ .key = "prefix", .kind = V_STR, .off = TC(prefix), .flags = F_EMPTY_OK, .pat = PAT_PREFIX },
	{ .key = "bindir", .kind = V_PATH, .off = TC(bindir) },
	{ .key = "goroot", .kind = V_FN, .fn = read_goroot },
	{ .key = "sysroot", .kind = V_PATH, .off = TC(sysroot) },
	{ .key = "pkg_config", .kind = V_FN, .fn = read_pkg_config },
	{ .key = "pkg_config_path", .kind = V_FN, .fn = read_pkg_config_path },
	{ .key = "cflags", .kind = V_STRV, .off = TC(cflags), .flags = F_EXPAND },
	{ .key = "ldflags", .kind = V_STRV, .off = TC(ldflags), .flags = F_EXPAND },
	{ .key = "tags", .kind = V_STRV, .off = TC(tags), .pat = PAT_TAG },
	{ .key = "cc", .kind = V_FN, .fn = read_cc },
};
static const struct schema toolchain_schema = { toolchain_fields, ARRAY_LEN(toolchain_fields), 0 };

#define BOARD(m) offsetof(struct mf_board, m)
static const struct field board_fields[] = {
	{ .key = "goarch", .kind = V_STR, .off = BOARD(goarch), .flags = F_REQUIRED,
	  .choices = goarch_names },
	{ .key = "gomips", .kind = V_STR, .off = BOARD(gomips), .choices = gomips_names },
	{ .key = "endian", .kind = V_STR, .off = BOARD(endian), .choices = endian_names },
	{ .key = "soc", .kind = V_STR, .off = BOARD(soc) },
	{ .key = "core", .kind = V_STR, .off = BOARD(core) },
	{ .key = "cpu", .kind = V_STR, .off = BOARD(cpu), .pat = PAT_CPU },
	{ .key = "fpu", .kind = V_BOOL, .off = BOARD(fpu) },
	{ .key = "fpu_emulation", .kind = V_FN, .fn = read_fpu_emulation },
	{ .key = "flash", .kind = V_SIZE, .off = BOARD(flash),
	  .pos_off = POS_AT(struct mf_board, flash_pos) },
	{ .key = "ram", .kind = V_SIZE, .off = BOARD(ram) },
	{ .key = "tmpfs", .kind = V_SIZE, .off = BOARD(tmpfs),
	  .pos_off = POS_AT(struct mf_board, tmpfs_pos) },
	{ .key = "size_warn", .kind = V_FN, .fn = read_size_warn },
	{ .key = "toolchain", .kind = V_STR, .off = BOARD(toolchain),
	  .pos_off = POS_AT(struct mf_board, toolchain_pos) },
	{ .key = "tags", .kind = V_STRV, .off = BOARD(tags), .pat = PAT_TAG },
	{ .key = "cgo", .kind = V_BOOL, .off = BOARD(cgo) },
};
static const struct schema board_schema = { board_fields, ARRAY_LEN(board_fields), 0 };

#define DEP(m) offsetof(struct mf_dep, m)
static const struct field dep_fields[] = {
	{ .key = "path", .kind = V_PATH, .off = DEP(path), .flags = F_DIR },
	{ .key = "git", .kind = V_STR, .off = DEP(git) },
	{ .key = "rev", .kind = V_STR, .off = DEP(rev), .pos_off = POS_AT(struct mf_dep, rev_pos) },
	{ .key = "subdir", .kind = V_FN, .fn = read_subdir },
	{ .key = "patches", .kind = V_PATHV, .off = DEP(patches), .flags = F_FILE | F_SHIPPED,
	  .pos_off = POS_AT(struct mf_dep, patch_pos) },
};
static const struct schema dep_schema = { dep_fields, ARRAY_LEN(dep_fields), 0 };

/* append sv's entry "name=value" and its position */
static void push_var(struct strv *sv, struct pos **posv, const char *name, const char *value, struct pos at)
{
	strv_pushf(sv, "%s=%s", name, value);
	*posv = xappend(*posv, sv->n - 1, sizeof(**posv));
	(*posv)[sv->n - 1] = at;
}

static void add_define(struct yfile *f, struct mf_target *t, const char *name, yaml_node_t *val,
		       struct pos at)
{
	char *value = NULL;

	if (mf_get_str(f, val, "a 'define' value", F_EMPTY_OK, &value) == 0)
		push_var(&t->defines, &t->define_pos, name, value, at);
	free(value);
}

static void add_stamp(struct yfile *f, struct mf_target *t, const char *name, yaml_node_t *val,
		      struct pos at)
{
	static const char *const whats[] = { "version", "commit", "date", NULL };
	char *label = xasprintf("'%s' in 'stamp'", name);
	int what = mf_get_choice(f, val, label, whats);

	if (what >= 0)
		push_var(&t->stamps, &t->stamp_pos, name, whats[what], at);
	free(label);
}

/*
 * define: and stamp: map Go string variables ("importpath.name") to a value: a mapping read
 * like every other, merge keys resolved and a key given twice an error; each pair whose key
 * is a Go variable goes to add
 */
static void read_vars(struct yfile *f, yaml_node_t *v, const char *key, struct mf_target *t,
		      void (*add)(struct yfile *, struct mf_target *, const char *, yaml_node_t *, struct pos))
{
	struct kvs kv = KVS_INIT;
	char *label = xasprintf("'%s'", key), *name_label = xasprintf("a '%s' name", key);

	if (mf_flatten(f, v, label, &kv) == 0) {
		for (size_t i = 0; i < kv.n; i++) {
			yaml_node_t *k = kv.v[i].key;
			char *name = NULL;

			if (mf_get_str(f, k, name_label, 0, &name) == 0 &&
			    mf_check_pattern(f, k, PAT_GOVAR, label, name) == 0)
				add(f, t, name, kv.v[i].val, mf_node_pos(f, k));
			free(name);
		}
	}
	mf_kvs_release(&kv);
	free(label);
	free(name_label);
}

/* define: the values the linker sets (-X) */
static void read_defines(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	(void)fd;
	read_vars(f, v, "define", obj, add_define);
}

/* stamp: what a release sets the variables to */
static void read_stamps(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	(void)fd;
	read_vars(f, v, "stamp", obj, add_stamp);
}

/* a variable both defined and stamped: which value would it get? */
static void finish_target(struct yfile *f, void *obj, const struct kv *seen, const char *what)
{
	struct mf_target *t = obj;

	(void)seen;
	for (size_t i = 0; i < t->stamps.n; i++) {
		size_t n = strcspn(t->stamps.v[i], "=") + 1;

		for (size_t j = 0; j < t->defines.n; j++) {
			if (strncmp(t->defines.v[j], t->stamps.v[i], n) != 0)
				continue;
			if (mf_report_pos(f->ld, &t->stamp_pos[i], "%s: '%.*s' is both in 'define' and "
					  "in 'stamp'; expected one of them", what, (int)(n - 1),
					  t->stamps.v[i]))
				note_at(&t->define_pos[j], "'%.*s' is defined here", (int)(n - 1), t->defines.v[j]);
		}
	}
}

#define TARGET(m) offsetof(struct mf_target, m)
static const struct field target_fields[] = {
	{ .key = "main", .kind = V_FN, .fn = read_main, .flags = F_REQUIRED,
	  .pos_off = POS_AT(struct mf_target, main_pos) },
	{ .key = "boards", .kind = V_STRV, .off = TARGET(boards), .flags = F_REQUIRED | F_NONEMPTY,
	  .pos_off = POS_AT(struct mf_target, board_pos) },
	{ .key = "toolchains", .kind = V_STRV, .off = TARGET(toolchains), .flags = F_NONEMPTY,
	  .pos_off = POS_AT(struct mf_target, toolchain_pos) },
	{ .key = "link", .kind = V_FN, .fn = read_link },
	{ .key = "strip", .kind = V_BOOL, .off = TARGET(strip) },
	{ .key = "persist", .kind = V_BOOL, .off = TARGET(persist) },
	{ .key = "define", .kind = V_FN, .fn = read_defines },
	{ .key = "stamp", .kind = V_FN, .fn = read_stamps },
	{ .key = "tags", .kind = V_STRV, .off = TARGET(tags), .pat = PAT_TAG },
	{ .key = "gcflags", .kind = V_STRV, .off = TARGET(gcflags), .flags = F_EXPAND },
	{ .key = "asmflags", .kind = V_STRV, .off = TARGET(asmflags), .flags = F_EXPAND },
	{ .key = "ldflags", .kind = V_STRV, .off = TARGET(ldflags), .flags = F_EXPAND },
	{ .key = "cgo", .kind = V_BOOL, .off = TARGET(cgo) },
	{ .key = "test", .kind = V_FN, .fn = read_tests },
	{ .key = "tests", .kind = V_FN, .fn = read_target_gotest },
};
static const struct schema target_schema = { target_fields, ARRAY_LEN(target_fields), 0 };

static const struct section toolchain_section = {
	"toolchain", PAT_NAME, &toolchain_schema, add_toolchain, finish_toolchain,
	drop_toolchain,
};
static const struct section board_section = {
	"board", PAT_NAME, &board_schema, add_board, finish_board, drop_board,
};
static const struct section dep_section = {
	"dependency", PAT_IMPORT, &dep_schema, add_dep, finish_dep, drop_dep,
};
static const struct section target_section = {
	"target", PAT_NAME, &target_schema, add_target, finish_target, drop_target,
};

/* one mirror: a module path prefix and the URL prefix its repositories are fetched from */
static void add_mirror(struct yfile *f, struct manifest *m, yaml_node_t *k, yaml_node_t *v)
{
	char *prefix = NULL, *url = NULL, *bare = NULL;
	size_t n;

	if (mf_get_str(f, k, "a 'mirrors' prefix", 0, &prefix) < 0 ||
	    mf_get_str(f, v, "a 'mirrors' URL", 0, &url) < 0 || !(url = mf_expand(f, v, "a 'mirrors' URL", url)))
		goto out;
	n = strlen(prefix) - (prefix[0] && prefix[strlen(prefix) - 1] == '/');
	bare = xstrndup(prefix, n);
	if (!n || !mf_matches(f->ld, PAT_IMPORT, bare, n) || !mf_elements_ok(bare))
		mf_report(f, k, "bad 'mirrors' prefix '%s'; expected a module path prefix such as "
			  "'github.com/'", prefix);
	else if (!*url || strpbrk(url, " \t"))
		mf_report(f, v, "bad 'mirrors' URL '%s' for '%s'; expected a URL prefix without spaces",
			  url, prefix);
	else {
		strv_pushf(&m->mirrors, "%s %s", prefix, url);
		m->mirror_pos = xappend(m->mirror_pos, m->mirrors.n - 1, sizeof(*m->mirror_pos));
		m->mirror_pos[m->mirrors.n - 1] = mf_node_pos(f, k);
	}
out:
	free(prefix);
	free(url);
	free(bare);
}

/* mirrors: module path prefix -> URL prefix */
static void read_mirrors(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct kvs kv = KVS_INIT;

	(void)fd;
	if (mf_flatten(f, v, "'mirrors'", &kv) == 0)
		for (size_t i = 0; i < kv.n; i++)
			add_mirror(f, obj, kv.v[i].key, kv.v[i].val);
	mf_kvs_release(&kv);
}

const char *const mf_cgo_verbs[MF_CGO_VERBS + 1] = {
	"CPPFLAGS", "CFLAGS", "CXXFLAGS", "FFLAGS", "LDFLAGS", NULL,
};

/* cgo_allow: and cgo_disallow: a #cgo verb -> a pattern for its flags, compiled here as the
 * allowlist compiles its own (cmd/go's $CGO_<VERB>_ALLOW and _DISALLOW) */
static void read_cgo_patterns(struct yfile *f, yaml_node_t *v, const char *key, char **dst)
{
	struct kvs kv = KVS_INIT;
	char *label = xasprintf("'%s'", key), *verb_label = xasprintf("a '%s' verb", key);

	if (mf_flatten(f, v, label, &kv) == 0) {
		for (size_t i = 0; i < kv.n; i++) {
			int k = mf_get_choice(f, kv.v[i].key, verb_label, mf_cgo_verbs);
			char *s = NULL, *what = k >= 0 ? xasprintf("'%s: {%s: ...}'", key, mf_cgo_verbs[k]) : NULL;
			PCRE2_UCHAR msg[256];
			PCRE2_SIZE off;
			pcre2_code *re = NULL;
			int code;

			if (k >= 0 && mf_get_str(f, kv.v[i].val, what, 0, &s) == 0 &&
			    !(re = pcre2_compile((PCRE2_SPTR)s, strlen(s), PCRE2_DOLLAR_ENDONLY, &code, &off, NULL))) {
				pcre2_get_error_message(code, msg, sizeof(msg));
				mf_report(f, kv.v[i].val, "bad regular expression for %s: %s at offset %zu", what,
					  (char *)msg, (size_t)off);
				free(s);
				s = NULL;
			}
			pcre2_code_free(re);
			if (s) {
				free(dst[k]);
				dst[k] = s;
			}
			free(what);
		}
	}
	mf_kvs_release(&kv);
	free(label);
	free(verb_label);
}

static void read_cgo_allow(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	(void)fd;
	read_cgo_patterns(f, v, "cgo_allow", ((struct manifest *)obj)->cgo_allow);
}

static void read_cgo_disallow(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	(void)fd;
	read_cgo_patterns(f, v, "cgo_disallow", ((struct manifest *)obj)->cgo_disallow);
}

/* cache: remote: an http:// or https:// URL (the client checks the rest when it connects) */
static void read_cache_remote(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_cache *c = obj;
	char *s = NULL;

	(void)fd;
	if (mf_get_str(f, v, "'remote'", 0, &s) < 0 || !(s = mf_expand(f, v, "'remote'", s)))
		return;
	if ((!str_has_prefix(s, "http://") && !str_has_prefix(s, "https://")) || strpbrk(s, " \t\r\n"))
		mf_report(f, v, "bad 'remote' '%s'; expected an http:// or https:// URL", s);
	free(c->remote);
	c->remote = s;
}

/* cache: header_env: the name of an environment variable */
static void read_cache_header_env(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_cache *c = obj;
	const char *ok = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";
	char *s = NULL;

	(void)fd;
	if (mf_get_str(f, v, "'header_env'", 0, &s) < 0)
		return;
	if (strspn(s, ok) != strlen(s) || (*s >= '0' && *s <= '9'))
		mf_report(f, v, "bad 'header_env' '%s'; expected the name of an environment variable", s);
	free(c->header_env);
	c->header_env = s;
}

#define CACHE(m) offsetof(struct mf_cache, m)
static const struct field cache_fields[] = {
	{ .key = "remote", .kind = V_FN, .fn = read_cache_remote },
	{ .key = "read_only", .kind = V_BOOL, .off = CACHE(read_only) },
	{ .key = "header_env", .kind = V_FN, .fn = read_cache_header_env },
};
static const struct schema cache_schema = { cache_fields, ARRAY_LEN(cache_fields), 0 };

static void read_cache(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct manifest *m = obj;
	struct kv seen[MAX_FIELDS];
	struct pos at = mf_node_pos(f, v);

	(void)fd;
	mf_walk_fields(f, v, &cache_schema, "'cache'", &at, &m->cache, seen);
}

#define MF(m) offsetof(struct manifest, m)
static const struct field top_fields[] = {
	{ .key = "mipsbake", .kind = V_FN, .fn = read_nothing },
	{ .key = "module", .kind = V_STR, .off = MF(module), .flags = F_MAIN_ONLY, .pat = PAT_IMPORT,
	  .pos_off = POS_AT(struct manifest, module_pos) },
	{ .key = "version", .kind = V_STR, .off = MF(version), .flags = F_MAIN_ONLY, .pat = PAT_VERSION },
	{ .key = "size_warn", .kind = V_FN, .fn = read_size_warn_top, .flags = F_MAIN_ONLY },
	{ .key = "include", .kind = V_FN, .fn = mf_read_include },
	{ .key = "toolchains", .kind = V_FN, .fn = mf_read_section, .sec = &toolchain_section },
	{ .key = "boards", .kind = V_FN, .fn = mf_read_section, .sec = &board_section },
	{ .key = "dependencies", .kind = V_FN, .fn = mf_read_section, .sec = &dep_section },
	{ .key = "mirrors", .kind = V_FN, .fn = read_mirrors },
	{ .key = "cgo_allow", .kind = V_FN, .fn = read_cgo_allow, .flags = F_MAIN_ONLY },
	{ .key = "cgo_disallow", .kind = V_FN, .fn = read_cgo_disallow, .flags = F_MAIN_ONLY },
	{ .key = "targets", .kind = V_FN, .fn = mf_read_section, .sec = &target_section },
	{ .key = "tests", .kind = V_FN, .fn = read_top_gotest, .flags = F_MAIN_ONLY },
	{ .key = "cache", .kind = V_FN, .fn = read_cache, .flags = F_MAIN_ONLY },
};
const struct schema mf_top_schema = { top_fields, ARRAY_LEN(top_fields), 1 };

/* references between definitions */

static void unknown_ref(struct loader *ld, const struct pos *at, const char *noun,
			const char *name, const char *what, const struct strv *known)
{
	const char *const *v = (const char *const *)known->v;
	/* past the errors shown, a suggestion would only cost time */
	const char *best = ld->printed < ERRORS_SHOWN ? mf_closest(name, v, known->n) : NULL;
	struct buf b = BUF_INIT;

	if (best)
		buf_printf(&b, "did you mean '%s'?", best);
	else if (known->n == 0)
		buf_printf(&b, "no %ss are defined", noun);
	else if (known->n > 20)
		buf_printf(&b, "expected one of the %zu %ss defined", known->n, noun);
	else {
		buf_puts(&b, "expected ");
		mf_put_choices(&b, v, known->n);
	}
	mf_report_pos(ld, at, "unknown %s '%s' in %s; %s", noun, name, what, buf_str(&b));
	buf_release(&b);
}

/* a name listed twice in a target's boards or toolchains: seen maps each name to its index + 1 */
static int listed_twice(struct loader *ld, struct strmap *seen, const struct strv *names,
			const struct pos *posv, size_t i, const char *noun, const char *what)
{
	size_t j = (size_t)(uintptr_t)strmap_get(seen, names->v[i]);

	if (!j) {
		strmap_put(seen, names->v[i], (void *)(uintptr_t)(i + 1));
		return 0;
	}
	if (mf_report_pos(ld, &posv[i], "%s '%s' is listed twice in %s", noun, names->v[i], what))
		note_at(&posv[j - 1], "first listed here");
	return 1;
}

/* the index of each name of definitions (nmemb of size bytes, the name first) */
static void index_names(struct strmap *map, const void *defs, size_t nmemb, size_t size)
{
	for (size_t i = 0; i < nmemb; i++)
		strmap_put(map, *(char *const *)((const char *)defs + i * size), (void *)(uintptr_t)(i + 1));
}

static void check_target_boards(struct loader *ld, const struct mf_target *t, const char *what,
				const struct strv *names, const struct strmap *by_name)
{
	struct strmap seen = STRMAP_INIT;

	for (size_t i = 0; i < t->boards.n; i++) {
		size_t k = (size_t)(uintptr_t)strmap_get(by_name, t->boards.v[i]);
		const struct mf_board *b = k ? &ld->m->boards[k - 1] : NULL;

		if (listed_twice(ld, &seen, &t->boards, t->board_pos, i, "board", what))
			continue;
		if (!b)
			unknown_ref(ld, &t->board_pos[i], "board", t->boards.v[i], what, names);
		else if (!b->toolchain && !t->toolchains.n &&
			 mf_report_pos(ld, &t->board_pos[i], "board '%s' has no 'toolchain' and %s names "
				    "no 'toolchains'; expected one of them", b->name, what))
			note_at(&b->pos, "board '%s' is defined here", b->name);
	}
	strmap_release(&seen);
}

static void check_target_toolchains(struct loader *ld, const struct mf_target *t, const char *what,
				    const struct strv *names, const struct strmap *by_name)
{
	struct strmap seen = STRMAP_INIT;

	for (size_t j = 0; j < t->toolchains.n; j++)
		if (!listed_twice(ld, &seen, &t->toolchains, t->toolchain_pos, j, "toolchain", what) &&
		    !strmap_get(by_name, t->toolchains.v[j]))
			unknown_ref(ld, &t->toolchain_pos[j], "toolchain", t->toolchains.v[j], what, names);
	strmap_release(&seen);
}

void mf_check_refs(struct loader *ld)
{
	struct manifest *m = ld->m;
	struct strv tcs = STRV_INIT, boards = STRV_INIT;
	struct strmap tc_index = STRMAP_INIT, board_index = STRMAP_INIT;

	for (size_t i = 0; i < m->ntoolchains; i++)
		strv_push(&tcs, m->toolchains[i].name);
	for (size_t i = 0; i < m->nboards; i++)
		strv_push(&boards, m->boards[i].name);
	index_names(&tc_index, m->toolchains, m->ntoolchains, sizeof(*m->toolchains));
	index_names(&board_index, m->boards, m->nboards, sizeof(*m->boards));
	for (size_t i = 0; i < m->nboards; i++) {
		const struct mf_board *b = &m->boards[i];
		char *what = xasprintf("board '%s'", b->name);

		if (b->toolchain && !strmap_get(&tc_index, b->toolchain))
			unknown_ref(ld, &b->toolchain_pos, "toolchain", b->toolchain, what, &tcs);
		free(what);
	}
	for (size_t i = 0; i < m->ntargets; i++) {
		const struct mf_target *t = &m->targets[i];
		char *what = xasprintf("target '%s'", t->name);

		check_target_boards(ld, t, what, &boards, &board_index);
		check_target_toolchains(ld, t, what, &tcs, &tc_index);
		free(what);
	}
	if (m->gotest) {
		struct mf_target view;

		mf_gotest_target(m->gotest, &view);
		check_target_boards(ld, &view, "'tests'", &boards, &board_index);
		check_target_toolchains(ld, &view, "'tests'", &tcs, &tc_index);
	}
	strmap_release(&tc_index);
	strmap_release(&board_index);
	strv_release(&tcs);
	strv_release(&boards);
}

/* the model */

void mf_gotest_target(const struct mf_gotest *g, struct mf_target *view)
{
	memset(view, 0, sizeof(*view));
	view->name = "tests";
	view->pos = g->pos;
	view->boards = g->boards;
	view->board_pos = g->board_pos;
	view->toolchains = g->toolchains;
	view->toolchain_pos = g->toolchain_pos;
	view->link = LINK_STATIC;
	view->cgo = -1;
}

void manifest_release(struct manifest *m)
{
	for (size_t i = 0; i < m->ntoolchains; i++)
		toolchain_release(&m->toolchains[i]);
	for (size_t i = 0; i < m->nboards; i++)
		board_release(&m->boards[i]);
	for (size_t i = 0; i < m->ndeps; i++)
		dep_release(&m->deps[i]);
	for (size_t i = 0; i < m->ntargets; i++)
		target_release(&m->targets[i]);
	free(m->toolchains);
	free(m->boards);
	free(m->deps);
	free(m->targets);
	gotest_free(m->gotest);
	free(m->path);
	free(m->dir);
	free(m->module);
	free(m->version);
	strv_release(&m->mirrors);
	free(m->cache.remote);
	free(m->cache.header_env);
	free(m->mirror_pos);
	for (size_t i = 0; i < MF_CGO_VERBS; i++) {
		free(m->cgo_allow[i]);
		free(m->cgo_disallow[i]);
	}
	free(m->gomod);
	free(m->go);
	free(m->gosum);
	free(m->gosum_shown);
	strv_release(&m->files);
	strv_release(&m->abs_files);
	strv_release(&m->env);
	memset(m, 0, sizeof(*m));
}

const struct mf_toolchain *manifest_toolchain(const struct manifest *m, const char *name)
{
	for (size_t i = 0; i < m->ntoolchains; i++)
		if (!strcmp(m->toolchains[i].name, name))
			return &m->toolchains[i];
	return NULL;
}

const struct mf_board *manifest_board(const struct manifest *m, const char *name)
{
	for (size_t i = 0; i < m->nboards; i++)
		if (!strcmp(m->boards[i].name, name))
			return &m->boards[i];
	return NULL;
}

const struct mf_target *manifest_target(const struct manifest *m, const char *name)
{
	for (size_t i = 0; i < m->ntargets; i++)
		if (!strcmp(m->targets[i].name, name))
			return &m->targets[i];
	return NULL;
}

const char *compiler_name(enum compiler c)
{
	return c == COMPILER_GC ? "gc" : "gccgo";
}

const char *link_mode_name(enum link_mode l)
{
	return link_names[l];
}
