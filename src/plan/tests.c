/* tests.c: package test binaries, planned as go test builds them */
#include <stdlib.h>
#include <string.h>

#include "lib/os.h"
#include "plan/tests.h"
#include "scan/gotest.h"
#include "lib/banned.h"

/* "P" with its last element: a file name for P's test binary */
static const char *last_elem(const char *ip)
{
	const char *s = strrchr(ip, '/');

	return s ? s + 1 : ip;
}

/* below dir (import path ip), the directories cmd/go's "ip/..." matches: not those whose
 * name starts with "." or "_", not testdata, vendor or a nested module (go.mod), no
 * symbolic links; appended as import paths to out when they hold a .go file other than a
 * _test.go one (a package of test files alone is not planned) */
static void walk(const char *dir, const char *ip, int top, struct strv *out)
{
	struct strv names = STRV_INIT;
	int has_go = 0;

	if (!top) {
		char *mod = path_join(dir, "go.mod");
		int nested = fs_exists(mod);

		free(mod);
		if (nested)
			return;
	}
	if (fs_list_dir(dir, &names) < 0)
		return;
	for (size_t i = 0; i < names.n; i++) {
		const char *n = names.v[i];
		char *sub = path_join(dir, n);
		enum fs_kind k = fs_lstat_kind(sub);

		if (k == FS_REGULAR && str_has_suffix(n, ".go") && !str_has_suffix(n, "_test.go"))
			has_go = 1;
		free(sub);
	}
	if (has_go)
		strv_push(out, ip);
	for (size_t i = 0; i < names.n; i++) {
		const char *n = names.v[i];
		char *sub, *subip;

		if (n[0] == '.' || n[0] == '_' || !strcmp(n, "testdata") || !strcmp(n, "vendor"))
			continue;
		sub = path_join(dir, n);
		if (fs_lstat_kind(sub) == FS_DIR) {
			subip = xasprintf("%s/%s", ip, n);
			walk(sub, subip, 0, out);
			free(subip);
		}
		free(sub);
	}
	strv_release(&names);
}

/* the import paths pattern i of set g names, appended to out; -1 after reporting */
static int expand(struct plan *p, const struct mf_gotest *g, size_t i, struct strv *out)
{
	const char *pat = g->packages.v[i];
	const struct manifest *m = p->m;
	int all = str_has_suffix(pat, "/...") || !strcmp(pat, "...");
	char *base = xstrndup(pat, strlen(pat) - (all ? (strlen(pat) > 3 ? 4 : 3) : 0));
	char *ip = NULL, *dir = NULL;
	int rc = 0;

	if (base[0] == '.') {
		const char *rel = base[1] == '/' ? base + 2 : base + 1;

		if (!m->module) {
			rc = error_at(&g->package_pos[i], "package pattern '%s' is relative, so the manifest "
				      "needs 'module:'", pat);
			goto out;
		}
		ip = *rel ? xasprintf("%s/%s", m->module, rel) : xstrdup(m->module);
		dir = *rel ? path_join(m->dir, rel) : xstrdup(m->dir);
	} else {
		ip = xstrdup(base);
		/* a go.mod module is fetched when first needed: now */
		if (plan_need_dep(p, ip) < 0) {
			rc = -1;
			goto out;
		}
		dir = plan_locate(p, ip);
	}
	if (!dir || !fs_is_dir(dir)) {
		rc = error_at(&g->package_pos[i], "package pattern '%s': no directory for '%s' in the "
			      "module or a dependency", pat, ip);
		goto out;
	}
	if (all)
		walk(dir, ip, 1, out);
	else
		strv_push(out, ip);
out:
	free(base);
	free(ip);
	free(dir);
	return rc;
}

/* a package of test binary t, owned by it */
static struct pkg *own(struct test_variant *t, struct pkg *pkg)
{
	t->owned = xappend(t->owned, t->nowned, sizeof(*t->owned));
	t->owned[t->nowned++] = pkg;
	return pkg;
}

/* 1 when pkg imports the package at path under, directly or not; memo: path -> 1 or 2 (no) */
static int imports(const struct pkg *pkg, const char *under, struct strmap *memo)
{
	uintptr_t known = (uintptr_t)strmap_get(memo, pkg->path);
	int r = 0;

	if (known)
		return known == 1;
	for (size_t i = 0; i < pkg->ndeps && !r; i++)
		r = !strcmp(pkg->deps[i]->path, under) || imports(pkg->deps[i], under, memo);
	strmap_put(memo, pkg->path, (void *)(uintptr_t)(r ? 1 : 2));
	return r;
}

/* the test context: the package under test, its variant with tests, and the copies made */
struct rewire {
	struct test_variant *t;
	struct config *c;
	const char *under;       /* P */
	struct pkg *ptest;       /* P with its _test.go files */
	char *testdir;           /* "_test/P" */
	struct strmap memo;      /* imports() */
	struct strmap copies;    /* path -> the copy compiled against ptest */
};

