/* checkout.c: materialise a git tree into a directory, safely and atomically */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>

#include "fetch/checkout.h"
#include "fetch/gitcache.h"
#include "lib/map.h"
#include "lib/os.h"
#include "lib/tmpdir.h"
#include "lib/banned.h"

/* a checkout being written */
struct writer {
	const struct checkout *co;
	const char *root;        /* the temporary directory */
	struct strv links;       /* symlinks, created last: path, target, path, target, ... */
	struct strmap kinds;     /* every path of the tree: &is_dir, &is_file or its link target */
	char *where;             /* " in commit C" (" with its patches applied"): for messages */
};

/* the kinds of entries in writer.kinds that are no links */
static char is_dir, is_file;

int checkout_is_current(const char *dir, const char *stamp)
{
	char *path = path_join(dir, CHECKOUT_STAMP);
	struct buf b = BUF_INIT;
	int current = 0;

	if (fs_is_file(path) && fs_read_file(path, &b) == 0)
		current = str_has_prefix(b.data, stamp) &&
			  str_has_prefix(b.data + strlen(stamp), "tree ");
	buf_release(&b);
	free(path);
	return current;
}

/* the entry's name must stay one path element inside the checkout */
static int check_name(const struct writer *w, const char *rel, const char *name, int top)
{
	if (!*name || !strcmp(name, ".") || !strcmp(name, "..") || strchr(name, '/'))
		return error("dependency '%s': path '%s'%s would escape the checkout directory",
			     w->co->dep, rel, w->where);
	if (!strcasecmp(name, ".git"))
		return error("dependency '%s': path '%s'%s is named '.git'; refusing to check it out",
			     w->co->dep, rel, w->where);
	if (top && !strcmp(name, CHECKOUT_STAMP))
		return error("dependency '%s': path '%s'%s is reserved for mipsbake", w->co->dep, rel,
			     w->where);
	return 0;
}

static int write_file(struct writer *w, const git_tree_entry *te, const char *rel, int exec)
{
	char *path = path_join(w->root, rel);
	git_blob *blob = NULL;
	int fd = -1, rc = -1;

	if (git_blob_lookup(&blob, w->co->repo, git_tree_entry_id(te)) < 0)
		error("dependency '%s': could not read '%s': %s", w->co->dep, rel, libgit2_message());
	else if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			    exec ? 0777 : 0666)) < 0)
		error("dependency '%s': could not create '%s':", w->co->dep, path);
	else if (fs_write_all(fd, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob)) < 0)
		error("dependency '%s': could not write '%s':", w->co->dep, path);
	else
		rc = 0;
	strmap_put(&w->kinds, rel, &is_file);
	if (fd >= 0 && close(fd) < 0 && rc == 0)
		rc = error("dependency '%s': could not write '%s':", w->co->dep, path);
	git_blob_free(blob);
	free(path);
	return rc;
}

static int add_link(struct writer *w, const git_tree_entry *te, const char *rel)
{
	git_blob *blob = NULL;
	char *target;
	size_t n;

	if (git_blob_lookup(&blob, w->co->repo, git_tree_entry_id(te)) < 0)
		return error("dependency '%s': could not read '%s': %s", w->co->dep, rel,
			     libgit2_message());
	n = (size_t)git_blob_rawsize(blob);
	target = xstrndup(git_blob_rawcontent(blob), n);
	git_blob_free(blob);
	if (strlen(target) != n || n == 0 || target[0] == '/') {
		error("dependency '%s': symlink '%s'%s points outside the dependency ('%s')",
		      w->co->dep, rel, w->where, target);
		free(target);
		return -1;
	}
	strv_push(&w->links, rel);
	strv_push_owned(&w->links, target);
	return 0;
}

static int write_tree(struct writer *w, const git_oid *id, const char *rel, git_oid *norm);

