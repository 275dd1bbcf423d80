/* smoke.c: qemu-user smoke tests with the board's CPU model, and 'run' */
#define _POSIX_C_SOURCE 200809L

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/artifacts.h"
#include "check/smoke.h"
#include "emit/ninja.h"
#include "lib/os.h"
#include "lib/proc.h"
#include "lib/regex.h"
#include "lib/table.h"
#include "lib/banned.h"

/* the exit status qemu-user ends with when the target dies of SIGILL */
#define STATUS_SIGILL (128 + SIGILL)
/* output lines shown for a failed test, per stream */
#define SHOW_LINES 8

/* one row of the result table */
struct result {
	const struct artifact *x;
	size_t test;             /* 1-based; 0: the artifact has no tests */
	const char *verdict;     /* "pass", "FAIL" or "no tests" */
	double seconds;
};

/* the test run: what every row needs */
struct smoke {
	const char *builddir;
	struct result *rows;
	size_t nrows, cap_rows, failed, passed;
};

const char *smoke_qemu(const char *goarch)
{
	static const char *const map[][2] = {
		{ "mips", "qemu-mips-static" }, { "mipsle", "qemu-mipsel-static" },
		{ "mips64", "qemu-mips64-static" }, { "mips64le", "qemu-mips64el-static" },
	};

	for (size_t i = 0; i < ARRAY_LEN(map); i++)
		if (goarch && strcmp(goarch, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

/* qemu, -cpu, -L, the binary and args: the command line for artifact x */
void smoke_qemu_argv(const char *builddir, const struct artifact *x, const struct strv *args,
		     struct strv *argv)
{
	strv_push(argv, smoke_qemu(x->goarch));
	if (x->cpu) {
		strv_push(argv, "-cpu");
		strv_push(argv, x->cpu);
	}
	if (x->sysroot && x->link && strcmp(x->link, "static") != 0) {
		strv_push(argv, "-L");
		strv_push(argv, x->sysroot);
	}
	strv_push_owned(argv, path_join(builddir, x->out));
	if (args)
		strv_extend(argv, args);
}

/* the command line as shell words, for messages */
static char *shown_command(const struct strv *argv)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < argv->n; i++) {
		if (i)
			buf_putc(&b, ' ');
		sh_quote(&b, argv->v[i]);
	}
	return buf_detach(&b);
}

/* 0 when qemu for x is installed, else -1 after saying which package has it */
int smoke_check_qemu(const struct artifact *x)
{
	const char *q = smoke_qemu(x->goarch);
	char *found = q ? os_which(q) : NULL;

	free(found);
	if (found)
		return 0;
	if (!q)
		return error("no qemu-user program for goarch '%s'", x->goarch ? x->goarch : "(none)");
	return error("'%s' not found in PATH; on Debian: apt-get install qemu-user-static", q);
}

/* explain a SIGILL of artifact x: the cause and the cure */
void smoke_explain_sigill(const struct artifact *x)
{
	const char *core = x->core ? x->core : x->cpu ? x->cpu : "its core";
	const char *cure = "build it with GOMIPS=softfloat (a gc toolchain and 'gomips: softfloat' "
			   "on the board) or with a soft-float toolchain";

	if (x->fpu == 0 && x->hardfloat)
		note("SIGILL: board '%s' (%s) has no FPU, and this binary uses hard-float (FPU) "
		     "instructions (toolchain '%s', %s); an FPU instruction on an FPU-less core is "
		     "illegal; %s", x->board, core, x->toolchain, x->compiler, cure);
	else
		note("SIGILL: the binary uses an instruction the CPU model '%s' lacks; the usual cause "
		     "is an FPU instruction on an FPU-less core; %s", x->cpu ? x->cpu : "(qemu's default)",
		     cure);
	if (x->fpu_emulation)
		note("board '%s' declares 'fpu_emulation: kernel': its kernel may run this binary, but "
		     "qemu-user does not emulate the FPU for a core without one", x->board);
	if (x->board_pos.file)
		note_at(&x->board_pos, "board '%s' is defined here", x->board);
}

/* 1 when the run died of SIGILL (qemu-user passes the target's signal on) */
static int died_of_sigill(const struct proc_result *r)
{
	return r->status == STATUS_SIGILL || strstr(buf_str(&r->err), "uncaught target signal 4 ");
}

/* NULL when pattern matches s, else why not (newly allocated) */
static char *mismatch(const char *pattern, const struct buf *s, const char *stream)
{
	int rc = regex_search(pattern, buf_str(s), s->len, NULL);

	if (rc < 0)
		return xasprintf("bad regular expression for %s: '%s'", stream, pattern);
	return rc ? NULL : xasprintf("%s does not match '%s'", stream, pattern);
}

/* NULL when the run passed test t, else what went wrong (newly allocated) */
static char *verdict(const struct art_test *t, const struct proc_result *r)
{
	char *why;

	if (r->timed_out)
		return xasprintf("timed out after %d second%s", t->timeout, t->timeout == 1 ? "" : "s");
	if (died_of_sigill(r))
		return xstrdup("killed by SIGILL (illegal instruction)");
	if (r->status > 128 && strstr(buf_str(&r->err), "uncaught target signal"))
		return xasprintf("killed by signal %d (%s)", r->status - 128, strsignal(r->status - 128));
	if (r->status != t->exit_code)
		return xasprintf("exit status %d, expected %d", r->status, t->exit_code);
	if (t->expect && (why = mismatch(t->expect, &r->out, "stdout")))
		return why;
	if (t->expect_stderr && (why = mismatch(t->expect_stderr, &r->err, "stderr")))
		return why;
	return NULL;
}

/* print up to SHOW_LINES lines of what a failed run wrote on stream */
static void show_output(const char *stream, const struct buf *b)
{
	const char *p = buf_str(b);
	int n = 0;

	if (!*p) {
		fprintf(stderr, "  %s: (empty)\n", stream);
		return;
	}
	fprintf(stderr, "  %s:\n", stream);
	while (*p && n++ < SHOW_LINES) {
		size_t len = strcspn(p, "\n");

		fprintf(stderr, "  | %.*s\n", (int)len, p);
		p += len + (p[len] == '\n');
	}
	if (*p)
		fprintf(stderr, "  | ...\n");
}

static void report_failure(const struct artifact *x, size_t i, const char *why,
			   const struct strv *argv, const struct proc_result *r)
{
	char *name = artifact_name(x), *cmd = shown_command(argv);

	error("%s: test %zu failed: %s", name, i + 1, why);
	if (x->tests[i].pos.file)
		note_at(&x->tests[i].pos, "test %zu of target '%s' is here", i + 1, x->target);
	fprintf(stderr, "  command: %s\n", cmd);
	show_output("stdout", &r->out);
	show_output("stderr", &r->err);
	if (died_of_sigill(r))
		smoke_explain_sigill(x);
	else if (strstr(buf_str(&r->err), "Could not open '/lib/ld"))
		note("the binary is linked dynamically (link: %s): give toolchain '%s' a 'sysroot' that "
		     "holds the target's lib/ld*.so (for Debian's cross gccgo: /usr/<triplet>)",
		     x->link ? x->link : "?", x->toolchain);
	free(name);
	free(cmd);
}

static void add_row(struct smoke *s, const struct artifact *x, size_t test, const char *verdict_s,
		    double seconds)
{
	struct result *row;

	xgrow(&s->rows, &s->cap_rows, s->nrows + 1, sizeof(*s->rows));
	row = &s->rows[s->nrows++];
	row->x = x;
	row->test = test;
	row->verdict = verdict_s;
	row->seconds = seconds;
}

/* run test i of artifact x and record its row */
static void run_test(struct smoke *s, const struct artifact *x, size_t i)
{
	const struct art_test *t = &x->tests[i];
	struct strv argv = STRV_INIT;
	struct proc_result r;
	char *why = NULL;

	smoke_qemu_argv(s->builddir, x, &t->args, &argv);
	if (proc_run(argv.v, t->timeout, &r) < 0)
		why = xstrdup("qemu could not be started");
	else if ((why = verdict(t, &r)) != NULL)
		report_failure(x, i, why, &argv, &r);
	add_row(s, x, i + 1, why ? "FAIL" : "pass", r.seconds);
	if (why)
		s->failed++;
	else
		s->passed++;
	free(why);
	proc_result_release(&r);
	strv_release(&argv);
}

/* run every test of artifact x, or record why none can run */
static void run_artifact(struct smoke *s, const struct artifact *x)
{
	char *bin = path_join(s->builddir, x->out), *name = artifact_name(x);
	int ok = x->ntests == 0 || smoke_check_qemu(x) == 0;

	if (ok && x->ntests && !fs_is_file(bin)) {
		error("%s: binary '%s' does not exist; build it first", name, x->out);
		ok = 0;
	}
	if (x->ntests == 0)
		add_row(s, x, 0, "no tests", 0);
	for (size_t i = 0; i < x->ntests; i++) {
		if (ok) {
			run_test(s, x, i);
		} else {
			add_row(s, x, i + 1, "FAIL", 0);
			s->failed++;
		}
	}
	free(bin);
	free(name);
}

static void print_results(const struct smoke *s)
{
	static const char *const head[] = { "TARGET", "BOARD", "TOOLCHAIN", "QEMU", "CPU", "TEST",
					    "RESULT", "TIME" };
	struct strv cells = STRV_INIT;

	for (size_t i = 0; i < ARRAY_LEN(head); i++)
		strv_push(&cells, head[i]);
	for (size_t i = 0; i < s->nrows; i++) {
		const struct result *r = &s->rows[i];
		const char *q = smoke_qemu(r->x->goarch);

		strv_push(&cells, r->x->target);
		strv_push(&cells, r->x->board);
		strv_push(&cells, r->x->toolchain);
		strv_push(&cells, q ? q : "-");
		strv_push(&cells, r->x->cpu ? r->x->cpu : "(default)");
		strv_pushf(&cells, "%zu", r->test);
		strv_push(&cells, r->verdict);
		strv_pushf(&cells, "%.2fs", r->seconds);
	}
	fflush(stderr);
	table_print(&cells, ARRAY_LEN(head));
	strv_release(&cells);
}

int smoke_test(const char *builddir)
{
	struct artifacts a;
	struct smoke s;

	if (artifacts_read(builddir, &a) < 0)
		return 1;
	/* a manifest of package tests alone: no table of no binaries */
	if (a.n == 0 && a.npt > 0) {
		artifacts_release(&a);
		return 0;
	}
	memset(&s, 0, sizeof(s));
	s.builddir = builddir;
	for (size_t i = 0; i < a.n; i++)
		run_artifact(&s, &a.v[i]);
	print_results(&s);
	printf("%s: test: %zu passed, %zu failed\n", progname, s.passed, s.failed);
	free(s.rows);
	artifacts_release(&a);
	return s.failed ? 1 : 0;
}

/* run */

/* "'a', 'b' and 'c'" of the distinct values field(x) of the artifacts matching want */
static char *list_of(const struct artifacts *a, const char *target, int field)
{
	struct strv seen = STRV_INIT;
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < a->n; i++) {
		const struct artifact *x = &a->v[i];
		const char *v = field == 0 ? x->target : field == 1 ? x->board : x->toolchain;

		if ((!target || strcmp(x->target, target) == 0) && !strv_has(&seen, v))
			strv_push(&seen, v);
	}
	for (size_t i = 0; i < seen.n; i++)
		buf_printf(&b, "%s'%s'", i == 0 ? "" : i + 1 == seen.n ? " and " : ", ", seen.v[i]);
	strv_release(&seen);
	return buf_detach(&b);
}

