/* artifacts.c: write artifacts.yaml with libyaml's emitter at generation, read it after builds */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "check/artifacts.h"
#include "check/fpu.h"
#include "emit/backend.h"
#include "lib/builddir.h"
#include "lib/os.h"
#include "lib/yamlout.h"
#include "lib/json.h"
#include "lib/banned.h"

/* the version of the file's layout */
#define ARTIFACTS_VERSION 1

/* 1 when s reads back as the same string written plain (no quotes) */
static int plain_ok(const char *s)
{
	static const char *const words[] = { "true", "false", "null", "yes", "no", "on", "off", "~" };

	if (!*s || strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./+-")
		   != strlen(s) || strchr("0123456789.+-", s[0]))
		return 0;
	for (size_t i = 0; i < ARRAY_LEN(words); i++)
		if (strcmp(s, words[i]) == 0)
			return 0;
	return 1;
}

/* a string: plain when that reads back the same, else quoted */
static void str(struct yout *em, const char *s)
{
	yout_scalar(em, s, plain_ok(s) ? YAML_PLAIN_SCALAR_STYLE : YAML_SINGLE_QUOTED_SCALAR_STYLE);
}

static void kv_str(struct yout *em, const char *key, const char *val)
{
	if (!val)
		return;
	yout_scalar(em, key, YAML_PLAIN_SCALAR_STYLE);
	str(em, val);
}

static void kv_u64(struct yout *em, const char *key, uint64_t val)
{
	char num[32];

	snprintf(num, sizeof(num), "%" PRIu64, val);
	yout_scalar(em, key, YAML_PLAIN_SCALAR_STYLE);
	yout_scalar(em, num, YAML_PLAIN_SCALAR_STYLE);
}

static void kv_bool(struct yout *em, const char *key, int val)
{
	yout_scalar(em, key, YAML_PLAIN_SCALAR_STYLE);
	yout_scalar(em, val ? "true" : "false", YAML_PLAIN_SCALAR_STYLE);
}

static void kv_strv(struct yout *em, const char *key, const struct strv *v);

/* a position as "file:line:col" */
static void kv_pos(struct yout *em, const char *key, const struct pos *p)
{
	char *s;

	if (!p->file)
		return;
	s = xasprintf("%s:%d:%d", p->file, p->line, p->col);
	kv_str(em, key, s);
	free(s);
}

static void emit_test(struct yout *em, const struct mf_test *t)
{
	yout_mapping(em);
	kv_strv(em, "args", &t->args);
	kv_str(em, "expect", t->expect);
	kv_str(em, "stderr", t->expect_stderr);
	kv_u64(em, "exit", (uint64_t)t->exit_code);
	kv_u64(em, "timeout", (uint64_t)t->timeout);
	kv_pos(em, "at", &t->pos);
	yout_end(em, 1);
}

/* the board's half of a variant: what it must fit and run on */
static void emit_board(struct yout *em, const struct manifest *m, const struct mf_board *b)
{
	kv_pos(em, "board_at", &b->pos);
	kv_str(em, "soc", b->soc);
	kv_str(em, "core", b->core);
	kv_str(em, "cpu", b->cpu);
	if (b->fpu >= 0)
		kv_bool(em, "fpu", b->fpu);
	kv_str(em, "fpu_emulation", b->fpu_emulation ? "kernel" : "none");
	if (b->tmpfs) {
		kv_u64(em, "tmpfs", b->tmpfs);
		kv_pos(em, "tmpfs_at", &b->tmpfs_pos);
	}
	if (b->flash) {
		kv_u64(em, "flash", b->flash);
		kv_pos(em, "flash_at", &b->flash_pos);
	}
	kv_u64(em, "size_warn", (uint64_t)(b->size_warn ? b->size_warn : m->size_warn));
}

static void kv_strv(struct yout *em, const char *key, const struct strv *v)
{
	yout_scalar(em, key, YAML_PLAIN_SCALAR_STYLE);
	yout_sequence(em, YAML_FLOW_SEQUENCE_STYLE);
	for (size_t i = 0; i < v->n; i++)
		str(em, v->v[i]);
	yout_end(em, 0);
}