/* write entry te at rel; *norm is its id once file modes are normalized (trees only differ) */
static int write_entry(struct writer *w, const git_tree_entry *te, const char *rel, git_oid *norm)
{
	git_oid_cpy(norm, git_tree_entry_id(te));
	/* git_tree_entry_filemode normalizes: a legacy 100664 is checked out as 100644 */
	switch (git_tree_entry_filemode(te)) {
	case GIT_FILEMODE_TREE:
		return write_tree(w, git_tree_entry_id(te), rel, norm);
	case GIT_FILEMODE_BLOB:
		return write_file(w, te, rel, 0);
	case GIT_FILEMODE_BLOB_EXECUTABLE:
		return write_file(w, te, rel, 1);
	case GIT_FILEMODE_LINK:
		return add_link(w, te, rel);
	case GIT_FILEMODE_COMMIT:
		return error("dependency '%s': '%s'%s is a submodule (commit %s); git "
			     "submodules are not supported", w->co->dep, rel, w->where,
			     git_oid_tostr_s(git_tree_entry_id(te)));
	default:
		return error("dependency '%s': '%s' has an unknown file mode %o", w->co->dep, rel,
			     (unsigned)git_tree_entry_filemode(te));
	}
}

/*
 * Write tree id at rel. *norm is the id of the same tree with normalized file modes, as
 * git writes them now (old trees may hold 100664): what the checkout hashes back to.
 */
static int write_tree(struct writer *w, const git_oid *id, const char *rel, git_oid *norm)
{
	char *path = path_join(w->root, rel);
	git_treebuilder *tb = NULL;
	git_tree *t = NULL;
	int rc = 0;

	if (git_tree_lookup(&t, w->co->repo, id) < 0 || git_treebuilder_new(&tb, w->co->repo, NULL) < 0)
		rc = error("dependency '%s': could not read tree %s: %s", w->co->dep,
			   git_oid_tostr_s(id), libgit2_message());
	else if (*rel && mkdir(path, 0777) < 0)
		rc = error("dependency '%s': could not create '%s':", w->co->dep, path);
	if (*rel)
		strmap_put(&w->kinds, rel, &is_dir);
	for (size_t i = 0; rc == 0 && i < git_tree_entrycount(t); i++) {
		const git_tree_entry *te = git_tree_entry_byindex(t, i);
		const char *name = git_tree_entry_name(te);
		char *sub = *rel ? xasprintf("%s/%s", rel, name) : xstrdup(name);
		git_oid sub_norm;

		rc = check_name(w, sub, name, !*rel);
		if (rc == 0)
			rc = write_entry(w, te, sub, &sub_norm);
		if (rc == 0 && git_treebuilder_insert(NULL, tb, name, &sub_norm, git_tree_entry_filemode(te)) < 0)
			rc = error("dependency '%s': could not hash '%s': %s", w->co->dep, sub,
				   libgit2_message());
		free(sub);
	}
	if (rc == 0 && git_treebuilder_write(norm, tb) < 0)
		rc = error("dependency '%s': could not hash '%s': %s", w->co->dep, *rel ? rel : ".",
			   libgit2_message());
	git_treebuilder_free(tb);
	git_tree_free(t);
	free(path);
	return rc;
}

/* how a symlink resolves in the checkout */
enum resolved { R_INSIDE, R_OUTSIDE, R_DANGLING, R_LOOP };

/* the most links one resolution follows, as Linux's MAXSYMLINKS */
#define LINK_HOPS 40

/* push the elements of s, in order, to the front of the queue q (q->v[q->n - 1] first) */
static void queue_front(struct strv *q, const char *s)
{
	struct strv parts = STRV_INIT;

	for (const char *e = s; *e; e += strcspn(e, "/"), e += *e == '/')
		if (strcspn(e, "/"))
			strv_push_owned(&parts, xstrndup(e, strcspn(e, "/")));
	while (parts.n)
		strv_push_owned(q, parts.v[--parts.n]);
	strv_release(&parts);
}

/* the path of the elements at, as a key of w->kinds */
static char *join_elems(const struct strv *at)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < at->n; i++)
		buf_printf(&b, "%s%s", i ? "/" : "", at->v[i]);
	return buf_detach(&b);
}

