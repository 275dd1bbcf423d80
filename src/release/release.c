/* release.c: reproducible release builds and their check by building twice */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gelf.h>
#include <git2.h>
#include <yaml.h>

#include "cache/act.h"
#include "check/artifacts.h"
#include "fetch/lock.h"
#include "lib/os.h"
#include "lib/sha256.h"
#include "lib/yamlout.h"
#include "release/release.h"
#include "lib/banned.h"

#define PROVENANCE "provenance.yaml"
#define SUMS "SHA256SUMS"
/* dirty paths listed before "and N more" */
#define DIRTY_SHOWN 20

/* what git says of the work tree the manifest is in */
struct source {
	char *workdir;           /* absolute, without a trailing slash */
	char commit[GIT_OID_HEXSZ + 1];
	char *describe;          /* git describe --tags --always, without --dirty */
	long long commit_time;   /* seconds since the epoch */
	struct strv dirty;       /* changed, deleted or untracked paths, relative to workdir */
};

static int git_failed(const char *what)
{
	const git_error *e = git_error_last();

	return error("%s: %s", what, e && e->message ? e->message : "libgit2 gave no reason");
}

/* path relative to workdir when it lies inside ("" for workdir itself), else NULL */
static const char *inside(const char *workdir, const char *path)
{
	size_t n = strlen(workdir);

	if (strncmp(path, workdir, n) != 0 || (path[n] != '/' && path[n] != '\0'))
		return NULL;
	return path[n] == '/' ? path + n + 1 : path + n;
}

/* 1 when rel (a status path, a directory ending in '/') is one of skip, inside one, or one's
 * temporary sibling "<skip>.tmp-<pid>" */
static int skipped(const struct strv *skip, const char *rel)
{
	for (size_t i = 0; i < skip->n; i++) {
		size_t n = strlen(skip->v[i]);

		if (strncmp(rel, skip->v[i], n) == 0 &&
		    (rel[n] == '/' || rel[n] == '\0' || str_has_prefix(rel + n, ".tmp-")))
			return 1;
	}
	return 0;
}

/* the paths of the work tree's changes, but for those in skip (our own outputs) */
static int dirty_paths(git_repository *repo, const struct strv *skip, struct strv *out)
{
	git_status_options so;
	git_status_list *st = NULL;

	git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION);
	so.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	so.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RENAMES_HEAD_TO_INDEX;
	if (git_status_list_new(&st, repo, &so) < 0)
		return git_failed("could not read the work tree's status");
	for (size_t i = 0; i < git_status_list_entrycount(st); i++) {
		const git_status_entry *e = git_status_byindex(st, i);
		const git_diff_delta *d = e->index_to_workdir ? e->index_to_workdir : e->head_to_index;
		const char *path;

		if (e->status == GIT_STATUS_CURRENT || (e->status & GIT_STATUS_IGNORED) || !d)
			continue;
		path = d->new_file.path ? d->new_file.path : d->old_file.path;
		if (!skipped(skip, path) && !strv_has(out, path))
			strv_push(out, path);
	}
	git_status_list_free(st);
	strv_sort(out);
	return 0;
}

static int describe(git_repository *repo, git_object *head, struct source *s)
{
	git_describe_options o;
	git_describe_format_options f;
	git_describe_result *d = NULL;
	git_buf out = { NULL, 0, 0 };
	int rc = 0;

	(void)repo;
	git_describe_options_init(&o, GIT_DESCRIBE_OPTIONS_VERSION);
	o.describe_strategy = GIT_DESCRIBE_TAGS;
	o.show_commit_oid_as_fallback = 1;
	git_describe_format_options_init(&f, GIT_DESCRIBE_FORMAT_OPTIONS_VERSION);
	if (git_describe_commit(&d, head, &o) < 0 || git_describe_format(&out, d, &f) < 0)
		rc = git_failed("could not describe HEAD");
	else
		s->describe = xstrdup(out.ptr);
	git_buf_dispose(&out);
	git_describe_result_free(d);
	return rc;
}

