/* build.c: the pipeline behind the commands */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "cache/act.h"
#include "check/artifacts.h"
#include "check/explain.h"
#include "check/fpu.h"
#include "check/select.h"
#include "check/sizes.h"
#include "check/hint.h"
#include "emit/generate.h"
#include "fetch/gitcache.h"
#include "fetch/knownpatch.h"
#include "fetch/modules.h"
#include "fetch/mvs.h"
#include "lib/builddir.h"
#include "lib/os.h"
#include "manifest/expand.h"
#include "manifest/manifest.h"
#include "plan/plan.h"
#include "plan/tests.h"
#include "run.h"
#include "lib/banned.h"

#ifndef MIPSBAKE_DATADIR
#define MIPSBAKE_DATADIR "/usr/local/share/mipsbake"
#endif
#ifndef MIPSBAKE_BINDIR
#define MIPSBAKE_BINDIR "/usr/local/bin"
#endif
#define STAMP ".mipsbake-manifest"

/* the lock beside manifest: "x.yaml" or "x.yml" -> "x.lock", else manifest + ".lock" */
static char *lock_path(const char *manifest)
{
	size_t n = strlen(manifest);

	if (str_has_suffix(manifest, ".yaml"))
		n -= strlen(".yaml");
	else if (str_has_suffix(manifest, ".yml"))
		n -= strlen(".yml");
	return xasprintf("%.*s.lock", (int)n, manifest);
}

int build_opts_init(struct build_opts *o, const char *manifest, const char *builddir)
{
	o->manifest = manifest;
	o->manifest_abs = path_abs(manifest);
	o->builddir = path_abs(builddir);
	o->lock = lock_path(o->manifest_abs);
	return 0;
}

void build_opts_release(struct build_opts *o)
{
	free(o->manifest_abs);
	free(o->builddir);
	free(o->lock);
	strv_release(&o->update);
}

/* 1 when the binary running is the one installed in MIPSBAKE_BINDIR (exedir: its directory) */
static int installed(const char *exedir)
{
	char *bindir = fs_is_dir(MIPSBAKE_BINDIR) ? path_real(MIPSBAKE_BINDIR) : NULL;
	int same = bindir && strcmp(bindir, exedir) == 0;

	free(bindir);
	return same;
}

/* the data directories beside the binary that build_data_dir tries, in order: none for
 * the installed binary, which reads the data directory it was configured with */
static void data_candidates(struct strv *out)
{
	char *exedir = path_dir(os_self_exe());
	char *c[2] = { path_join(exedir, "../share/mipsbake"), path_join(exedir, "..") };

	for (size_t i = 0; i < 2 && !installed(exedir); i++)
		strv_push_owned(out, path_abs(c[i]));
	for (size_t i = 0; i < 2; i++)
		free(c[i]);
	free(exedir);
}

char *build_data_dir(void)
{
	struct strv cands = STRV_INIT;
	char *found = NULL;

	data_candidates(&cands);
	for (size_t i = 0; i < cands.n && !found; i++) {
		char *m = path_join(cands.v[i], "manifests"), *t = path_join(cands.v[i], "toolchains");

		if (fs_is_dir(m) && fs_is_dir(t))
			found = xstrdup(cands.v[i]);
		free(m);
		free(t);
	}
	strv_release(&cands);
	return found ? found : xstrdup(MIPSBAKE_DATADIR);
}

/* where includes are searched after the manifest's directory: the data directory's
 * manifests/, itself and toolchains/; when it is the installed one, the places beside the
 * binary it was looked for first too, so that a "not found" lists every place tried */
static void include_dirs(struct strv *dirs)
{
	struct strv roots = STRV_INIT;
	char *data = build_data_dir();

	strv_push(&roots, data);
	if (strcmp(data, MIPSBAKE_DATADIR) == 0)
		data_candidates(&roots);
	for (size_t i = 0; i < roots.n; i++) {
		if (i > 0 && strcmp(roots.v[i], data) == 0)
			continue;
		strv_pushf(dirs, "%s/manifests", roots.v[i]);
		strv_push(dirs, roots.v[i]);
		strv_pushf(dirs, "%s/toolchains", roots.v[i]);
	}
	strv_release(&roots);
	free(data);
}