/*
 * Resolve the link at rel (target) as the final checkout will: element by element from the
 * link's directory, the checkout root the top ('..' above it leaves), following the links
 * of the tree, with what the tree holds the only things that exist.
 */
static enum resolved resolve(const struct writer *w, const char *rel, const char *target)
{
	struct strv at = STRV_INIT, queue = STRV_INIT;
	enum resolved r = R_INSIDE;
	int hops = 0;

	queue_front(&queue, target);
	for (const char *e = rel; strchr(e, '/'); e = strchr(e, '/') + 1)
		strv_push_owned(&at, xstrndup(e, strcspn(e, "/")));
	while (r == R_INSIDE && queue.n) {
		char *e = queue.v[--queue.n], *path;
		const char *kind;

		if (!strcmp(e, ".")) {
			free(e);
			continue;
		}
		if (!strcmp(e, "..")) {
			free(e);
			if (!at.n)
				r = R_OUTSIDE;
			else
				free(at.v[--at.n]);
			continue;
		}
		strv_push_owned(&at, e);
		path = join_elems(&at);
		kind = strmap_get(&w->kinds, path);
		if (!kind || (kind == &is_file && queue.n))
			r = R_DANGLING;
		else if (kind != &is_dir && kind != &is_file && ++hops > LINK_HOPS)
			r = R_LOOP;
		else if (kind != &is_dir && kind != &is_file) {
			/* a link: go on from its directory (absolute targets were refused in add_link) */
			free(at.v[--at.n]);
			queue_front(&queue, kind);
		}
		free(path);
	}
	strv_release(&at);
	strv_release(&queue);
	return r;
}

/* every link must resolve to something of the tree; -1 after reporting */
static int check_link(const struct writer *w, const char *rel, const char *target)
{
	switch (resolve(w, rel, target)) {
	case R_INSIDE:
		return 0;
	case R_OUTSIDE:
		return error("dependency '%s': symlink '%s'%s points outside the dependency ('%s')",
			     w->co->dep, rel, w->where, target);
	case R_DANGLING:
		return error("dependency '%s': symlink '%s'%s points to '%s', which the dependency "
			     "does not hold", w->co->dep, rel, w->where, target);
	case R_LOOP:
		break;
	}
	return error("dependency '%s': symlink '%s'%s is a symlink loop ('%s')", w->co->dep, rel,
		     w->where, target);
}

static int make_links(struct writer *w)
{
	int rc = 0;

	for (size_t i = 0; i + 1 < w->links.n; i += 2)
		strmap_put(&w->kinds, w->links.v[i], w->links.v[i + 1]);
	for (size_t i = 0; i + 1 < w->links.n; i += 2)
		if (check_link(w, w->links.v[i], w->links.v[i + 1]) < 0)
			rc = -1;
	for (size_t i = 0; rc == 0 && i + 1 < w->links.n; i += 2) {
		char *path = path_join(w->root, w->links.v[i]);

		if (symlink(w->links.v[i + 1], path) < 0)
			rc = error("dependency '%s': could not create symlink '%s':", w->co->dep, path);
		free(path);
	}
	return rc;
}

/* hashing the checkout back */

static int hash_dir(git_repository *mem, const char *dir, int top, git_oid *out);

/* the blob id and file mode of one directory entry; file contents are hashed as they are
 * read, never held (a dependency may hold files of hundreds of megabytes) */
static int hash_entry(git_repository *mem, const char *path, git_oid *id, git_filemode_t *mode)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return error("could not stat '%s':", path);
	if (S_ISDIR(st.st_mode)) {
		*mode = GIT_FILEMODE_TREE;
		return hash_dir(mem, path, 0, id);
	}
	if (S_ISLNK(st.st_mode)) {
		char target[PATH_MAX];
		ssize_t n = readlink(path, target, sizeof(target));

		if (n < 0)
			return error("could not read symlink '%s':", path);
		*mode = GIT_FILEMODE_LINK;
		return git_odb_hash(id, target, (size_t)n, GIT_OBJECT_BLOB) < 0 ? -1 : 0;
	}
	if (!S_ISREG(st.st_mode))
		return error("'%s' is not a regular file", path);
	*mode = (st.st_mode & S_IXUSR) ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
	return git_odb_hashfile(id, path, GIT_OBJECT_BLOB) < 0 ? -1 : 0;
}