/* inspect the git work tree holding dir; paths under skip (absolute) are not dirt */
static int source_inspect(const char *dir, const struct strv *skip_abs, struct source *s)
{
	git_repository *repo = NULL;
	git_object *head = NULL;
	struct strv skip = STRV_INIT;
	int rc = -1;

	memset(s, 0, sizeof(*s));
	/* the search for the repository stops where git's would */
	if (git_repository_open_ext(&repo, dir, 0, getenv("GIT_CEILING_DIRECTORIES")) < 0 ||
	    git_repository_is_bare(repo)) {
		error("'%s' is not in a git work tree; a release takes its version, commit and date "
		      "from git", dir);
		goto out;
	}
	s->workdir = xstrdup(git_repository_workdir(repo));
	if (strlen(s->workdir) > 1 && s->workdir[strlen(s->workdir) - 1] == '/')
		s->workdir[strlen(s->workdir) - 1] = '\0';
	if (git_revparse_single(&head, repo, "HEAD^{commit}") < 0) {
		error("the repository '%s' has no commit yet; a release is built from a commit", s->workdir);
		goto out;
	}
	git_oid_tostr(s->commit, sizeof(s->commit), git_object_id(head));
	s->commit_time = (long long)git_commit_time((const git_commit *)head);
	for (size_t i = 0; i < skip_abs->n; i++) {
		char *real = fs_exists(skip_abs->v[i]) ? path_real(skip_abs->v[i]) : NULL;
		const char *a = inside(s->workdir, skip_abs->v[i]), *b = real ? inside(s->workdir, real) : NULL;

		if (a && *a)
			strv_push(&skip, a);
		if (b && *b)
			strv_push(&skip, b);
		free(real);
	}
	if (describe(repo, head, s) == 0 && dirty_paths(repo, &skip, &s->dirty) == 0)
		rc = 0;
out:
	strv_release(&skip);
	git_object_free(head);
	git_repository_free(repo);
	return rc;
}

static void source_release(struct source *s)
{
	free(s->workdir);
	free(s->describe);
	strv_release(&s->dirty);
}

/* the refusal of a dirty tree, listing what is dirty, then what to do */
static void refuse_dirty(const struct source *s, const char *hint)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < s->dirty.n && i < DIRTY_SHOWN; i++)
		buf_printf(&b, "\n  %s", s->dirty.v[i]);
	if (s->dirty.n > DIRTY_SHOWN)
		buf_printf(&b, "\n  and %zu more", s->dirty.n - DIRTY_SHOWN);
	error("the work tree '%s' has changes that are not committed:%s\n%s", s->workdir, buf_str(&b), hint);
	buf_release(&b);
}

/* what a release is stamped with */
struct release_values {
	char *version, *date;
	long long epoch;         /* SOURCE_DATE_EPOCH */
	struct stamp_values stamp;
};

/* the version: the manifest's literal or git describe, "-dirty" for a dirty tree */
static int release_values(const struct manifest *m, const struct source *s, struct release_values *v)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	const char *base = m->version && strcmp(m->version, "git") != 0 ? m->version : s->describe;
	char date[32];
	struct tm tm;
	time_t t;

	memset(v, 0, sizeof(*v));
	v->epoch = s->commit_time;
	if (sde && *sde) {
		char *end;

		errno = 0;
		v->epoch = strtoll(sde, &end, 10);
		if (*end || errno || v->epoch < 0 || strspn(sde, "0123456789") != strlen(sde))
			return error("SOURCE_DATE_EPOCH='%s' is not a number of seconds since 1970", sde);
	}
	v->version = xasprintf("%s%s", base, s->dirty.n ? "-dirty" : "");
	if (strspn(v->version, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._+-") !=
	    strlen(v->version))
		return error("version '%s' (%s) cannot be part of a file name; use letters, digits, "
			     "'.', '_', '+' and '-'", v->version,
			     base == s->describe ? "from git describe --tags" : "the manifest's 'version:'");
	t = (time_t)v->epoch;
	if (!gmtime_r(&t, &tm) || !strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm))
		return error("SOURCE_DATE_EPOCH=%lld is out of range", v->epoch);
	v->date = xstrdup(date);
	v->stamp.version = v->version;
	v->stamp.commit = s->commit;
	v->stamp.date = v->date;
	return 0;
}

static void release_values_release(struct release_values *v)
{
	free(v->version);
	free(v->date);
}

