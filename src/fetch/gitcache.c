/* gitcache.c: the shared cache of bare git repositories, one per URL, filled with libgit2 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>

#include "fetch/gitcache.h"
#include "lib/os.h"
#include "lib/sha256.h"
#include "lib/tmpdir.h"
#include "lib/banned.h"

/* the longest readable part of an entry's name */
#define NAME_MAX_READABLE 48

/* what the transfer progress callback shows */
struct progress {
	int tty;
	unsigned last;           /* received and indexed-delta percentages last shown, packed */
	int shown;
};

const char *libgit2_message(void)
{
	const git_error *e = git_error_last();

	return e && e->message ? e->message : "unknown libgit2 error";
}

char *gitcache_dir(const char *dir)
{
	const char *env;

	if (dir && *dir)
		return path_abs(dir);
	if ((env = getenv("MIPSBAKE_CACHE")) && *env)
		return path_abs(env);
	if ((env = getenv("XDG_CACHE_HOME")) && *env == '/')
		return path_join(env, "mipsbake");
	if ((env = getenv("HOME")) && *env == '/')
		return xasprintf("%s/.cache/mipsbake", env);
	error("no cache directory: set MIPSBAKE_CACHE or HOME, or pass --cache-dir");
	return NULL;
}

int gitcache_init(struct gitcache *c, const char *dir, int progress)
{
	char *top = gitcache_dir(dir);

	c->root = NULL;
	c->progress = progress;
	if (!top)
		return -1;
	/* every object read from the cache is hashed and compared with its id (libgit2's default) */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
	/* map packs a window at a time, few at once: a pack of a large file is not held mapped
	 * whole beside the object inflated from it (libgit2 maps up to 8 GiB by default) */
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)32 << 20);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)64 << 20);
	c->root = path_join(top, "git");
	free(top);
	if (fs_mkdir_p(c->root) < 0)
		return -1;
	tmpdir_sweep(c->root);
	return 0;
}

void gitcache_release(struct gitcache *c)
{
	free(c->root);
	c->root = NULL;
}

/* a readable, file-name-safe form of url: scheme dropped, runs of odd characters as '_' */
static char *readable_name(const char *url)
{
	const char *s = strstr(url, "://");
	struct buf b = BUF_INIT;
	size_t start = 0;
	char *name;

	for (s = s ? s + 3 : url; *s; s++) {
		if (isalnum((unsigned char)*s) || *s == '.' || *s == '-' || *s == '_')
			buf_putc(&b, *s);
		else if (b.len && b.data[b.len - 1] != '_')
			buf_putc(&b, '_');
	}
	name = buf_detach(&b);
	if (str_has_suffix(name, ".git"))
		b.len = strlen(name) - 4;
	else
		b.len = strlen(name);
	while (b.len && (name[b.len - 1] == '_' || name[b.len - 1] == '.'))
		b.len--;
	name[b.len] = '\0';
	if (b.len > NAME_MAX_READABLE)
		start = b.len - NAME_MAX_READABLE;
	while (name[start] == '.' || name[start] == '_')
		start++;
	memmove(name, name + start, b.len - start + 1);
	return name;
}

void cache_entry_init(struct cache_entry *e, const struct gitcache *c, const char *url)
{
	char *name = readable_name(url);
	char hex[65];

	sha256_hex(url, strlen(url), hex);
	e->url = xstrdup(url);
	e->dir = xasprintf("%s/%s%s%.16s.git", c->root, name, *name ? "-" : "", hex);
	e->repo = NULL;
	free(name);
}

void cache_entry_release(struct cache_entry *e)
{
	git_repository_free(e->repo);
	free(e->url);
	free(e->dir);
	memset(e, 0, sizeof(*e));
}