static struct pkg *rewired(struct rewire *r, struct pkg *dep);

/* pkg's deps, each P replaced by ptest and each importer of P by its copy */
static void rewire_deps(struct rewire *r, struct pkg *pkg)
{
	for (size_t i = 0; i < pkg->ndeps; i++)
		pkg->deps[i] = rewired(r, pkg->deps[i]);
}

static struct pkg *rewired(struct rewire *r, struct pkg *dep)
{
	struct pkg *copy;

	if (!strcmp(dep->path, r->under))
		return r->ptest;
	if (!imports(dep, r->under, &r->memo))
		return dep;
	if ((copy = strmap_get(&r->copies, dep->path)))
		return copy;
	copy = own(r->t, xcalloc(1, sizeof(*copy)));
	*copy = *dep;
	copy->path = xstrdup(dep->path);
	copy->objkey = xasprintf("%s/%s", r->testdir, dep->path);
	copy->testdir = r->testdir;
	copy->borrowed = 1;
	copy->sets = NULL;
	copy->deps = xcalloc(dep->ndeps + 1, sizeof(*copy->deps));
	memcpy(copy->deps, dep->deps, dep->ndeps * sizeof(*dep->deps));
	copy->cap_deps = dep->ndeps;
	strmap_put(&r->copies, copy->path, copy);
	rewire_deps(r, copy);
	xgrow(&r->c->test_order, &r->c->cap_test_order, r->c->ntest_order + 1, sizeof(*r->c->test_order));
	r->c->test_order[r->c->ntest_order++] = copy;
	return copy;
}

/* a package of test binary t: path, in dir, its outputs below testdir (the caller fills its files) */
static struct pkg *test_pkg(struct plan *p, struct config *c, struct test_variant *t, const char *path,
			    const char *dir, const char *testdir)
{
	struct pkg *pkg = own(t, xcalloc(1, sizeof(*pkg)));

	pkg->path = xstrdup(path);
	pkg->dir = xstrdup(dir);
	pkg->objkey = xasprintf("%s/%s", testdir, path);
	pkg->testdir = testdir;
	plan_set_lang(p, c, pkg);
	return pkg;
}

/* add the files, imports and embeds of a scan's test or xtest part to go_pkg d (copied) */
static void take_files(struct go_pkg *d, struct strv *files, struct strv *paths, struct go_import *imps,
		       size_t nimps, struct go_embed *embeds, size_t nembeds)
{
	strv_extend(&d->go_files, files);
	strv_extend(&d->paths, paths);
	for (size_t i = 0; i < nimps; i++) {
		xgrow(&d->imports, &d->cap_imports, d->nimports + 1, sizeof(*d->imports));
		d->imports[d->nimports].path = xstrdup(imps[i].path);
		d->imports[d->nimports++].pos = imps[i].pos;
	}
	for (size_t i = 0; i < nembeds; i++) {
		xgrow(&d->embeds, &d->cap_embeds, d->nembeds + 1, sizeof(*d->embeds));
		d->embeds[d->nembeds].pattern = xstrdup(embeds[i].pattern);
		d->embeds[d->nembeds++].pos = embeds[i].pos;
	}
}

/* read the test functions of files (full paths) into f, marking them scanned */
static int read_funcs(struct plan *p, const struct strv *paths, struct test_funcs *f)
{
	int rc = 0;

	for (size_t i = 0; i < paths->n; i++) {
		plan_mark_scanned(p, paths->v[i]);
		if (gotest_read_file(paths->v[i], f) < 0)
			rc = -1;
	}
	return rc;
}

/* the tests and the examples with output of f, which -test.run chooses from */
static void test_names(const struct test_funcs *f, struct strv *names)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].kind == TEST_FUNC || (f->v[i].kind == TEST_EXAMPLE && f->v[i].has_output))
			strv_push(names, f->v[i].name);
}

/* the test main of t: package main importing P and P_test as go test's does */
static struct pkg *test_main(struct plan *p, struct config *c, struct stack *st, struct test_variant *t,
			     struct pkg *ptest, struct pkg *pxtest, int has_main, const struct pos *from)
{
	char *path = xasprintf("%s.test", t->pkgpath);
	struct pkg *pm = test_pkg(p, c, t, path, t->testmain_dir, t->testkey);
	const char *std[] = { "os", "testing", "testing/internal/testdeps", "reflect" };
	int rc = 0;