static int hash_dir(git_repository *mem, const char *dir, int top, git_oid *out)
{
	struct strv names = STRV_INIT;
	git_treebuilder *tb = NULL;
	int rc = fs_list_dir(dir, &names);

	if (rc == 0 && git_treebuilder_new(&tb, mem, NULL) < 0)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < names.n; i++) {
		char *path = path_join(dir, names.v[i]);
		git_filemode_t mode;
		git_oid id;

		if (!(top && !strcmp(names.v[i], CHECKOUT_STAMP))) {
			rc = hash_entry(mem, path, &id, &mode);
			if (rc == 0 && git_treebuilder_insert(NULL, tb, names.v[i], &id, mode) < 0)
				rc = -1;
		}
		free(path);
	}
	if (rc == 0 && git_treebuilder_write(out, tb) < 0)
		rc = -1;
	git_treebuilder_free(tb);
	strv_release(&names);
	return rc;
}

/* a repository whose objects live only in memory */
static int mem_repo(git_repository **out)
{
	git_odb *odb = NULL;
	git_odb_backend *mp = NULL;
	int rc = -1;

	*out = NULL;
	if (git_odb_new(&odb) < 0 || git_mempack_new(&mp) < 0)
		goto out;
	if (git_odb_add_backend(odb, mp, 1) < 0) {
		mp->free(mp);
		goto out;
	}
	if (git_repository_new(out) == 0) {
		git_repository_set_odb(*out, odb);
		rc = 0;
	}
out:
	git_odb_free(odb);
	return rc;
}

/* the tree id of what is on disk must be the tree we wrote, modes normalized */
static int verify(const struct writer *w, const git_oid *norm)
{
	git_repository *mem = NULL;
	git_oid disk;
	int rc = mem_repo(&mem);

	/* the trees are built of blob ids only: the blobs are hashed, not stored */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
	if (rc == 0)
		rc = hash_dir(mem, w->root, 1, &disk);
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 1);
	git_repository_free(mem);
	if (rc < 0)
		return error("dependency '%s': could not hash the checkout '%s': %s", w->co->dep,
			     w->root, libgit2_message());
	if (!git_oid_equal(&disk, norm)) {
		char want[GIT_OID_HEXSZ + 1];

		git_oid_tostr(want, sizeof(want), norm);
		return error("dependency '%s': the checked-out tree is %s, expected %s", w->co->dep,
			     git_oid_tostr_s(&disk), want);
	}
	return 0;
}

static int write_stamp(const struct writer *w)
{
	char *path = path_join(w->root, CHECKOUT_STAMP);
	char *text = xasprintf("%stree %s\n", w->co->stamp, git_oid_tostr_s(w->co->tree));
	int rc = fs_write_atomic(path, text, strlen(text));

	free(text);
	free(path);
	return rc;
}

int checkout_tree(const struct checkout *co)
{
	struct writer w = { co, NULL, STRV_INIT, STRMAP_INIT, NULL };
	git_oid norm;
	char *parent = path_dir(co->dir);
	char *tmp = NULL;
	int rc = -1;

	if (fs_mkdir_p(co->tmp_parent) == 0 && fs_mkdir_p(parent) == 0)
		tmp = tmpdir_create(co->tmp_parent);
	w.root = tmp;
	w.where = xasprintf(" in commit %s%s", co->commit, co->patched ? " with its patches applied" : "");
	if (tmp && write_tree(&w, co->tree, "", &norm) == 0 && make_links(&w) == 0 && verify(&w, &norm) == 0 &&
	    write_stamp(&w) == 0)
		rc = tmpdir_install(tmp, co->dir);
	if (tmp && rc < 0)
		fs_remove_tree(tmp);
	strv_release(&w.links);
	strmap_release(&w.kinds);
	free(w.where);
	free(tmp);
	free(parent);
	return rc;
}