int build_load(const struct build_opts *o, struct manifest *m)
{
	struct strv dirs = STRV_INIT;
	char *data = build_data_dir();
	int rc;

	include_dirs(&dirs);
	memset(m, 0, sizeof(*m));
	rc = manifest_load(o->manifest, &dirs, m);
	if (rc == 0)
		rc = modules_apply(m);
	if (rc == 0)
		rc = known_patches_resolve(m, data);
	strv_release(&dirs);
	free(data);
	return rc;
}

int build_validate(const struct build_opts *o)
{
	struct manifest m;
	struct plan p;
	int rc = build_load(o, &m) == 0 ? 0 : 1;

	memset(&p, 0, sizeof(p));
	if (rc == 0 && plan_check(&m, &p) < 0)
		rc = 1;
	plan_release(&p);
	manifest_release(&m);
	return rc;
}

/* the fetch options; under Ninja's regeneration they come from the environment build_run set */
static void fetch_opts_for(const struct build_opts *o, struct fetch_opts *f)
{
	memset(f, 0, sizeof(*f));
	f->cache_dir = o->cache_dir;
	f->builddir = o->builddir;
	f->lock_path = o->lock;
	f->offline = o->offline || (o->regenerate && getenv("MIPSBAKE_OFFLINE"));
	f->frozen = o->frozen || (o->regenerate && getenv("MIPSBAKE_FROZEN"));
	f->update_all = o->update_all;
	f->update = &o->update;
	f->progress = !o->regenerate && isatty(2);
}

/* a go.mod of its own makes the build directory a module apart: the go command run in the
 * module root ('go mod vendor', 'go test ./...') never takes the checkouts in it for packages */
static int fence_off_go(const char *builddir)
{
	static const char text[] = "// written by mipsbake: this build directory is no part of the module around it\n"
				   "module mipsbake-build-directory\n";
	char *path = path_join(builddir, "go.mod");
	int rc = fs_mkdir_p(builddir) < 0 ? -1 : fs_write_if_changed(path, text, sizeof(text) - 1);

	free(path);
	return rc < 0 ? -1 : 0;
}

/* load and start fetching: the manifest, where each dependency's source is (go.mod's lazy
 * ones filled as the plan imports them) and the fetch session; -1 after reporting */
static int load_and_fetch(const struct build_opts *o, struct manifest *m, struct fetch_opts *f,
			  struct dep_source **src, struct fetch_session **fs)
{
	*src = NULL;
	*fs = NULL;
	if (build_load(o, m) < 0 || fence_off_go(o->builddir) < 0)
		return -1;
	fetch_opts_for(o, f);
	if (mvs_select(m, f) < 0)
		return -1;
	*src = xcalloc(m->ndeps + 1, sizeof(**src));
	*fs = fetch_begin(m, f, *src);
	return *fs ? 0 : -1;
}

/* the plan, fetching what it imports; the lock and go.sum written after it; -1 after reporting */
static int plan_and_fetch(const struct manifest *m, struct dep_source *src, struct fetch_session *fs,
			  const struct stamp_values *stamp, struct plan *p)
{
	int rc = plan_make(m, src, fs, stamp, p);

	if (rc == 0)
		rc = plan_tests(p);

	/* what was fetched stays locked even when the plan failed elsewhere */
	if (fetch_end(fs, 1) < 0)
		rc = -1;
	return rc;
}

/* the stamp: the manifest's path, then every NAME=value its ${NAME}s expanded to */
static int write_stamp(const char *stamp, const char *manifest, const struct strv *env)
{
	struct buf b = BUF_INIT;
	int rc;

	buf_puts(&b, manifest);
	for (size_t i = 0; i < env->n; i++)
		buf_printf(&b, "\n%s", env->v[i]);
	rc = fs_write_if_changed(stamp, b.data, b.len);
	buf_release(&b);
	return rc;
}

/* the 'stamp:' values: the release's, or under Ninja's regeneration those build_run handed on */
static const struct stamp_values *stamp_for(const struct build_opts *o, struct stamp_values *env)
{
	if (o->stamp || !o->regenerate || !getenv("MIPSBAKE_STAMP_VERSION"))
		return o->stamp;
	env->version = getenv("MIPSBAKE_STAMP_VERSION");
	env->commit = getenv("MIPSBAKE_STAMP_COMMIT");
	env->date = getenv("MIPSBAKE_STAMP_DATE");
	return env->commit && env->date ? env : NULL;
}