/* the compile and link flags, without paths of this machine (for provenance records) */
static void emit_flags(struct yout *em, const struct variant *v)
{
	struct strv compile = STRV_INIT, link = STRV_INIT;

	backend_for(v->cfg->tc->compiler)->describe(v, &compile, &link);
	kv_strv(em, "compile_flags", &compile);
	kv_strv(em, "link_flags", &link);
	kv_strv(em, "asm_flags", v->cfg->asmflags);
	kv_strv(em, "tags", &v->cfg->tags);
	strv_release(&compile);
	strv_release(&link);
}

/* the keys of variant v, in the mapping open */
static void emit_variant_keys(struct yout *em, const struct plan *p, const struct variant *v)
{
	const struct mf_toolchain *tc = v->cfg->tc;
	const struct mf_target *t = v->target;

	kv_str(em, "target", t->name);
	kv_str(em, "board", v->board->name);
	kv_str(em, "toolchain", tc->name);
	kv_str(em, "compiler", compiler_name(tc->compiler));
	kv_str(em, "goarch", v->cfg->goarch);
	kv_str(em, "gomips", v->cfg->gomips);
	kv_bool(em, "hardfloat", fpu_variant_hardfloat(v));
	kv_str(em, "out", v->out);
	kv_str(em, "link", tc->compiler == COMPILER_GC && (!v->cfg->cc || t->link == LINK_STATIC) ? "static"
			   : tc->compiler == COMPILER_GC ? "dynamic" : link_mode_name(t->link));
	kv_str(em, "sysroot", v->cfg->sysroot);
	kv_bool(em, "persist", t->persist);
	kv_bool(em, "strip", t->strip);
	kv_str(em, "program", tc->compiler == COMPILER_GC ? v->cfg->ti->go : v->cfg->ti->gccgo);
	emit_flags(em, v);
	emit_board(em, p->m, v->board);
	yout_scalar(em, "tests", YAML_PLAIN_SCALAR_STYLE);
	yout_sequence(em, YAML_BLOCK_SEQUENCE_STYLE);
	for (size_t i = 0; i < t->ntests; i++)
		emit_test(em, &t->tests[i]);
	yout_end(em, 0);
}

static void emit_variant(struct yout *em, const struct plan *p, const struct variant *v)
{
	yout_mapping(em);
	emit_variant_keys(em, p, v);
	yout_end(em, 1);
}

/* test binary t as run on board b: a variant's keys and the test's */
static void emit_package_test(struct yout *em, const struct plan *p, const struct test_variant *t,
			      const struct mf_board *b)
{
	struct variant v = t->v;
	const struct mf_gotest *g = t->set;

	v.board = b;
	yout_mapping(em);
	emit_variant_keys(em, p, &v);
	kv_str(em, "package", t->pkgpath);
	kv_str(em, "dir", t->dir);
	kv_str(em, "run", g->run);
	kv_str(em, "skip", g->skip);
	kv_bool(em, "short", g->short_mode);
	kv_u64(em, "timeout", (uint64_t)g->timeout);
	kv_strv(em, "test_args", &g->args);
	kv_strv(em, "test_names", &t->tests);
	yout_end(em, 1);
}