	free(path);
	pm->is_main = 1;
	pm->lang = NULL;
	pm->newer = 0;
	pm->src.name = xstrdup("main");
	strv_push(&pm->src.go_files, "_testmain.go");
	for (size_t i = 0; i < ARRAY_LEN(std) && (i < 3 || has_main); i++) {
		if (!plan_resolve(p, c, st, std[i], from))
			rc = -1;
		/* as a scan records them: a backend waits for the export data of what it imports */
		xgrow(&pm->src.imports, &pm->src.cap_imports, pm->src.nimports + 1, sizeof(*pm->src.imports));
		pm->src.imports[pm->src.nimports].path = xstrdup(std[i]);
		pm->src.imports[pm->src.nimports++].pos = *from;
	}
	if (ptest)
		plan_add_dep(pm, ptest);
	if (pxtest)
		plan_add_dep(pm, pxtest);
	pm->state = 2;
	xgrow(&c->test_order, &c->cap_test_order, c->ntest_order + 1, sizeof(*c->test_order));
	c->test_order[c->ntest_order++] = pm;
	return rc < 0 ? NULL : pm;
}

/* move pkg, the last of c->test_order, after what was added behind it */
static void move_last(struct config *c, struct pkg *pkg)
{
	for (size_t i = 0; i < c->ntest_order; i++) {
		if (c->test_order[i] != pkg)
			continue;
		memmove(&c->test_order[i], &c->test_order[i + 1], (c->ntest_order - i - 1) * sizeof(pkg));
		c->test_order[c->ntest_order - 1] = pkg;
		return;
	}
}

/* a test import of P that imports P: go test's "import cycle not allowed in test" */
static int check_cycles(struct rewire *r, const struct pkg *ptest)
{
	int rc = 0;

	for (size_t i = 0; i < ptest->src.nimports; i++) {
		const struct go_import *imp = &ptest->src.imports[i];

		for (size_t j = 0; j < ptest->ndeps; j++)
			if (!strcmp(ptest->deps[j]->path, imp->path) && imports(ptest->deps[j], r->under, &r->memo))
				rc = error_at(&imp->pos, "import cycle not allowed in test: '%s' imports '%s'",
					      imp->path, r->under);
	}
	return rc;
}

/* the test binary of package ip in configuration c, built and run for board b: the
 * package with its _test.go files, the external test package, the test main; -1 after
 * reporting */
static int plan_package(struct plan *p, struct config *c, const struct mf_gotest *g, const struct mf_board *b,
			const char *ip, const struct pos *from)
{
	struct stack st = { NULL, 0, 0 };
	struct build_ctx ctx = c->ctx;
	struct go_pkg s;
	struct rewire r;
	struct test_variant *t;
	struct pkg *orig, *ptest = NULL, *pxtest = NULL, *pm;
	struct strmap seen = STRMAP_INIT;
	int rc;

	for (size_t i = 0; i < p->ntests; i++) {
		if (p->tests[i].v.cfg == c && !strcmp(p->tests[i].pkgpath, ip)) {
			if (!strv_has(&p->tests[i].boards, b->name))
				strv_push(&p->tests[i].boards, b->name);
			return 0;
		}
	}
	if (!(orig = plan_resolve(p, c, &st, ip, from))) {
		free(st.v);
		return -1;
	}
	if (orig->std) {
		free(st.v);
		return error_at(from, "'%s' is a package of the standard library; 'tests' runs the tests of "
				"the module's packages and of its dependencies", ip);
	}
	xgrow(&p->tests, &p->cap_tests, p->ntests + 1, sizeof(*p->tests));
	t = memset(&p->tests[p->ntests++], 0, sizeof(*t));
	t->set = g;
	t->pkgpath = xstrdup(ip);
	t->dir = xstrdup(orig->dir);
	t->testkey = xasprintf("_test/%s", ip);
	t->testmain_dir = xasprintf("test/%s/%s", c->dir, ip);
	t->tf = (struct test_funcs)TEST_FUNCS_INIT;
	t->xf = (struct test_funcs)TEST_FUNCS_INIT;
	strv_push(&t->boards, b->name);
	memset(&s, 0, sizeof(s));
	ctx.tests = 1;
	rc = goscan_dir(&ctx, orig->dir, &s) < 0 ? -1 : 0;
	if (rc == 0 && s.test_files.n == 0 && s.xtest_files.n == 0) {
		t->no_tests = 1;
		go_pkg_release(&s);
		free(st.v);
		return 0;
	}
	if (rc == 0)
		rc = read_funcs(p, &s.test_paths, &t->tf) < 0 || read_funcs(p, &s.xtest_paths, &t->xf) < 0 ? -1 : 0;
	if (rc == 0 && t->tf.has_main && t->xf.has_main) {
		error_at(&t->xf.main_pos, "multiple definitions of TestMain");
		note_at(&t->tf.main_pos, "the other TestMain");
		rc = -1;
	}
	memset(&r, 0, sizeof(r));
	r.t = t;
	r.c = c;
	r.under = ip;
	r.testdir = t->testkey;
	r.ptest = orig;
	if (rc == 0 && s.xtest_files.n > 0) {
		char *xip = xasprintf("%s_test", ip);

		pxtest = test_pkg(p, c, t, xip, orig->dir, t->testkey);
		free(xip);
		pxtest->lang = orig->lang;
		pxtest->newer = orig->newer;
		pxtest->src.name = xasprintf("%s_test", s.name);
		pxtest->src.dir = xstrdup(orig->dir);
		take_files(&pxtest->src, &s.xtest_files, &s.xtest_paths, s.xtest_imports, s.nxtest_imports,
			   s.xtest_embeds, s.nxtest_embeds);
	}
	if (rc == 0 && s.test_files.n > 0) {
		ptest = test_pkg(p, c, t, ip, orig->dir, t->testkey);
		go_pkg_release(&ptest->src);
		ptest->src = s;
		memset(&s, 0, sizeof(s));
		take_files(&ptest->src, &ptest->src.test_files, &ptest->src.test_paths, ptest->src.test_imports,
			   ptest->src.ntest_imports, ptest->src.test_embeds, ptest->src.ntest_embeds);
		strv_sort(&ptest->src.go_files);
		rc = plan_visit_scanned(p, c, &st, ptest, from, 1);
		if (rc == 0)
			rc = check_cycles(&r, ptest);
		r.ptest = ptest;
	}
	go_pkg_release(&s);
	if (rc == 0 && pxtest && (rc = plan_visit_scanned(p, c, &st, pxtest, from, 1)) == 0 && ptest) {
		rewire_deps(&r, pxtest);
		move_last(c, pxtest);
	}
	/* the test main imports the package whenever it has Go files, as cmd/go's does */
	if (rc == 0 && (pm = test_main(p, c, &st, t, ptest ? ptest : orig, pxtest,
				       t->tf.has_main || t->xf.has_main, from))) {
		t->has_test = 1;
		t->has_xtest = pxtest != NULL;
		t->v.target = &p->test_target;
		t->v.board = b;
		t->v.cfg = c;
		t->v.main = pm;
		t->v.out = xasprintf("test/%s/%s/%s.test", c->dir, ip, last_elem(ip));
		plan_link_order(&t->v, pm, &seen);
		test_names(&t->tf, &t->tests);
		test_names(&t->xf, &t->tests);
	} else {
		rc = -1;
	}
	strmap_release(&seen);
	strmap_release(&r.memo);
	strmap_release(&r.copies);
	free(st.v);
	return rc;
}

