/* pkgtest.c: package test binaries under qemu-user, their events, table, JSON and JUnit */
#define _GNU_SOURCE /* environ */

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "check/artifacts.h"
#include "check/pkgtest.h"
#include "check/smoke.h"
#include "lib/os.h"
#include "lib/proc.h"
#include "lib/regex.h"
#include "lib/sha256.h"
#include "lib/table.h"
#include "lib/xml.h"
#include "lib/banned.h"

/* the seconds a run may take beyond its -test.timeout, for qemu to start and the binary to
 * report the timeout itself */
#define GRACE 60
/* output lines shown of a failing test */
#define SHOW_LINES 20

/* one test's result in one run */
struct case_result {
	char *name;              /* "TestX", "TestX/sub" */
	const char *action;      /* "pass", "fail" or "skip" */
	double seconds;
	struct buf output;       /* what it printed */
};

/* one run: a test binary on a board */
struct run {
	const struct artifact *x;
	char *label;             /* the events' Package: "P@board/toolchain" */
	char *key;               /* the cache key, hex */
	int cached;              /* the events came from the cache */
	int started;             /* it could run (qemu, test2json there) */
	struct buf events;       /* test2json's lines */
	const char *verdict;     /* "ok", "FAIL", "no tests" */
	double seconds;
	size_t passed, failed, skipped;
	struct case_result *cases;
	size_t ncases, cap_cases;
	struct buf pkg_output;   /* output outside any test (a crash, a panic, the final FAIL) */
	int sigill;
};

struct runner {
	const char *builddir;
	const struct gotest_opts *o;
	const char *go;          /* the go command, for go tool test2json */
	struct run *runs;
	size_t nruns, next;
	pthread_mutex_t lock;
};

/* 1 when pattern (PCRE2) matches name somewhere, as -test.run matches */
static int matches(const char *pattern, const char *name)
{
	return regex_search(pattern, name, strlen(name), NULL) == 1;
}

/* the -test.run value for x: the run pattern as it is, or with a skip the names left,
 * spelt out; NULL: every test */
static char *run_value(const struct artifact *x, const char *run)
{
	struct buf b = BUF_INIT;
	size_t n = 0;

	if (!run)
		run = x->run;
	if (!x->skip)
		return run ? xstrdup(run) : NULL;
	buf_puts(&b, "^(");
	for (size_t i = 0; i < x->test_names.n; i++) {
		const char *t = x->test_names.v[i];

		if ((run && !matches(run, t)) || matches(x->skip, t))
			continue;
		buf_printf(&b, "%s%s", n++ ? "|" : "", t);
	}
	buf_puts(&b, ")$");
	if (n == 0) {
		buf_release(&b);
		return xstrdup("^$");
	}
	return buf_detach(&b);
}

/* the binary's arguments */
static void test_args(const struct artifact *x, const char *run, struct strv *args)
{
	char *r = run_value(x, run);

	strv_push(args, "-test.v=true");
	strv_push(args, "-test.paniconexit0");
	strv_pushf(args, "-test.timeout=%ds", x->timeout > 0 ? x->timeout : 600);
	if (x->short_mode)
		strv_push(args, "-test.short");
	if (r)
		strv_pushf(args, "-test.run=%s", r);
	strv_extend(args, &x->test_args);
	free(r);
}