/* write data to path with exactly mode (the umask does not count); -1 after reporting */
static int write_mode(const char *path, const void *data, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	int rc = 0;

	if (fd < 0)
		return error("could not create '%s': %s", path, strerror(errno));
	if (fchmod(fd, mode) < 0 || fs_write_all(fd, data, len) < 0)
		rc = error("could not write '%s': %s", path, strerror(errno));
	if (close(fd) < 0 && rc == 0)
		rc = error("could not write '%s': %s", path, strerror(errno));
	return rc;
}

/* one file of the release */
struct dist_file {
	char *name;
	char sha256[65];
	const struct artifact *x; /* the variant it came from, NULL: not a binary */
};

struct dist {
	struct dist_file *v;
	size_t n, cap;
};

static struct dist_file *dist_add(struct dist *d, char *name, const struct artifact *x)
{
	struct dist_file *f;

	xgrow(&d->v, &d->cap, d->n + 1, sizeof(*d->v));
	f = &d->v[d->n++];
	memset(f, 0, sizeof(*f));
	f->name = name;
	f->x = x;
	return f;
}

static void dist_release(struct dist *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i].name);
	free(d->v);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct dist_file *)a)->name, ((const struct dist_file *)b)->name);
}

/* copy each variant's binary into tmp as <target>_<version>_linux_<goarch>_<gomips>_<compiler>;
 * variants differing only in their board give one file */
static int copy_binaries(const struct artifacts *a, const char *builddir, const char *version,
			 const char *tmp, struct dist *d)
{
	int rc = 0;

	for (size_t i = 0; i < a->n && rc == 0; i++) {
		const struct artifact *x = &a->v[i];
		char *name = xasprintf("%s_%s_linux_%s_%s_%s", x->target, version, x->goarch, x->gomips,
				       x->compiler);
		char *src, *dst;
		struct buf data = BUF_INIT;
		size_t j;

		for (j = 0; j < d->n && strcmp(d->v[j].name, name) != 0; j++)
			;
		if (j < d->n) {
			if (strcmp(d->v[j].x->toolchain, x->toolchain) != 0)
				rc = error("'%s' would come from two toolchains, '%s' and '%s'; release one "
					   "target with one %s toolchain per GOARCH and GOMIPS", name,
					   d->v[j].x->toolchain, x->toolchain, x->compiler);
			free(name);
			continue;
		}
		src = path_join(builddir, x->out);
		dst = path_join(tmp, name);
		rc = fs_read_file(src, &data);
		if (rc == 0)
			rc = write_mode(dst, data.data, data.len, 0755);
		if (rc == 0)
			sha256_hex(data.data, data.len, dist_add(d, name, x)->sha256);
		else
			free(name);
		buf_release(&data);
		free(src);
		free(dst);
	}
	return rc;
}

/* provenance writing */

static void y_str(struct yout *y, const char *s)
{
	yout_scalar(y, s, YAML_SINGLE_QUOTED_SCALAR_STYLE);
}

static void y_kv(struct yout *y, const char *k, const char *v)
{
	if (!v)
		return;
	yout_scalar(y, k, YAML_PLAIN_SCALAR_STYLE);
	y_str(y, v);
}

static void y_list(struct yout *y, const char *k, const struct strv *v)
{
	yout_scalar(y, k, YAML_PLAIN_SCALAR_STYLE);
	yout_sequence(y, YAML_FLOW_SEQUENCE_STYLE);
	for (size_t i = 0; i < v->n; i++)
		y_str(y, v->v[i]);
	yout_end(y, 0);
}

/* a file's digest, NULL (reported) when it cannot be read */
static char *file_sha256(const char *path)
{
	struct buf b = BUF_INIT;
	char hex[65];

	if (fs_read_file(path, &b) < 0)
		return NULL;
	sha256_hex(b.data, b.len, hex);
	buf_release(&b);
	return xstrdup(hex);
}

/* how a manifest file is named in the record: relative to the work tree or to mipsbake's data */
static char *shown_file(const struct source *s, const char *data, const char *abs)
{
	const char *rel = inside(s->workdir, abs);

	if (rel)
		return xstrdup(rel);
	rel = inside(data, abs);
	return rel ? xasprintf("<mipsbake>/%s", rel) : xstrdup(abs);
}