/* the packages of set g for every board and toolchain of target t; -1 after reporting */
static int plan_set(struct plan *p, const struct mf_gotest *g, const struct mf_target *t)
{
	struct strv pkgs = STRV_INIT;
	struct pos *at = NULL;
	int rc = 0;

	for (size_t i = 0; i < g->packages.n; i++) {
		size_t before = pkgs.n;

		if (expand(p, g, i, &pkgs) < 0)
			rc = -1;
		at = xrealloc(at, (pkgs.n + 1) * sizeof(*at));
		for (size_t j = before; j < pkgs.n; j++)
			at[j] = g->package_pos[i];
	}
	for (size_t j = 0; j < t->boards.n && rc == 0; j++) {
		const struct mf_board *b = manifest_board(p->m, t->boards.v[j]);
		size_t ntc = t->toolchains.n ? t->toolchains.n : 1;

		size_t fit = 0;

		for (size_t k = 0; k < ntc; k++) {
			const struct mf_toolchain *tc = manifest_toolchain(p->m, t->toolchains.n ? t->toolchains.v[k]
									     : b->toolchain);
			struct config *c;

			/* a test matrix: a gccgo for another GOARCH is not for this board */
			if (t->toolchains.n > 1 && !plan_toolchain_fits(p, tc, b) && (k + 1 < ntc || fit))
				continue;
			fit++;
			if (!(c = plan_config_for(p, tc, b, t))) {
				rc = -1;
				continue;
			}
			for (size_t i = 0; i < pkgs.n; i++)
				if (plan_package(p, c, g, b, pkgs.v[i], &at[i]) < 0)
					rc = -1;
		}
	}
	strv_release(&pkgs);
	free(at);
	return rc;
}

int plan_tests(struct plan *p)
{
	int rc = 0;

	p->test_target.name = "tests";
	p->test_target.link = LINK_STATIC;
	p->test_target.cgo = -1;
	for (size_t i = 0; i < p->m->ntargets; i++)
		if (p->m->targets[i].gotest && plan_set(p, p->m->targets[i].gotest, &p->m->targets[i]) < 0)
			rc = -1;
	if (p->m->gotest) {
		mf_gotest_target(p->m->gotest, &p->top_tests);
		if (plan_set(p, p->m->gotest, &p->top_tests) < 0)
			rc = -1;
	}
	plan_report_missing(p);
	return rc;
}