/* the artifact of target on board ("board" or "board/toolchain"); NULL after reporting */
static const struct artifact *find_artifact(const struct artifacts *a, const char *board,
					    const char *target)
{
	size_t blen = strcspn(board, "/"), n = 0;
	const char *tc = board[blen] ? board + blen + 1 : NULL;
	const struct artifact *found = NULL;
	char *known;

	for (size_t i = 0; i < a->n; i++) {
		const struct artifact *x = &a->v[i];

		if (strcmp(x->target, target) == 0 && strlen(x->board) == blen &&
		    strncmp(x->board, board, blen) == 0 && (!tc || strcmp(x->toolchain, tc) == 0)) {
			found = found ? found : x;
			n++;
		}
	}
	if (n == 1)
		return found;
	if (n > 1) {
		known = list_of(a, target, 2);
		error("target '%s' is built for board '%.*s' with several toolchains (%s); name one as "
		      "'%.*s/%s'", target, (int)blen, board, known, (int)blen, board, found->toolchain);
	} else {
		int has_target = 0;

		for (size_t i = 0; i < a->n; i++)
			has_target |= strcmp(a->v[i].target, target) == 0;
		known = list_of(a, has_target ? target : NULL, has_target ? 1 : 0);
		if (has_target)
			error("target '%s' is not built for '%s'; it is built for %s", target, board, known);
		else
			error("unknown target '%s'; the targets are %s", target, known);
	}
	free(known);
	return NULL;
}

/* the args of 'run' as a string vector */
static void args_strv(char **args, struct strv *sv)
{
	for (size_t i = 0; args && args[i]; i++)
		strv_push(sv, args[i]);
}

int smoke_run(const char *builddir, const char *board, const char *target, char **args)
{
	struct artifacts a;
	const struct artifact *x;
	struct strv extra = STRV_INIT, argv = STRV_INIT;
	int status = 1;

	if (artifacts_read(builddir, &a) < 0)
		return 1;
	if (!(x = find_artifact(&a, board, target)))
		goto done;
	if (smoke_check_qemu(x) < 0) {
		status = 127;
		goto done;
	}
	args_strv(args, &extra);
	smoke_qemu_argv(builddir, x, &extra, &argv);
	if (!fs_is_file(argv.v[argv.n - 1 - extra.n]))
		error("binary '%s' does not exist; build it first", x->out);
	else if (fflush(stdout), (status = os_run(argv.v, NULL, NULL, 0)) < 0)
		status = 1;
	else if (status == STATUS_SIGILL)
		smoke_explain_sigill(x);
done:
	strv_release(&extra);
	strv_release(&argv);
	artifacts_release(&a);
	return status;
}