int cache_entry_open(struct cache_entry *e, struct buf *why)
{
	unsigned flags = GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE;

	if (e->repo)
		return 1;
	if (!fs_is_dir(e->dir))
		return 0;
	if (git_repository_open_ext(&e->repo, e->dir, flags, NULL) == 0)
		return 1;
	if (why)
		buf_puts(why, libgit2_message());
	else
		error("could not open the cached repository '%s': %s (remove it to fetch again)",
		      e->dir, libgit2_message());
	return -1;
}

/* remove the ref locks a killed fetch left under path: only runs holding the entry's flock write */
static void remove_stale_locks(const char *path)
{
	struct strv names = STRV_INIT;

	if (fs_is_dir(path) && fs_list_dir(path, &names) == 0) {
		for (size_t i = 0; i < names.n; i++) {
			char *sub = path_join(path, names.v[i]);

			if (fs_is_dir(sub))
				remove_stale_locks(sub);
			else if (str_has_suffix(names.v[i], ".lock"))
				unlink(sub);
			free(sub);
		}
	}
	strv_release(&names);
}

static void clear_ref_locks(const struct cache_entry *e)
{
	char *refs = path_join(e->dir, "refs");
	char *packed = path_join(e->dir, "packed-refs.lock");

	remove_stale_locks(refs);
	unlink(packed);
	free(refs);
	free(packed);
}

/* progress */

static unsigned percent(unsigned part, unsigned whole)
{
	return whole ? (unsigned)((unsigned long long)part * 100u / whole) : 0;
}

/* the signal (SIGINT, SIGTERM, SIGHUP) that interrupted a clone, 0 while none did */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

/* catch the signals that end a run while a clone writes its temporary directory, without
 * SA_RESTART: a blocked read returns, libgit2 fails, and the directory is removed */
static void catch_signals(struct sigaction *old)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	interrupted = 0;
	for (size_t i = 0; i < ARRAY_LEN(sigs); i++)
		sigaction(sigs[i], &sa, &old[i]);
}

/* put the handlers back; a signal that came meanwhile now ends the run as it would have */
static void release_signals(const struct sigaction *old)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };

	for (size_t i = 0; i < ARRAY_LEN(sigs); i++)
		sigaction(sigs[i], &old[i], NULL);
	if (interrupted)
		raise(interrupted);
}

static int on_transfer(const git_indexer_progress *s, void *payload)
{
	struct progress *p = payload;

	if (interrupted)
		return -1;              /* cancels the fetch */
	unsigned objs = percent(s->received_objects, s->total_objects);
	unsigned deltas = percent(s->indexed_deltas, s->total_deltas);
	struct buf line = BUF_INIT;

	if (!p->tty || (p->shown && p->last == objs * 1000u + deltas))
		return 0;
	p->last = objs * 1000u + deltas;
	p->shown = 1;
	buf_printf(&line, "  %u/%u objects (%u%%), %.1f MiB", s->received_objects, s->total_objects,
		   objs, (double)s->received_bytes / (1024.0 * 1024.0));
	if (s->total_deltas)
		buf_printf(&line, ", deltas %u/%u", s->indexed_deltas, s->total_deltas);
	fprintf(stderr, "\r%-64s", line.data);
	fflush(stderr);
	buf_release(&line);
	return 0;
}

static void progress_end(const struct progress *p)
{
	if (p->tty && p->shown)
		fputc('\n', stderr);
}

/* fetching */

/*
 * An anonymous remote for url. url.<base>.insteadOf rewriting is skipped: the lock records
 * the URL that was fetched (and libgit2 1.5 leaks a regex match block per config key there).
 */