static int y_manifests(struct yout *y, const struct manifest *m, const struct source *s)
{
	char *data = build_data_dir();
	int rc = 0;

	yout_scalar(y, "manifests", YAML_PLAIN_SCALAR_STYLE);
	yout_sequence(y, YAML_BLOCK_SEQUENCE_STYLE);
	for (size_t i = 0; i < m->abs_files.n; i++) {
		char *name = shown_file(s, data, m->abs_files.v[i]), *sum = file_sha256(m->abs_files.v[i]);

		if (!sum)
			rc = -1;
		yout_mapping(y);
		y_kv(y, "file", name);
		y_kv(y, "sha256", sum ? sum : "");
		yout_end(y, 1);
		free(name);
		free(sum);
	}
	yout_end(y, 0);
	free(data);
	return rc;
}

static int y_dependencies(struct yout *y, const struct manifest *m, const struct source *s,
			  const char *lock_path)
{
	struct lock l = LOCK_INIT;

	if (lock_load(lock_path, &l) < 0)
		return -1;
	yout_scalar(y, "dependencies", YAML_PLAIN_SCALAR_STYLE);
	yout_sequence(y, YAML_BLOCK_SEQUENCE_STYLE);
	for (size_t i = 0; i < m->ndeps; i++) {
		const struct mf_dep *dep = &m->deps[i];
		const struct lock_dep *ld = lock_find(&l, dep->importpath);

		/* a go.mod requirement the build never fetched is no part of the release */
		if (dep->lazy && !ld)
			continue;
		yout_mapping(y);
		y_kv(y, "importpath", dep->importpath);
		if (dep->path) {
			const char *rel = inside(s->workdir, dep->path);

			y_kv(y, "path", rel ? rel : dep->path);
		} else if (ld) {
			lock_emit_fields(y, ld);
		}
		yout_end(y, 1);
	}
	yout_end(y, 0);
	lock_release(&l);
	return 0;
}

/* the first line "gccgo --version" or "go version" prints */
static char *tool_identity(const struct artifact *x)
{
	char *argv[3] = { x->program, strcmp(x->compiler, "gc") == 0 ? "version" : "--version", NULL };
	struct buf out = BUF_INIT;
	char *line;

	if (!x->program || os_run(argv, NULL, &out, 1) != 0) {
		buf_release(&out);
		return xstrdup("unknown");
	}
	line = xstrndup(buf_str(&out), strcspn(buf_str(&out), "\n"));
	buf_release(&out);
	return line;
}

static void y_toolchains(struct yout *y, const struct dist *d)
{
	struct strv seen = STRV_INIT;

	yout_scalar(y, "toolchains", YAML_PLAIN_SCALAR_STYLE);
	yout_sequence(y, YAML_BLOCK_SEQUENCE_STYLE);
	for (size_t i = 0; i < d->n; i++) {
		const struct artifact *x = d->v[i].x;
		char *id;

		if (!x || strv_has(&seen, x->toolchain))
			continue;
		strv_push(&seen, x->toolchain);
		id = tool_identity(x);
		yout_mapping(y);
		y_kv(y, "name", x->toolchain);
		y_kv(y, "compiler", x->compiler);
		y_kv(y, "program", x->program);
		y_kv(y, "identity", id);
		yout_end(y, 1);
		free(id);
	}
	yout_end(y, 0);
	strv_release(&seen);
}

static void y_artifacts(struct yout *y, const struct dist *d)
{
	yout_scalar(y, "artifacts", YAML_PLAIN_SCALAR_STYLE);
	yout_sequence(y, YAML_BLOCK_SEQUENCE_STYLE);
	for (size_t i = 0; i < d->n; i++) {
		const struct artifact *x = d->v[i].x;

		yout_mapping(y);
		y_kv(y, "file", d->v[i].name);
		y_kv(y, "sha256", d->v[i].sha256);
		y_kv(y, "target", x->target);
		y_kv(y, "toolchain", x->toolchain);
		y_kv(y, "compiler", x->compiler);
		y_kv(y, "goarch", x->goarch);
		y_kv(y, "gomips", x->gomips);
		y_kv(y, "link", x->link);
		y_list(y, "compile_flags", &x->compile_flags);
		y_list(y, "link_flags", &x->link_flags);
		y_list(y, "asm_flags", &x->asm_flags);
		y_list(y, "tags", &x->tags);
		yout_end(y, 1);
	}
	yout_end(y, 0);
}

/* whether the build's outputs came from the action cache: "used" (some did), "configured"
 * (none did, or nothing ran), "off" (--no-cache, as verify's builds are, or no cache) */