/* add the identity of every file below dir (testdata/) to key */
static void tree_identity(struct buf *key, const char *dir)
{
	struct strv names = STRV_INIT;

	if (fs_lstat_kind(dir) != FS_DIR || fs_list_dir(dir, &names) < 0)
		return;
	for (size_t i = 0; i < names.n; i++) {
		char *p = path_join(dir, names.v[i]);
		struct stat st;

		if (lstat(p, &st) == 0) {
			buf_printf(key, "file %s %lld %lld.%09ld %o\n", p, (long long)st.st_size,
				   (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec, (unsigned)st.st_mode);
			if (S_ISDIR(st.st_mode))
				tree_identity(key, p);
		}
		free(p);
	}
	strv_release(&names);
}

/* what decides run r's result: the binary, how it runs, the CPU, the files it may read */
static int cache_key(struct runner *rn, struct run *r, const struct strv *argv)
{
	struct buf key = BUF_INIT, bin = BUF_INIT;
	char *path = path_join(rn->builddir, r->x->out), *td = path_join(r->x->dir, "testdata");
	char hex[65];
	int rc = fs_read_file(path, &bin);

	if (rc == 0) {
		sha256_hex(bin.data, bin.len, hex);
		buf_printf(&key, "mipsbake gotest 1\nbinary %s\ndir %s\n", hex, r->x->dir);
		for (size_t i = 0; i < argv->n; i++)
			buf_printf(&key, "arg %s\n", argv->v[i]);
		tree_identity(&key, td);
		sha256_hex(key.data, key.len, hex);
		r->key = xstrdup(hex);
	}
	buf_release(&key);
	buf_release(&bin);
	free(path);
	free(td);
	return rc;
}

static struct case_result *case_for(struct run *r, const char *name)
{
	for (size_t i = 0; i < r->ncases; i++)
		if (!strcmp(r->cases[i].name, name))
			return &r->cases[i];
	xgrow(&r->cases, &r->cap_cases, r->ncases + 1, sizeof(*r->cases));
	memset(&r->cases[r->ncases], 0, sizeof(*r->cases));
	r->cases[r->ncases].name = xstrdup(name);
	return &r->cases[r->ncases++];
}

/* read test2json's events into r's results */
static void read_events(struct run *r)
{
	const char *s = buf_str(&r->events);

	while (*s) {
		size_t n = strcspn(s, "\n");
		cJSON *ev = cJSON_ParseWithLength(s, n);
		const cJSON *action = cJSON_GetObjectItemCaseSensitive(ev, "Action");
		const cJSON *test = cJSON_GetObjectItemCaseSensitive(ev, "Test");
		const cJSON *out = cJSON_GetObjectItemCaseSensitive(ev, "Output");
		const cJSON *el = cJSON_GetObjectItemCaseSensitive(ev, "Elapsed");
		const char *a = cJSON_IsString(action) ? action->valuestring : "";
		int final = !strcmp(a, "pass") || !strcmp(a, "fail") || !strcmp(a, "skip");

		if (cJSON_IsString(test)) {
			struct case_result *c = case_for(r, test->valuestring);

			if (!strcmp(a, "output") && cJSON_IsString(out))
				buf_puts(&c->output, out->valuestring);
			else if (final)
				c->action = !strcmp(a, "pass") ? "pass" : !strcmp(a, "fail") ? "fail" : "skip";
			if (final && cJSON_IsNumber(el))
				c->seconds = el->valuedouble;
		} else if (!strcmp(a, "output") && cJSON_IsString(out)) {
			buf_puts(&r->pkg_output, out->valuestring);
		} else if (final) {
			r->verdict = !strcmp(a, "fail") ? "FAIL" : !strcmp(a, "skip") ? "no tests" : "ok";
			if (cJSON_IsNumber(el))
				r->seconds = el->valuedouble;
		}
		cJSON_Delete(ev);
		s += n + (s[n] == '\n');
	}
	for (size_t i = 0; i < r->ncases; i++) {
		const char *a = r->cases[i].action;

		/* subtests count in their parent */
		if (!a || strchr(r->cases[i].name, '/'))
			continue;
		if (!strcmp(a, "pass"))
			r->passed++;
		else if (!strcmp(a, "fail"))
			r->failed++;
		else
			r->skipped++;
	}
	if (!r->verdict)
		r->verdict = "FAIL";
	r->sigill = strstr(buf_str(&r->pkg_output), "uncaught target signal 4 ") != NULL ||
		    strstr(buf_str(&r->pkg_output), "SIGILL") != NULL;
}

/* run r (or take its cached events); -1 when it could not start */
static int run_one(struct runner *rn, struct run *r)
{
	struct strv argv = STRV_INIT, args = STRV_INIT;
	char *cdir = path_join(rn->builddir, "testcache"), *cfile = NULL;
	struct proc_result res;
	int rc = -1;

	test_args(r->x, rn->o->run, &args);
	strv_push(&argv, rn->go);
	strv_push(&argv, "tool");
	strv_push(&argv, "test2json");
	strv_push(&argv, "-t");
	strv_push(&argv, "-p");
	strv_push(&argv, r->label);
	smoke_qemu_argv(rn->builddir, r->x, &args, &argv);
	if (cache_key(rn, r, &argv) < 0)
		goto out;
	cfile = path_join(cdir, r->key);
	if (!rn->o->no_cache && fs_is_file(cfile) && fs_read_file(cfile, &r->events) == 0) {
		r->cached = 1;
		r->started = 1;
		rc = 0;
		goto out;
	}
	if (proc_run_in(argv.v, environ, r->x->dir, (r->x->timeout > 0 ? r->x->timeout : 600) + GRACE, &res) < 0)
		goto out;
	r->started = 1;
	buf_add(&r->events, res.out.data, res.out.len);
	if (res.timed_out)
		buf_printf(&r->pkg_output, "mipsbake: the test binary was killed after %d seconds\n",
			   r->x->timeout + GRACE);
	if (res.err.len)
		buf_add(&r->pkg_output, res.err.data, res.err.len);
	if (res.out.len >= PROC_OUTPUT_MAX)
		buf_printf(&r->pkg_output, "mipsbake: the test binary's events were cut at %u bytes, and "
			   "their end with them; fewer tests at once (run:) keep it whole\n", PROC_OUTPUT_MAX);
	/* a result that a run decided is kept; one that failed to run, or was cut, is not */
	if (!res.timed_out && res.out.len && res.out.len < PROC_OUTPUT_MAX && fs_mkdir_p(cdir) == 0)
		fs_write_atomic(cfile, res.out.data, res.out.len);
	proc_result_release(&res);
	rc = 0;
out:
	strv_release(&argv);
	strv_release(&args);
	free(cdir);
	free(cfile);
	return rc;
}

static void *worker(void *arg)
{
	struct runner *rn = arg;

	for (;;) {
		struct run *r;

		pthread_mutex_lock(&rn->lock);
		r = rn->next < rn->nruns ? &rn->runs[rn->next++] : NULL;
		pthread_mutex_unlock(&rn->lock);
		if (!r)
			return NULL;
		if (run_one(rn, r) == 0)
			read_events(r);
	}
}

static void run_all(struct runner *rn)
{
	size_t n = rn->o->jobs > 1 ? (size_t)rn->o->jobs : 1;
	pthread_t *th;

	if (n > rn->nruns)
		n = rn->nruns;
	th = xcalloc(n + 1, sizeof(*th));
	pthread_mutex_init(&rn->lock, NULL);
	for (size_t i = 0; i < n; i++)
		if (pthread_create(&th[i], NULL, worker, rn) != 0)
			die("pthread_create failed");
	for (size_t i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_destroy(&rn->lock);
	free(th);
}

/* the last lines of text, at most max */
static void print_tail(const char *text, size_t max)
{
	size_t n = 0, len = strlen(text);
	const char *s = text + len;

	while (s > text && n <= max) {
		s--;
		if (*s == '\n' && s + 1 < text + len)
			n++;
	}
	if (n > max)
		s++;
	fputs(s, stdout);
	if (len && text[len - 1] != '\n')
		putchar('\n');
}

static void print_failures(const struct runner *rn)
{
	for (size_t i = 0; i < rn->nruns; i++) {
		const struct run *r = &rn->runs[i];

		if (strcmp(r->verdict, "FAIL") != 0)
			continue;
		printf("--- FAIL: %s on %s/%s (%s, %s/%s)\n", r->x->package, r->x->board, r->x->toolchain,
		       r->x->compiler, r->x->goarch, r->x->gomips);
		for (size_t j = 0; j < r->ncases; j++)
			if (r->cases[j].action && !strcmp(r->cases[j].action, "fail") &&
			    !strchr(r->cases[j].name, '/'))
				print_tail(buf_str(&r->cases[j].output), SHOW_LINES);
		if (r->pkg_output.len)
			print_tail(buf_str(&r->pkg_output), SHOW_LINES);
		if (r->sigill)
			smoke_explain_sigill(r->x);
	}
}

static void print_table(const struct runner *rn)
{
	struct strv cells = STRV_INIT;
	const char *head[] = { "PACKAGE", "BOARD", "TOOLCHAIN", "ARCH", "PASS", "FAIL", "SKIP", "TIME", "RESULT" };

	for (size_t i = 0; i < ARRAY_LEN(head); i++)
		strv_push(&cells, head[i]);
	for (size_t i = 0; i < rn->nruns; i++) {
		const struct run *r = &rn->runs[i];

		strv_push(&cells, r->x->package);
		strv_push(&cells, r->x->board);
		strv_push(&cells, r->x->toolchain);
		strv_pushf(&cells, "%s/%s", r->x->goarch, r->x->compiler);
		strv_pushf(&cells, "%zu", r->passed);
		strv_pushf(&cells, "%zu", r->failed);
		strv_pushf(&cells, "%zu", r->skipped);
		strv_pushf(&cells, "%.2fs", r->seconds);
		strv_pushf(&cells, "%s%s", r->verdict, r->cached ? " (cached)" : "");
	}
	table_print(&cells, ARRAY_LEN(head));
	strv_release(&cells);
}

/* "mips/gc (generic-mips)" of r, appended to b after sep */
static void where(struct buf *b, const struct run *r, const char *sep)
{
	buf_printf(b, "%s%s/%s (%s)", sep, r->x->goarch, r->x->compiler, r->x->board);
}

/* for each test that fails on some runs of its package and passes on others: where */
static void print_split(const struct runner *rn)
{
	struct strmap said = STRMAP_INIT;

	for (size_t i = 0; i < rn->nruns; i++) {
		const struct run *r = &rn->runs[i];

		for (size_t j = 0; j < r->ncases; j++) {
			const struct case_result *c = &r->cases[j];
			struct buf fails = BUF_INIT, passes = BUF_INIT;
			char *id;

			if (!c->action || strcmp(c->action, "fail") || strchr(c->name, '/'))
				continue;
			id = xasprintf("%s\n%s", r->x->package, c->name);
			if (strmap_get(&said, id)) {
				free(id);
				continue;
			}
			strmap_put(&said, id, &said);
			for (size_t k = 0; k < rn->nruns; k++) {
				const struct run *o = &rn->runs[k];

				if (strcmp(o->x->package, r->x->package))
					continue;
				for (size_t m = 0; m < o->ncases; m++) {
					const struct case_result *d = &o->cases[m];

					if (strcmp(d->name, c->name) || !d->action)
						continue;
					if (!strcmp(d->action, "fail"))
						where(&fails, o, fails.len ? ", " : "");
					else if (!strcmp(d->action, "pass"))
						where(&passes, o, passes.len ? ", " : "");
				}
			}
			if (passes.len)
				printf("%s in %s fails on %s; passes on %s\n", c->name, r->x->package, buf_str(&fails),
				       buf_str(&passes));
			buf_release(&fails);
			buf_release(&passes);
			free(id);
		}
	}
	strmap_release(&said);
}

/* s escaped for XML text and attributes */
static void xml_put(FILE *f, const char *s)
{
	struct buf b = BUF_INIT;

	xml_escape(&b, s);
	fputs(buf_str(&b), f);
	buf_release(&b);
}

/* JUnit XML: a testsuite per run, a testcase per test; -1 after reporting */
static int write_junit(const struct runner *rn, const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return error("cannot write '%s':", path);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n", f);
	for (size_t i = 0; i < rn->nruns; i++) {
		const struct run *r = &rn->runs[i];
		/* a binary that failed outside its tests (a crash): one failing case says so */
		size_t crash = !strcmp(r->verdict, "FAIL") && r->failed == 0;

		fputs("\t<testsuite name=\"", f);
		xml_put(f, r->label);
		fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" skipped=\"%zu\" time=\"%.3f\">\n",
			r->passed + r->failed + r->skipped + crash, r->failed + crash, r->skipped, r->seconds);
		for (size_t j = 0; j < r->ncases; j++) {
			const struct case_result *c = &r->cases[j];

			if (!c->action)
				continue;
			fputs("\t\t<testcase classname=\"", f);
			xml_put(f, r->label);
			fputs("\" name=\"", f);
			xml_put(f, c->name);
			fprintf(f, "\" time=\"%.3f\">", c->seconds);
			if (!strcmp(c->action, "fail")) {
				fputs("\n\t\t\t<failure message=\"Failed\">", f);
				xml_put(f, buf_str(&c->output));
				fputs("</failure>\n\t\t", f);
			} else if (!strcmp(c->action, "skip")) {
				fputs("\n\t\t\t<skipped message=\"", f);
				xml_put(f, buf_str(&c->output));
				fputs("\"></skipped>\n\t\t", f);
			}
			fputs("</testcase>\n", f);
		}
		if (crash) {
			fputs("\t\t<testcase classname=\"", f);
			xml_put(f, r->label);
			fputs("\" name=\"Failure\" time=\"0.000\">\n\t\t\t<failure message=\"Failed\">", f);
			xml_put(f, buf_str(&r->pkg_output));
			fputs("</failure>\n\t\t</testcase>\n", f);
		}
		fputs("\t</testsuite>\n", f);
	}
	fputs("</testsuites>\n", f);
	if (fclose(f) != 0)
		return error("cannot write '%s':", path);
	return 0;
}

/* the go command whose test2json converts the output: the gc toolchain's, else PATH's */
static char *find_go(const struct artifacts *a)
{
	for (size_t i = 0; i < a->npt; i++)
		if (a->pt[i].compiler && !strcmp(a->pt[i].compiler, "gc") && a->pt[i].program)
			return xstrdup(a->pt[i].program);
	return os_which("go");
}

/* rows by package, board, toolchain: the table reads down a package's boards */
static int run_cmp(const void *a, const void *b)
{
	const struct artifact *x = ((const struct run *)a)->x, *y = ((const struct run *)b)->x;
	int c = strcmp(x->package, y->package);

	if (!c)
		c = strcmp(x->board, y->board);
	return c ? c : strcmp(x->toolchain, y->toolchain);
}

static int wanted(const struct gotest_opts *o, const struct artifact *x)
{
	return !o->pkgs || o->pkgs->n == 0 || strv_has(o->pkgs, x->package);
}

int gotest_run(const char *builddir, const struct gotest_opts *o)
{
	struct artifacts a;
	struct runner rn;
	size_t ok = 0, failed = 0;
	int rc = 0;

	if (artifacts_read(builddir, &a) < 0)
		return 1;
	memset(&rn, 0, sizeof(rn));
	rn.builddir = builddir;
	rn.o = o;
	rn.runs = xcalloc(a.npt + 1, sizeof(*rn.runs));
	for (size_t i = 0; i < a.npt; i++) {
		struct run *r;

		if (!wanted(o, &a.pt[i]))
			continue;
		r = &rn.runs[rn.nruns++];
		r->x = &a.pt[i];
		r->label = xasprintf("%s@%s/%s", a.pt[i].package, a.pt[i].board, a.pt[i].toolchain);
	}
	qsort(rn.runs, rn.nruns, sizeof(*rn.runs), run_cmp);
	if (o->pkgs)
		for (size_t i = 0; i < o->pkgs->n; i++) {
			int known = 0;

			for (size_t j = 0; j < rn.nruns; j++)
				known |= !strcmp(rn.runs[j].x->package, o->pkgs->v[i]);
			if (!known)
				rc = error("package '%s' has no tests to run here (not in a 'tests:' of the "
					   "manifest, or without _test.go files)", o->pkgs->v[i]);
		}
	if (rn.nruns && !(rn.go = find_go(&a)))
		rc = error("'go' not found in PATH: its 'go tool test2json' reads the test binaries' output; "
			   "on Debian: apt-get install golang-go");
	for (size_t i = 0; i < rn.nruns && rc == 0; i++)
		if (smoke_check_qemu(rn.runs[i].x) < 0)
			rc = -1;
	if (rc == 0)
		run_all(&rn);
	for (size_t i = 0; i < rn.nruns && rc == 0; i++) {
		struct run *r = &rn.runs[i];

		if (!r->started)
			rc = -1;
		else if (!strcmp(r->verdict, "FAIL"))
			failed++;
		else
			ok++;
		if (o->json)
			fputs(buf_str(&r->events), stdout);
	}
	if (rc == 0 && o->junit && write_junit(&rn, o->junit) < 0)
		rc = -1;
	if (rc == 0 && rn.nruns) {
		/* with --json, stdout is the events' alone: the report goes to stderr */
		int saved = o->json ? os_stdout_to_stderr() : -1;

		print_failures(&rn);
		print_table(&rn);
		print_split(&rn);
		printf("%s: test: packages: %zu ok, %zu failed\n", progname, ok, failed);
		os_stdout_restore(saved);
	}
	for (size_t i = 0; i < rn.nruns; i++) {
		struct run *r = &rn.runs[i];

		for (size_t j = 0; j < r->ncases; j++) {
			free(r->cases[j].name);
			buf_release(&r->cases[j].output);
		}
		free(r->cases);
		free(r->label);
		free(r->key);
		buf_release(&r->events);
		buf_release(&r->pkg_output);
	}
	free(rn.runs);
	free((char *)rn.go);
	artifacts_release(&a);
	return rc < 0 || failed ? 1 : 0;
}