static int new_remote(git_remote **out, git_repository *repo, const char *url)
{
	git_remote_create_options ro;

	git_remote_create_options_init(&ro, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	ro.repository = repo;
	ro.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
	return git_remote_create_with_opts(out, url, &ro);
}

static int fetch_into(git_repository *repo, const struct gitcache *c, const struct cache_entry *e,
		      const char *dep)
{
	static char *specs[] = { "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*" };
	git_strarray refspecs = { specs, ARRAY_LEN(specs) };
	git_fetch_options fo;
	struct progress p = { c->progress, 0, 0 };
	git_remote *remote = NULL;
	int rc;

	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	fo.update_fetchhead = 0;
	fo.proxy_opts.type = GIT_PROXY_AUTO;
	fo.callbacks.transfer_progress = on_transfer;
	fo.callbacks.payload = &p;
	rc = new_remote(&remote, repo, e->url);
	if (rc == 0)
		rc = git_remote_fetch(remote, &refspecs, &fo, NULL);
	progress_end(&p);
	if (rc < 0)
		error("dependency '%s': could not fetch '%s': %s", dep, e->url, libgit2_message());
	git_remote_free(remote);
	return rc < 0 ? -1 : 0;
}

/* a new bare repository holding everything of the URL, in a temporary directory */
static char *clone_tmp(const struct gitcache *c, const struct cache_entry *e, const char *dep)
{
	struct sigaction old[3];
	char *tmp;
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	int rc = -1;

	catch_signals(old);
	tmp = tmpdir_create(c->root);
	if (!tmp) {
		release_signals(old);
		return NULL;
	}
	if (git_repository_init(&repo, tmp, 1) < 0 || git_repository_config(&cfg, repo) < 0 ||
	    git_config_set_string(cfg, "mipsbake.url", e->url) < 0)
		error("could not create a repository in '%s': %s", tmp, libgit2_message());
	else
		rc = fetch_into(repo, c, e, dep);
	git_config_free(cfg);
	git_repository_free(repo);
	if (rc < 0 || interrupted) {
		fs_remove_tree(tmp);
		free(tmp);
		tmp = NULL;
	}
	release_signals(old);
	return tmp;
}

/* hold an exclusive lock on the entry while fetching; the descriptor, or -1 */
static int lock_entry(const struct cache_entry *e)
{
	char *path = xasprintf("%s.flock", e->dir);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);

	if (fd < 0)
		warn("could not open the lock '%s': %s", path, strerror(errno));
	else
		while (flock(fd, LOCK_EX) < 0 && errno == EINTR)
			;
	free(path);
	return fd;
}

static void unlock_entry(int fd)
{
	if (fd >= 0)
		close(fd);
}

static void say_fetch(const struct cache_entry *e, const char *dep, const char *rev)
{
	fflush(stdout);
	fprintf(stderr, "fetch %s %s from %s\n", dep, rev, e->url);
}

/* clone into a temporary directory and rename it into place; keep a concurrent run's clone */
static int clone_entry(const struct gitcache *c, struct cache_entry *e, const char *dep)
{
	char *tmp = clone_tmp(c, e, dep);
	int rc = 0;

	if (!tmp)
		return -1;
	if (rename(tmp, e->dir) < 0) {
		if (errno != EEXIST && errno != ENOTEMPTY)
			rc = error("could not rename '%s' to '%s':", tmp, e->dir);
		fs_remove_tree(tmp);
	}
	free(tmp);
	return rc < 0 ? -1 : cache_entry_open(e, NULL) < 0 ? -1 : 0;
}

int cache_entry_fetch(const struct gitcache *c, struct cache_entry *e, const char *dep,
		      const char *rev)
{
	int fd, rc;

	say_fetch(e, dep, rev);
	fd = lock_entry(e);
	if (fd >= 0 && fs_is_dir(e->dir))
		clear_ref_locks(e);
	if (cache_entry_open(e, NULL) < 0)
		rc = -1;
	else if (e->repo)
		rc = fetch_into(e->repo, c, e, dep);
	else
		rc = clone_entry(c, e, dep);
	unlock_entry(fd);
	return rc;
}

int cache_entry_reclone(const struct gitcache *c, struct cache_entry *e, const char *dep,
			const char *rev)
{
	char *tmp;
	int fd, rc;

	say_fetch(e, dep, rev);
	fd = lock_entry(e);
	git_repository_free(e->repo);
	e->repo = NULL;
	tmp = clone_tmp(c, e, dep);
	rc = tmp ? tmpdir_install(tmp, e->dir) : -1;
	if (tmp && rc < 0)
		fs_remove_tree(tmp);
	free(tmp);
	unlock_entry(fd);
	return rc < 0 ? -1 : cache_entry_open(e, NULL) < 0 ? -1 : 0;
}