static const char *cache_state(const char *builddir)
{
	struct cache_conf c;
	struct cache_counts n;
	int on = cache_conf_load(builddir, &c) == 0;

	cache_conf_release(&c);
	cache_log_counts(builddir, &n);
	return !on ? "off" : n.hits > 0 ? "used" : "configured";
}

/* provenance.yaml: what went into the release, with no path of this machine in it */
static int write_provenance(const struct build_opts *o, const struct manifest *m, const struct source *s,
			    const struct release_values *v, const struct dist *d, const char *tmp,
			    char sha256[65])
{
	struct buf out = BUF_INIT;
	struct yout y;
	char epoch[32], *path = path_join(tmp, PROVENANCE);
	int rc;

	snprintf(epoch, sizeof(epoch), "%lld", v->epoch);
	buf_puts(&out, "# written by mipsbake release: what this release was built from and how\n");
	yout_init(&y, &out);
	yout_mapping(&y);
	yout_scalar(&y, "mipsbake-provenance", YAML_PLAIN_SCALAR_STYLE);
	yout_scalar(&y, "1", YAML_PLAIN_SCALAR_STYLE);
	y_kv(&y, "module", m->module);
	y_kv(&y, "version", v->version);
	y_kv(&y, "commit", s->commit);
	yout_scalar(&y, "dirty", YAML_PLAIN_SCALAR_STYLE);
	yout_scalar(&y, s->dirty.n ? "true" : "false", YAML_PLAIN_SCALAR_STYLE);
	yout_scalar(&y, "source_date_epoch", YAML_PLAIN_SCALAR_STYLE);
	yout_scalar(&y, epoch, YAML_PLAIN_SCALAR_STYLE);
	y_kv(&y, "date", v->date);
	rc = y_manifests(&y, m, s);
	if (y_dependencies(&y, m, s, o->lock) < 0)
		rc = -1;
	y_toolchains(&y, d);
	y_artifacts(&y, d);
	yout_scalar(&y, "action_cache", YAML_PLAIN_SCALAR_STYLE);
	yout_scalar(&y, cache_state(o->builddir), YAML_PLAIN_SCALAR_STYLE);
	yout_end(&y, 1);
	if (yout_finish(&y, "the provenance record") < 0)
		rc = -1;
	if (rc == 0)
		rc = write_mode(path, out.data, out.len, 0644);
	if (rc == 0)
		sha256_hex(out.data, out.len, sha256);
	buf_release(&out);
	free(path);
	return rc;
}

/* SHA256SUMS, as sha256sum writes it */
static int write_sums(const struct dist *d, const char *tmp)
{
	struct buf out = BUF_INIT;
	char *path = path_join(tmp, SUMS);
	int rc;

	for (size_t i = 0; i < d->n; i++)
		buf_printf(&out, "%s  %s\n", d->v[i].sha256, d->v[i].name);
	rc = write_mode(path, out.data, out.len, 0644);
	buf_release(&out);
	free(path);
	return rc;
}

/* put the finished tmp in place of dist; an old dist is replaced only when a release wrote it */
static int install_dist(const char *tmp, const char *dist)
{
	char *sums = path_join(dist, SUMS);
	int ours = fs_is_file(sums);

	free(sums);
	if (fs_exists(dist) && !ours) {
		fs_remove_tree(tmp);
		return error("'%s' exists and is not a release mipsbake wrote (it has no %s); remove it "
			     "or choose another --dist", dist, SUMS);
	}
	if (fs_exists(dist) && fs_remove_tree(dist) < 0)
		return -1;
	if (rename(tmp, dist) < 0)
		return error("could not rename '%s' to '%s': %s", tmp, dist, strerror(errno));
	return 0;
}