/* toolchain probes are cached beside the git cache, when there is one */
static void cache_probes(const struct build_opts *o)
{
	const char *cache = o->cache_dir ? o->cache_dir : o->regenerate ? getenv("MIPSBAKE_CACHE") : NULL;
	char *dir;

	if (!cache && !getenv("MIPSBAKE_CACHE") && !getenv("XDG_CACHE_HOME") && !getenv("HOME"))
		return;
	dir = gitcache_dir(cache);
	toolchain_cache_at(dir);
	free(dir);
}

/* the action cache's settings for the build directory's actions: the local store under the
 * cache directory, the manifest's remote cache */
static int write_cache_conf(const struct build_opts *o, const struct manifest *m)
{
	const char *cache = o->cache_dir ? o->cache_dir : o->regenerate ? getenv("MIPSBAKE_CACHE") : NULL;
	struct cache_conf c = { NULL, m->cache.remote, m->cache.read_only, m->cache.header_env };
	char *dir = cache || getenv("MIPSBAKE_CACHE") || getenv("XDG_CACHE_HOME") || getenv("HOME")
			    ? gitcache_dir(cache) : NULL;
	int rc;

	c.dir = dir ? path_join(dir, "actions") : NULL;
	rc = cache_conf_write(o->builddir, &c);
	free(c.dir);
	free(dir);
	return rc;
}

/* the shipped patches a failure of p may call for, noted in the build directory */
static int note_hints(const struct plan *p, const char *builddir)
{
	char *data = build_data_dir();
	int rc = hint_note_candidates(p, builddir, data);

	free(data);
	return rc;
}

int build_generate(const struct build_opts *o, int announce)
{
	struct stamp_values env;
	struct manifest m;
	struct plan p;
	struct dep_source *src;
	struct fetch_session *fs;
	struct fetch_opts f;
	struct gen_opts g = { o->builddir, o->manifest_abs, os_self_exe(), o->lock };
	char *stamp = path_join(o->builddir, STAMP);
	int rc = 1;

	memset(&p, 0, sizeof(p));
	cache_probes(o);
	if (load_and_fetch(o, &m, &f, &src, &fs) == 0 && plan_and_fetch(&m, src, fs, stamp_for(o, &env), &p) == 0 &&
	    (check_fpu(&p), 1) &&
	    generate_ninja(&p, &g) == 0 && artifacts_write(&p, o->builddir) == 0 &&
	    note_hints(&p, o->builddir) == 0 && write_cache_conf(o, &m) == 0 &&
	    write_stamp(stamp, o->manifest_abs, &m.env) >= 0) {
		rc = 0;
		if (announce)
			printf("generated '%s/build.ninja': %zu configurations, %zu packages, %zu binaries\n",
			       o->builddir, p.ncfgs, plan_package_count(&p), p.nvars);
	}
	plan_release(&p);
	if (src)
		dep_sources_release(src, m.ndeps);
	free(src);
	manifest_release(&m);
	free(stamp);
	return rc;
}

/* 1 when the build directory holds build files generated from this manifest (Ninja keeps them fresh) */
static int generated_from(const struct build_opts *o)
{
	char *stamp = path_join(o->builddir, STAMP);
	char *ninja = path_join(o->builddir, "build.ninja");
	struct buf b = BUF_INIT;
	size_t n = strlen(o->manifest_abs);
	int same = fs_is_file(ninja) && fs_is_file(stamp) && fs_read_file(stamp, &b) == 0 &&
		   strncmp(buf_str(&b), o->manifest_abs, n) == 0 &&
		   (b.data[n] == '\0' || (b.data[n] == '\n' && expand_env_unchanged(b.data + n + 1)));

	buf_release(&b);
	free(stamp);
	free(ninja);
	return same;
}