/* resolving */

static int is_hex(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);

	return n >= min && n <= max && strspn(s, "0123456789abcdefABCDEF") == n;
}

/* the commit an object peels to: 1 found, 0 not a commit-ish */
static int peel_commit(git_object *obj, git_oid *commit)
{
	git_object *c = NULL;
	int found = git_object_peel(&c, obj, GIT_OBJECT_COMMIT) == 0;

	if (found)
		git_oid_cpy(commit, git_object_id(c));
	git_object_free(c);
	git_object_free(obj);
	return found;
}

/* refs/<prefix><name> peeled to a commit: 1 found, 0 not */
static int ref_commit(const struct cache_entry *e, const char *prefix, const char *name,
		      git_oid *commit)
{
	char *refname = xasprintf("%s%s", prefix, name);
	git_reference *ref = NULL;
	git_object *obj = NULL;
	int found = 0;

	if (git_reference_lookup(&ref, e->repo, refname) == 0 &&
	    git_reference_peel(&obj, ref, GIT_OBJECT_ANY) == 0)
		found = peel_commit(obj, commit);
	git_reference_free(ref);
	free(refname);
	return found;
}

/* a full or abbreviated object id: 1 found, 0 not, -1 ambiguous (reported) */
static int id_commit(const struct cache_entry *e, const char *dep, const char *rev,
		     git_oid *commit)
{
	size_t n = strlen(rev);
	git_object *obj = NULL;
	git_oid id;
	int rc;

	if (git_oid_fromstrn(&id, rev, n) < 0)
		return 0;
	rc = git_object_lookup_prefix(&obj, e->repo, &id, n, GIT_OBJECT_ANY);
	if (rc == GIT_EAMBIGUOUS)
		return error("dependency '%s': rev '%s' is ambiguous in '%s'; give more digits",
			     dep, rev, e->url);
	return rc == 0 ? peel_commit(obj, commit) : 0;
}

int cache_resolve(const struct cache_entry *e, const char *dep, const char *rev,
		  enum rev_kind *kind, git_oid *commit)
{
	int rc = 0;

	*kind = REV_NONE;
	if (!e->repo)
		return 0;
	if (is_hex(rev, GIT_OID_HEXSZ, GIT_OID_HEXSZ) && (rc = id_commit(e, dep, rev, commit)))
		*kind = REV_COMMIT;
	else if (ref_commit(e, "refs/tags/", rev, commit))
		*kind = REV_TAG;
	else if (ref_commit(e, "refs/heads/", rev, commit))
		*kind = REV_BRANCH;
	else if (is_hex(rev, 4, GIT_OID_HEXSZ - 1) && (rc = id_commit(e, dep, rev, commit)))
		*kind = REV_COMMIT;
	if (rc < 0)
		return -1;
	return *kind != REV_NONE;
}

int cache_tag(const struct cache_entry *e, const char *tag, git_oid *commit)
{
	return e->repo && ref_commit(e, "refs/tags/", tag, commit);
}

void cache_tags(const struct cache_entry *e, const char *prefix, struct strv *out)
{
	git_strarray names = { NULL, 0 };

	if (!e->repo || git_tag_list(&names, e->repo) < 0)
		return;
	for (size_t i = 0; i < names.count; i++)
		if (str_has_prefix(names.strings[i], prefix))
			strv_push(out, names.strings[i]);
	git_strarray_dispose(&names);
	strv_sort(out);
}