/* the release's files from the built artifacts */
static int make_dist(const struct build_opts *o, const struct manifest *m, const struct source *s,
		     const struct release_values *v, const char *dist)
{
	struct artifacts a;
	struct dist d = { NULL, 0, 0 };
	char *tmp = xasprintf("%s.tmp-%ld", dist, (long)getpid());
	char psum[65];
	int rc = -1;

	if (artifacts_read(o->builddir, &a) < 0)
		goto out;
	fs_remove_tree(tmp);
	if (fs_mkdir_p(tmp) < 0)
		goto out_a;
	if (copy_binaries(&a, o->builddir, v->version, tmp, &d) == 0) {
		qsort(d.v, d.n, sizeof(*d.v), by_name);
		if (write_provenance(o, m, s, v, &d, tmp, psum) == 0) {
			memcpy(dist_add(&d, xstrdup(PROVENANCE), NULL)->sha256, psum, sizeof(psum));
			qsort(d.v, d.n, sizeof(*d.v), by_name);
			rc = write_sums(&d, tmp);
		}
	}
	if (rc == 0)
		rc = install_dist(tmp, dist);
	else
		fs_remove_tree(tmp);
	if (rc == 0)
		printf("release %s (commit %.12s, SOURCE_DATE_EPOCH=%lld): %zu files in '%s'\n", v->version,
		       s->commit, v->epoch, d.n + 1, dist);
out_a:
	artifacts_release(&a);
out:
	dist_release(&d);
	free(tmp);
	return rc;
}

/* what the clean-tree check of release and of verify leaves out: the build directory and
 * the dist, so that 'release && verify' works where they are not ignored */
static void tree_skips(const struct build_opts *o, const struct release_opts *r, struct strv *skip)
{
	strv_push(skip, o->builddir);
	strv_push_owned(skip, path_abs(r->dist));
}

int release_main(const struct build_opts *o, const struct release_opts *r)
{
	struct manifest m;
	struct source s;
	struct release_values v;
	struct build_opts b = *o;
	struct strv skip = STRV_INIT;
	char *dist = path_abs(r->dist);
	char epoch[32];
	int rc = 1;

	memset(&s, 0, sizeof(s));
	memset(&v, 0, sizeof(v));
	b.builddir = path_join(o->builddir, "release");
	b.frozen = 1;
	tree_skips(o, r, &skip);
	git_libgit2_init();
	if (build_load(o, &m) < 0)
		goto out;
	if (source_inspect(m.dir, &skip, &s) < 0)
		goto out;
	if (s.dirty.n && !r->allow_dirty) {
		refuse_dirty(&s, "commit them, or release with --allow-dirty (the version then ends in "
			     "\"-dirty\")");
		goto out;
	}
	if (release_values(&m, &s, &v) < 0)
		goto out;
	b.stamp = &v.stamp;
	snprintf(epoch, sizeof(epoch), "%lld", v.epoch);
	setenv("SOURCE_DATE_EPOCH", epoch, 1);
	if (build_run(&b) == 0 && make_dist(&b, &m, &s, &v, dist) == 0)
		rc = 0;
out:
	git_libgit2_shutdown();
	release_values_release(&v);
	source_release(&s);
	manifest_release(&m);
	strv_release(&skip);
	free(b.builddir);
	free(dist);
	return rc;
}

/* verify */

/* the clone's remote, without url.insteadOf (libgit2 1.5 leaks reading it; a local path
 * needs none) */