/* hand this run's fetch flags to the regeneration Ninja may run */
static void export_fetch_flags(const struct build_opts *o)
{
	if (o->offline)
		setenv("MIPSBAKE_OFFLINE", "1", 1);
	if (o->frozen)
		setenv("MIPSBAKE_FROZEN", "1", 1);
	if (o->cache_dir)
		setenv("MIPSBAKE_CACHE", o->cache_dir, 1);
	if (o->no_cache)
		setenv("MIPSBAKE_NO_CACHE", "1", 1);
	if (o->stamp) {
		setenv("MIPSBAKE_STAMP_VERSION", o->stamp->version, 1);
		setenv("MIPSBAKE_STAMP_COMMIT", o->stamp->commit, 1);
		setenv("MIPSBAKE_STAMP_DATE", o->stamp->date, 1);
	}
}

/* bring the build files up to date as Ninja would, for real: a dry run then shows the
 * build's commands rather than only the regeneration, and a selection reads fresh artifacts */
static int regenerate_now(const struct build_opts *o)
{
	static char *const manifest_only[] = { "build.ninja", NULL };
	struct run_opts r = { o->builddir, o->jobs, 0, o->verbose, manifest_only, 0, 0, 1, NULL };

	return run_ninja(&r);
}

/* the Ninja targets of the variants o->sel selects (with their package tests when
 * o->with_tests); -1 after reporting a name the manifest lacks */
static int selected_targets(const struct build_opts *o, struct strv *targets)
{
	struct artifacts a;
	int rc;

	artifacts_keep(NULL, NULL);
	if (artifacts_read(o->builddir, &a) < 0)
		return -1;
	rc = o->sel->lenient ? 0 : selection_check(o->sel, &a);
	for (size_t i = 0; i < a.n && rc == 0; i++) {
		if (!selection_wants(o->sel, &a.v[i]))
			continue;
		strv_push(targets, a.v[i].out);
		if (o->with_symbols && a.v[i].strip)
			strv_pushf(targets, UNSTRIPPED_DIR "%s", a.v[i].out);
	}
	for (size_t i = 0; i < a.npt && rc == 0 && o->with_tests; i++)
		if (selection_wants(o->sel, &a.pt[i]))
			strv_push(targets, a.pt[i].out);
	artifacts_release(&a);
	if (!o->sel->lenient)
		selection_restrict(o->sel);
	return rc;
}

/* what Ninja is to build for o: none (its default: the binaries and the size check),
 * or the binaries (and test binaries) alone when the size check comes after the build */
static int ninja_targets(const struct build_opts *o, struct strv *targets)
{
	if (selection_given(o->sel))
		return selected_targets(o, targets);
	if (o->size_check == SIZE_CHECK_NINJA)
		return 0;
	strv_push(targets, "all");
	if (o->with_tests)
		strv_push(targets, "tests");
	if (o->with_symbols)
		strv_push(targets, SYMBOLS_TARGET);
	return 0;
}

/* run Ninja; when a shipped patch may cure a failure, watch its output for the patch's
 * signature, and on failure say which patch */
static int run_and_hint(const struct build_opts *o, struct run_opts *r)
{
	struct buf out = BUF_INIT;
	int rc;

	if (!o->dry_run && hint_wanted(o->builddir))
		r->output = &out;
	rc = run_ninja(r);
	if (rc != 0 && r->output) {
		char *data = build_data_dir();

		hint_after_failure(o->builddir, data, &out);
		free(data);
	}
	buf_release(&out);
	return rc;
}

/* generate the build files unless those there came from this manifest (Ninja keeps them
 * fresh), then hand Ninja's regeneration this run's fetch flags; 0 or 1 */
static int build_prepare(const struct build_opts *o)
{
	/* an update regenerates first: Ninja would not know it has to */
	int fresh = !o->update_all && o->update.n == 0 && !o->stamp && generated_from(o);

	if (fs_check_regular(o->manifest, "manifest", FS_INPUT_MAX) < 0)
		return 1;
	if (!fresh && build_generate(o, 0) != 0)
		return 1;
	export_fetch_flags(o);
	return 0;
}

/* 1 when the build directory's actions use an action cache */
static int cache_used(const char *builddir)
{
	struct cache_conf c;
	int used = cache_conf_load(builddir, &c) == 0;

	cache_conf_release(&c);
	return used;
}