int cache_entry_intact(const struct cache_entry *e, struct buf *why)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	int ok = 1;

	if (!e->repo || git_reference_iterator_new(&it, e->repo) < 0)
		return 1;
	while (ok && git_reference_next(&ref, it) == 0) {
		git_object *obj = NULL, *peeled = NULL;
		git_reference *direct = NULL;

		/* the negotiation of a fetch reads each ref's object and the commit it peels to */
		if (git_reference_resolve(&direct, ref) == 0 &&
		    (git_object_lookup(&obj, e->repo, git_reference_target(direct), GIT_OBJECT_ANY) < 0 ||
		     git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0)) {
			buf_printf(why, "%s: %s", git_reference_name(ref), libgit2_message());
			ok = 0;
		}
		git_object_free(peeled);
		git_object_free(obj);
		git_reference_free(direct);
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	return ok;
}

int cache_has(const struct cache_entry *e, const git_oid *id)
{
	git_odb *odb = NULL;
	int has;

	if (!e->repo || git_repository_odb(&odb, e->repo) < 0)
		return 0;
	has = git_odb_exists(odb, id);
	git_odb_free(odb);
	return has;
}

/* checking */

/* what read_tree_deep is reading */
struct deep_read {
	git_odb *odb;
	struct buf path;         /* the blob that failed */
};

static int read_blob(const char *root, const git_tree_entry *te, void *payload)
{
	struct deep_read *d = payload;
	git_odb_object *obj = NULL;

	if (git_tree_entry_type(te) != GIT_OBJECT_BLOB)
		return 0;
	if (git_odb_read(&obj, d->odb, git_tree_entry_id(te)) < 0) {
		buf_printf(&d->path, "blob %s '%s%s'", git_oid_tostr_s(git_tree_entry_id(te)), root,
			   git_tree_entry_name(te));
		return -1;
	}
	git_odb_object_free(obj);
	return 0;
}

/* read every object under tree (libgit2 checks each hash); the failure into why */
static int read_tree_deep(git_repository *repo, const git_tree *tree, const git_oid *commit,
			  struct buf *why)
{
	struct deep_read d = { NULL, BUF_INIT };
	int rc = git_repository_odb(&d.odb, repo);

	if (rc == 0)
		rc = git_tree_walk(tree, GIT_TREEWALK_PRE, read_blob, &d);
	if (rc < 0 && d.path.len)
		buf_printf(why, "commit %s, %s: %s", git_oid_tostr_s(commit), d.path.data,
			   libgit2_message());
	else if (rc < 0)
		buf_printf(why, "tree %s: %s", git_oid_tostr_s(git_tree_id(tree)), libgit2_message());
	git_odb_free(d.odb);
	buf_release(&d.path);
	return rc < 0 ? -1 : 0;
}

int cache_check(const struct cache_entry *e, const git_oid *commit, int deep, git_oid *tree,
		struct buf *why)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	int rc;

	if (git_commit_lookup(&c, e->repo, commit) < 0) {
		buf_printf(why, "commit %s: %s", git_oid_tostr_s(commit), libgit2_message());
		return -1;
	}
	git_oid_cpy(tree, git_commit_tree_id(c));
	git_commit_free(c);
	if (git_tree_lookup(&t, e->repo, tree) < 0) {
		buf_printf(why, "tree %s: %s", git_oid_tostr_s(tree), libgit2_message());
		return -1;
	}
	rc = deep ? read_tree_deep(e->repo, t, commit, why) : 0;
	git_tree_free(t);
	return rc;
}

int cache_entry_write_to_memory(struct cache_entry *e)
{
	git_odb *odb = NULL;
	git_odb_backend *mp = NULL;
	int rc = -1;

	if (git_repository_odb(&odb, e->repo) == 0 && git_mempack_new(&mp) == 0) {
		/* above the loose (1) and pack (2) backends: writes land here first */
		rc = git_odb_add_backend(odb, mp, 1000);
		if (rc < 0)
			mp->free(mp);
	}
	git_odb_free(odb);
	return rc < 0 ? error("could not set up an in-memory object store: %s", libgit2_message()) : 0;
}