int artifacts_write(const struct plan *p, const char *builddir)
{
	struct buf out = BUF_INIT;
	struct yout y;
	char *path = path_join(builddir, ARTIFACTS_FILE);
	char *abs = path_abs(p->m->path);
	char *what = xasprintf("'%s'", path);
	int rc = -1;

	buf_puts(&out, "# written by mipsbake when it generates the build files; read by "
		 "'mipsbake sizes', 'test' and 'run'\n");
	yout_init(&y, &out);
	yout_mapping(&y);
	kv_u64(&y, "mipsbake-artifacts", ARTIFACTS_VERSION);
	kv_str(&y, "manifest", abs);
	yout_scalar(&y, "variants", YAML_PLAIN_SCALAR_STYLE);
	yout_sequence(&y, YAML_BLOCK_SEQUENCE_STYLE);
	for (size_t i = 0; i < p->nvars; i++)
		emit_variant(&y, p, &p->vars[i]);
	yout_end(&y, 0);
	yout_scalar(&y, "package_tests", YAML_PLAIN_SCALAR_STYLE);
	yout_sequence(&y, YAML_BLOCK_SEQUENCE_STYLE);
	for (size_t i = 0; i < p->ntests; i++)
		for (size_t j = 0; j < p->tests[i].boards.n && !p->tests[i].no_tests; j++)
			emit_package_test(&y, p, &p->tests[i], manifest_board(p->m, p->tests[i].boards.v[j]));
	yout_end(&y, 0);
	yout_end(&y, 1);
	if (yout_finish(&y, what) == 0 && fs_mkdir_p(builddir) == 0)
		rc = fs_write_atomic(path, out.data, out.len);
	buf_release(&out);
	free(path);
	free(abs);
	free(what);
	return rc;
}

/* reading */

/* the file being read */
struct reader {
	yaml_document_t doc;
	const char *path;
	struct artifacts *a;
	int bad;                 /* a value had the wrong shape */
};

static yaml_node_t *node(struct reader *r, int i)
{
	return yaml_document_get_node(&r->doc, i);
}

/* the value of key in mapping map, NULL when absent (or map is no mapping) */
static yaml_node_t *get(struct reader *r, yaml_node_t *map, const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(r, p->key);

		if (k->type == YAML_SCALAR_NODE && strcmp((char *)k->data.scalar.value, key) == 0)
			return node(r, p->value);
	}
	return NULL;
}

/* the text of scalar n, NULL (and bad set) when it is something else */
static const char *scalar_text(struct reader *r, const yaml_node_t *n)
{
	if (n && n->type == YAML_SCALAR_NODE)
		return (const char *)n->data.scalar.value;
	if (n)
		r->bad = 1;
	return NULL;
}

static char *get_str(struct reader *r, yaml_node_t *map, const char *key)
{
	const char *s = scalar_text(r, get(r, map, key));

	return s ? xstrdup(s) : NULL;
}

static uint64_t get_u64(struct reader *r, yaml_node_t *map, const char *key)
{
	const char *s = scalar_text(r, get(r, map, key));
	char *end;
	unsigned long long v;

	if (!s)
		return 0;
	v = strtoull(s, &end, 10);
	if (*end)
		r->bad = 1;
	return (uint64_t)v;
}

/* a boolean: 1, 0, or dflt when absent */
static int get_bool(struct reader *r, yaml_node_t *map, const char *key, int dflt)
{
	const char *s = scalar_text(r, get(r, map, key));

	return s ? strcmp(s, "true") == 0 : dflt;
}

/* a "file:line:col" position; its file is kept in r->a->files */
static struct pos get_pos(struct reader *r, yaml_node_t *map, const char *key)
{
	struct pos p = { NULL, 0, 0 };
	char *s = get_str(r, map, key);
	char *col, *line;

	if (!s)
		return p;
	col = strrchr(s, ':');
	if (col) {
		*col = '\0';
		line = strrchr(s, ':');
		if (line) {
			*line = '\0';
			p.line = atoi(line + 1);
			p.col = atoi(col + 1);
			strv_push_owned(&r->a->files, s);
			p.file = s;
			return p;
		}
	}
	free(s);
	return p;
}

/* a list of strings into v */
static void get_strv(struct reader *r, yaml_node_t *map, const char *key, struct strv *v)
{
	yaml_node_t *seq = get(r, map, key);

	if (!seq || seq->type != YAML_SEQUENCE_NODE)
		return;
	for (yaml_node_item_t *i = seq->data.sequence.items.start; i < seq->data.sequence.items.top; i++) {
		const char *s = scalar_text(r, node(r, *i));

		if (s)
			strv_push(v, s);
	}
}