static int clone_remote(git_remote **out, git_repository *repo, const char *name, const char *url,
			void *payload)
{
	git_remote_create_options ro;

	(void)payload;
	git_remote_create_options_init(&ro, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	ro.repository = repo;
	ro.name = name;
	ro.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF;
	return git_remote_create_with_opts(out, url, &ro);
}

/* clone the work tree's repository into dir and check out commit there */
static int clone_at(const struct source *s, const char *dir)
{
	git_repository *repo = NULL;
	git_clone_options co;
	git_oid oid;
	git_object *c = NULL;
	git_checkout_options ck;
	int rc = 0;

	git_clone_options_init(&co, GIT_CLONE_OPTIONS_VERSION);
	co.checkout_opts.checkout_strategy = GIT_CHECKOUT_NONE;
	co.remote_cb = clone_remote;
	git_checkout_options_init(&ck, GIT_CHECKOUT_OPTIONS_VERSION);
	ck.checkout_strategy = GIT_CHECKOUT_FORCE;
	if (git_clone(&repo, s->workdir, dir, &co) < 0 || git_oid_fromstr(&oid, s->commit) < 0 ||
	    git_object_lookup(&c, repo, &oid, GIT_OBJECT_COMMIT) < 0 ||
	    git_checkout_tree(repo, c, &ck) < 0 || git_repository_set_head_detached(repo, &oid) < 0)
		rc = git_failed("could not clone the work tree's repository for a verify build");
	git_object_free(c);
	git_repository_free(repo);
	return rc;
}

/* one of the two builds and what it varies */
struct variation {
	const char *name;        /* directory under <build>/verify; the two differ in length too */
	mode_t umask;
	const char *tz, *lang;
};

static const struct variation variations[2] = {
	{ "1", 022, "UTC0", "C.UTF-8" },
	{ "second-build", 077, "<+14>-14", "C" },
};

/* run mipsbake release in dir/src with the variation's environment; 0 or 1 */
static int release_in(const struct build_opts *o, const struct source *s, const char *manifest_rel,
		      const char *dir, const struct variation *va)
{
	struct strv argv = STRV_INIT, env = STRV_INIT;
	char *src = path_join(dir, "src");
	mode_t old;
	int rc;

	printf("verify: release build in '%s' (umask %03o, TZ=%s, LANG=%s)\n", dir, (unsigned)va->umask,
	       va->tz, va->lang);
	fflush(stdout);
	if (clone_at(s, src) < 0) {
		free(src);
		return 1;
	}
	strv_push(&argv, os_self_exe());
	strv_push(&argv, "release");
	strv_pushf(&argv, "-B%s/build", dir);
	strv_pushf(&argv, "--dist=%s/dist", dir);
	if (o->jobs)
		strv_pushf(&argv, "-j%d", o->jobs);
	if (o->cache_dir)
		strv_pushf(&argv, "--cache-dir=%s", o->cache_dir);
	if (o->offline)
		strv_push(&argv, "--offline");
	/* an independent build: nothing from the action cache, nothing into it */
	strv_push(&argv, "--no-cache");
	strv_push_owned(&argv, path_join(src, manifest_rel));
	strv_pushf(&env, "TZ=%s", va->tz);
	strv_pushf(&env, "LANG=%s", va->lang);
	strv_pushf(&env, "LC_ALL=%s", va->lang);
	old = umask(va->umask);
	rc = os_run(argv.v, env.v, NULL, 0) == 0 ? 0 : 1;
	umask(old);
	strv_release(&argv);
	strv_release(&env);
	free(src);
	return rc;
}

/* where offset off of a file is: its ELF section (*end set to the section's end), another
 * part of an ELF file, or for other files the line; newly allocated */
static char *place_of(struct buf *image, size_t off, size_t *end)
{
	Elf *e;
	Elf_Scn *scn = NULL;
	GElf_Ehdr eh;
	GElf_Shdr sh;
	size_t shstrndx, line = 1;
	char *place = NULL;

	*end = off + 1;
	if (elf_version(EV_CURRENT) == EV_NONE)
		return xstrdup("a file libelf cannot read");
	e = elf_memory(image->data, image->len);
	if (!e || elf_kind(e) != ELF_K_ELF || !gelf_getehdr(e, &eh) || elf_getshdrstrndx(e, &shstrndx) != 0) {
		if (e)
			elf_end(e);
		for (size_t i = 0; i < off && i < image->len; i++)
			line += image->data[i] == '\n';
		return xasprintf("line %zu", line);
	}
	while (!place && (scn = elf_nextscn(e, scn)) != NULL) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS)
			continue;
		if (off >= sh.sh_offset && off < sh.sh_offset + sh.sh_size) {
			const char *name = elf_strptr(e, shstrndx, sh.sh_name);

			place = xasprintf("section %s", name ? name : "(unnamed)");
			*end = (size_t)(sh.sh_offset + sh.sh_size);
		}
	}
	if (!place && off < eh.e_ehsize)
		place = xstrdup("the ELF header");
	else if (!place && off >= eh.e_phoff && off < eh.e_phoff + (size_t)eh.e_phnum * eh.e_phentsize)
		place = xstrdup("the program headers");
	else if (!place && off >= eh.e_shoff && off < eh.e_shoff + (size_t)eh.e_shnum * eh.e_shentsize)
		place = xstrdup("the section headers");
	else if (!place)
		place = xstrdup("no section");
	elf_end(e);
	return place;
}

/* the first offset from off on where a and b differ (the shorter length when one ends) */
static size_t first_difference(const struct buf *a, const struct buf *b, size_t off)
{
	size_t n = a->len < b->len ? a->len : b->len;

	while (off < n && a->data[off] == b->data[off])
		off++;
	return off;
}