/* "cache: N of M actions reused" when actions ran */
static void cache_summary(const char *builddir)
{
	struct cache_counts n;

	cache_log_counts(builddir, &n);
	if (n.hits + n.misses == 0)
		return;
	if (n.remote_hits)
		printf("cache: %d of %d actions reused (%d from the remote cache)\n", n.hits, n.hits + n.misses,
		       n.remote_hits);
	else
		printf("cache: %d of %d actions reused\n", n.hits, n.hits + n.misses);
}

int build_refresh(const struct build_opts *o)
{
	/* even just generated: Ninja's log may hold an older build.ninja, which it would
	 * regenerate first (and in a dry run, do nothing else) */
	return build_prepare(o) != 0 ? 1 : regenerate_now(o);
}

int build_run(const struct build_opts *o)
{
	struct strv targets = STRV_INIT;
	struct run_opts r = { o->builddir, o->jobs, o->dry_run, o->verbose, NULL, o->replace, o->keep_going, 0,
			      NULL };
	int after = o->size_check == SIZE_CHECK_AFTER ||
		    (o->size_check == SIZE_CHECK_NINJA && selection_given(o->sel)), rc, cached;

	/* Ninja keeps its own files fresh; a dry run and a selection need them fresh first */
	if ((o->dry_run || selection_given(o->sel) ? build_refresh(o) : build_prepare(o)) != 0)
		return 1;
	if (ninja_targets(o, &targets) < 0)
		return strv_release(&targets), 1;
	/* a lenient selection that names nothing: nothing to build, the command says why */
	if (selection_given(o->sel) && targets.n == 0)
		return strv_release(&targets), 0;
	if (targets.n) {
		r.targets = targets.v;   /* NULL-terminated */
		r.replace = 0;
	}
	/* what the actions of this build did is read back after it: Ninja cannot replace us */
	if ((cached = cache_used(o->builddir))) {
		cache_build_start(o->builddir);
		r.replace = 0;
	}
	rc = run_and_hint(o, &r);
	if (cached && !o->dry_run)
		cache_summary(o->builddir);
	strv_release(&targets);
	if (rc == 0 && !o->dry_run && after && sizes_check(o->builddir, 0) < 0)
		rc = 1;
	return rc;
}

int build_explain(const struct build_opts *o, const struct strv *specs)
{
	char *steps = path_join(o->builddir, STEPS_FILE);
	int fresh = generated_from(o) && fs_is_file(steps);

	free(steps);
	if (fs_check_regular(o->manifest, "manifest", FS_INPUT_MAX) < 0 || (!fresh && build_generate(o, 0) != 0))
		return 1;
	export_fetch_flags(o);
	return explain_main(o->builddir, specs);
}

/* 1 when some dependency is fetched only when imported: fetching needs the plan */
static int has_lazy(const struct manifest *m)
{
	for (size_t i = 0; i < m->ndeps; i++)
		if (m->deps[i].lazy)
			return 1;
	return 0;
}

int build_plan(const struct build_opts *o, int (*use)(const struct plan *p, void *arg), void *arg)
{
	struct manifest m;
	struct dep_source *src;
	struct fetch_session *fs;
	struct fetch_opts f;
	struct plan p;
	int rc = 1;

	memset(&p, 0, sizeof(p));
	cache_probes(o);
	if (load_and_fetch(o, &m, &f, &src, &fs) < 0)
		rc = 1;
	else if (use || has_lazy(&m))
		rc = plan_and_fetch(&m, src, fs, NULL, &p) < 0 ? 1 : use ? use(&p, arg) : 0;
	else
		rc = fetch_end(fs, 1) == 0 ? 0 : 1;
	plan_release(&p);
	if (src)
		dep_sources_release(src, m.ndeps);
	free(src);
	manifest_release(&m);
	return rc;
}

int build_fetch(const struct build_opts *o)
{
	return build_plan(o, NULL, NULL);
}

int build_deps(const struct build_opts *o)
{
	struct manifest m;
	struct fetch_opts f;
	int rc = 1;

	if (build_load(o, &m) == 0) {
		fetch_opts_for(o, &f);
		rc = fetch_list(&m, &f) == 0 ? 0 : 1;
	}
	manifest_release(&m);
	return rc;
}