static void read_test(struct reader *r, yaml_node_t *map, struct art_test *t)
{
	memset(t, 0, sizeof(*t));
	get_strv(r, map, "args", &t->args);
	t->expect = get_str(r, map, "expect");
	t->expect_stderr = get_str(r, map, "stderr");
	t->exit_code = (int)get_u64(r, map, "exit");
	t->timeout = (int)get_u64(r, map, "timeout");
	t->pos = get_pos(r, map, "at");
}

static void read_tests(struct reader *r, yaml_node_t *seq, struct artifact *x)
{
	yaml_node_item_t *i;

	if (!seq || seq->type != YAML_SEQUENCE_NODE)
		return;
	x->ntests = (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start);
	x->tests = xcalloc(x->ntests ? x->ntests : 1, sizeof(*x->tests));
	for (i = seq->data.sequence.items.start; i < seq->data.sequence.items.top; i++)
		read_test(r, node(r, *i), &x->tests[i - seq->data.sequence.items.start]);
}

static void read_board(struct reader *r, yaml_node_t *map, struct artifact *x)
{
	char *emu = get_str(r, map, "fpu_emulation");

	x->board_pos = get_pos(r, map, "board_at");
	x->soc = get_str(r, map, "soc");
	x->core = get_str(r, map, "core");
	x->cpu = get_str(r, map, "cpu");
	x->fpu = get_bool(r, map, "fpu", -1);
	x->fpu_emulation = emu && strcmp(emu, "kernel") == 0;
	x->tmpfs = get_u64(r, map, "tmpfs");
	x->tmpfs_pos = get_pos(r, map, "tmpfs_at");
	x->flash = get_u64(r, map, "flash");
	x->flash_pos = get_pos(r, map, "flash_at");
	x->size_warn = (int)get_u64(r, map, "size_warn");
	free(emu);
}

static void read_variant(struct reader *r, yaml_node_t *map, struct artifact *x)
{
	memset(x, 0, sizeof(*x));
	x->target = get_str(r, map, "target");
	x->board = get_str(r, map, "board");
	x->toolchain = get_str(r, map, "toolchain");
	x->compiler = get_str(r, map, "compiler");
	x->goarch = get_str(r, map, "goarch");
	x->gomips = get_str(r, map, "gomips");
	x->hardfloat = get_bool(r, map, "hardfloat", 0);
	x->out = get_str(r, map, "out");
	x->link = get_str(r, map, "link");
	x->sysroot = get_str(r, map, "sysroot");
	x->persist = get_bool(r, map, "persist", 0);
	x->strip = get_bool(r, map, "strip", 0);
	x->program = get_str(r, map, "program");
	get_strv(r, map, "compile_flags", &x->compile_flags);
	get_strv(r, map, "link_flags", &x->link_flags);
	get_strv(r, map, "asm_flags", &x->asm_flags);
	get_strv(r, map, "tags", &x->tags);
	read_board(r, map, x);
	read_tests(r, get(r, map, "tests"), x);
	x->package = get_str(r, map, "package");
	x->dir = get_str(r, map, "dir");
	x->run = get_str(r, map, "run");
	x->skip = get_str(r, map, "skip");
	x->short_mode = get_bool(r, map, "short", 0);
	x->timeout = (int)get_u64(r, map, "timeout");
	get_strv(r, map, "test_args", &x->test_args);
	get_strv(r, map, "test_names", &x->test_names);
	if (!x->target || !x->board || !x->toolchain || !x->goarch || !x->out)
		r->bad = 1;
}

/* the entries of sequence key of root into *v, *n */
static void read_list(struct reader *r, yaml_node_t *root, const char *key, struct artifact **v, size_t *n)
{
	yaml_node_t *seq = get(r, root, key);

	*n = seq && seq->type == YAML_SEQUENCE_NODE ?
	     (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start) : 0;
	*v = xcalloc(*n ? *n : 1, sizeof(**v));
	for (size_t i = 0; i < *n; i++)
		read_variant(r, node(r, seq->data.sequence.items.start[i]), &(*v)[i]);
}