/* report where a and b differ; a build id is a digest of the rest, so look past it too */
static void report_difference(const char *name, struct buf *a, const struct buf *b)
{
	size_t end, off = first_difference(a, b, 0);
	char *place = place_of(a, off, &end);

	printf("verify: %s: differs at offset %zu (0x%zx), in %s", name, off, off, place);
	if (strcmp(place, "section .note.gnu.build-id") == 0) {
		size_t next = first_difference(a, b, end);

		free(place);
		place = place_of(a, next, &end);
		printf(" (a digest of the contents); the first other difference is at offset %zu (0x%zx), "
		       "in %s", next, next, place);
	}
	printf("; sizes %zu and %zu\n", a->len, b->len);
	free(place);
}

/* compare one file of the two dists; 1 when they differ (reported) */
static int compare_file(const char *a_dir, const char *b_dir, const char *name)
{
	char *pa = path_join(a_dir, name), *pb = path_join(b_dir, name);
	struct buf a = BUF_INIT, b = BUF_INIT;
	int differ = 1;

	if (!fs_is_file(pa) || !fs_is_file(pb))
		printf("verify: %s: only in the %s build\n", name, fs_is_file(pa) ? "first" : "second");
	else if (fs_read_file(pa, &a) == 0 && fs_read_file(pb, &b) == 0 &&
		 (differ = a.len != b.len || memcmp(a.data, b.data, a.len) != 0))
		report_difference(name, &a, &b);
	buf_release(&a);
	buf_release(&b);
	free(pa);
	free(pb);
	return differ;
}

/* compare the two dist directories; the number of differing files */
static size_t compare_dists(const char *a, const char *b, size_t *nfiles)
{
	struct strv names = STRV_INIT, more = STRV_INIT;
	size_t differ = 0;

	fs_list_dir(a, &names);
	fs_list_dir(b, &more);
	for (size_t i = 0; i < more.n; i++)
		if (!strv_has(&names, more.v[i]))
			strv_push(&names, more.v[i]);
	strv_sort(&names);
	for (size_t i = 0; i < names.n; i++)
		differ += (size_t)compare_file(a, b, names.v[i]);
	*nfiles = names.n;
	strv_release(&names);
	strv_release(&more);
	return differ;
}

int verify_main(const struct build_opts *o, const struct release_opts *r)
{
	struct manifest m;
	struct source s;
	struct strv skip = STRV_INIT;
	char *root = path_join(o->builddir, "verify"), *dirs[2] = { NULL, NULL }, *dists[2], *real = NULL;
	const char *rel;
	size_t differ, nfiles;
	int rc = 1;

	memset(&s, 0, sizeof(s));
	tree_skips(o, r, &skip);
	git_libgit2_init();
	if (build_load(o, &m) < 0 || source_inspect(m.dir, &skip, &s) < 0)
		goto out;
	if (s.dirty.n) {
		refuse_dirty(&s, "verify builds the commit in two fresh clones, where these changes would "
			     "be missing; commit them first");
		goto out;
	}
	real = path_real(o->manifest_abs);
	rel = real ? inside(s.workdir, real) : NULL;
	if (!rel) {
		error("the manifest '%s' is not inside the work tree '%s'", o->manifest, s.workdir);
		goto out;
	}
	for (int k = 0; k < 2; k++) {
		dirs[k] = path_join(root, variations[k].name);
		if (fs_remove_tree(dirs[k]) < 0 || fs_mkdir_p(dirs[k]) < 0 ||
		    release_in(o, &s, rel, dirs[k], &variations[k]) != 0) {
			error("verify: the release build in '%s' failed", dirs[k]);
			goto out;
		}
	}
	dists[0] = path_join(dirs[0], "dist");
	dists[1] = path_join(dirs[1], "dist");
	differ = compare_dists(dists[0], dists[1], &nfiles);
	if (differ == 0) {
		printf("verify: reproducible: %zu files identical in two builds at different paths, "
		       "with different umask, TZ and locale\n", nfiles);
		fs_remove_tree(root);
		rc = 0;
	} else {
		error("verify: %zu of %zu files differ; both builds are kept in '%s' and '%s'", differ,
		      nfiles, dirs[0], dirs[1]);
	}
	free(dists[0]);
	free(dists[1]);
out:
	git_libgit2_shutdown();
	source_release(&s);
	manifest_release(&m);
	strv_release(&skip);
	free(dirs[0]);
	free(dirs[1]);
	free(root);
	free(real);
	return rc;
}