/* fill r->a from the loaded document; -1 when it is not an artifacts file mipsbake wrote */
static int read_document(struct reader *r)
{
	yaml_node_t *root = yaml_document_get_root_node(&r->doc);
	yaml_node_t *vars = get(r, root, "variants");

	if (get_u64(r, root, "mipsbake-artifacts") != ARTIFACTS_VERSION || !vars ||
	    vars->type != YAML_SEQUENCE_NODE)
		return -1;
	r->a->manifest = get_str(r, root, "manifest");
	read_list(r, root, "variants", &r->a->v, &r->a->n);
	read_list(r, root, "package_tests", &r->a->pt, &r->a->npt);
	return r->bad ? -1 : 0;
}

static void artifact_release(struct artifact *x);

static artifact_wants_fn keep_wants;
static const void *keep_ctx;

void artifacts_keep(artifact_wants_fn wants, const void *ctx)
{
	keep_wants = wants;
	keep_ctx = ctx;
}

/* drop the entries of v, *n that keep_wants does not want */
static void keep_only(struct artifact *v, size_t *n)
{
	size_t k = 0;

	for (size_t i = 0; i < *n; i++) {
		if (keep_wants(&v[i], keep_ctx))
			v[k++] = v[i];
		else
			artifact_release(&v[i]);
	}
	*n = k;
}

int artifacts_read(const char *builddir, struct artifacts *a)
{
	struct reader r;
	struct buf text = BUF_INIT;
	yaml_parser_t parser;
	char *path = path_join(builddir, ARTIFACTS_FILE);
	int rc = -1;

	memset(a, 0, sizeof(*a));
	memset(&r, 0, sizeof(r));
	r.a = a;
	r.path = path;
	if (!fs_is_file(path)) {
		error("no '%s': the build directory has not been generated by this mipsbake", path);
	} else if (fs_read_file(path, &text) == 0) {
		if (!yaml_parser_initialize(&parser))
			die("out of memory");
		yaml_parser_set_input_string(&parser, (const unsigned char *)text.data, text.len);
		if (yaml_parser_load(&parser, &r.doc)) {
			rc = read_document(&r);
			yaml_document_delete(&r.doc);
		}
		yaml_parser_delete(&parser);
		if (rc < 0)
			error("'%s' is damaged or from another mipsbake; regenerate it with 'mipsbake gen'", path);
	}
	if (rc < 0)
		artifacts_release(a);
	if (rc == 0 && keep_wants) {
		keep_only(a->v, &a->n);
		keep_only(a->pt, &a->npt);
	}
	buf_release(&text);
	free(path);
	return rc;
}

static void artifact_release(struct artifact *x)
{
	char *strs[] = { x->target, x->board, x->toolchain, x->compiler, x->goarch, x->gomips,
			 x->out, x->link, x->sysroot, x->soc, x->core, x->cpu, x->program,
			 x->package, x->dir, x->run, x->skip };

	for (size_t i = 0; i < ARRAY_LEN(strs); i++)
		free(strs[i]);
	for (size_t i = 0; i < x->ntests; i++) {
		strv_release(&x->tests[i].args);
		free(x->tests[i].expect);
		free(x->tests[i].expect_stderr);
	}
	free(x->tests);
	strv_release(&x->compile_flags);
	strv_release(&x->link_flags);
	strv_release(&x->asm_flags);
	strv_release(&x->tags);
	strv_release(&x->test_args);
	strv_release(&x->test_names);
}

void artifacts_release(struct artifacts *a)
{
	for (size_t i = 0; i < a->n; i++)
		artifact_release(&a->v[i]);
	free(a->v);
	for (size_t i = 0; i < a->npt; i++)
		artifact_release(&a->pt[i]);
	free(a->pt);
	free(a->manifest);
	strv_release(&a->files);
	memset(a, 0, sizeof(*a));
}

char *artifact_name(const struct artifact *x)
{
	return xasprintf("%s/%s/%s", x->target, x->board, x->toolchain);
}

void artifact_json_names(struct buf *b, const struct artifact *x)
{
	json_kv_str(b, "target", x->target, 1);
	json_kv_str(b, "board", x->board, 0);
	json_kv_str(b, "toolchain", x->toolchain, 0);
	json_kv_str(b, "out", x->out, 0);
}
