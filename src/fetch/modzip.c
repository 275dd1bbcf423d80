/* modzip.c: a module's zip file set from a git tree, and its h1 hashes */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "fetch/gitcache.h"
#include "fetch/modzip.h"
#include "lib/map.h"
#include "lib/os.h"
#include "lib/sha256.h"
#include "lib/banned.h"

/* golang.org/x/mod/zip's limit on a module's uncompressed size */
#define ZIP_MAX ((size_t)500 << 20)

/* what a tree walk gathers: every regular file under the module's directory */
struct walk {
	struct strv names;       /* relative to the module root */
	struct strmap blobs;     /* name -> its git_oid (owned) */
	size_t size;
	git_repository *repo;
	int failed;
};

static int on_entry(const char *root, const git_tree_entry *te, void *payload)
{
	struct walk *w = payload;
	git_filemode_t mode = git_tree_entry_filemode(te);
	git_oid *id;
	char *name;

	if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE)
		return 0;            /* trees are walked into; symlinks and submodules are left out */
	name = xasprintf("%s%s", root, git_tree_entry_name(te));
	id = xmalloc(sizeof(*id));
	git_oid_cpy(id, git_tree_entry_id(te));
	strv_push_owned(&w->names, name);
	strmap_put(&w->blobs, name, id);
	return 0;
}

/* zip's isVendoredPackage, keeping its offset bug (golang.org/issue/31562): checksums depend on it */
static int vendored(const char *name)
{
	size_t i;

	if (str_has_prefix(name, "vendor/"))
		i = strlen("vendor/");
	else if (strstr(name, "/vendor/"))
		i = strlen("/vendor/");
	else
		return 0;
	return strchr(name + i, '/') != NULL;
}

/* 1 when a directory above name (not the root) holds a go.mod of its own: a nested module */
static int in_submodule(const struct strmap *gomod_dirs, const char *name)
{
	char *dir = xstrdup(name), *slash;
	int in = 0;

	while (!in && (slash = strrchr(dir, '/'))) {
		*slash = '\0';
		in = strmap_get(gomod_dirs, dir) != NULL;
	}
	free(dir);
	return in;
}

/* module.CheckFilePath's element rules for one element of n bytes */
static int file_elem_ok(const char *e, size_t n)
{
	size_t dots = 0;

	if (n == 0 || e[n - 1] == '.')
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)e[i];

		dots += c == '.';
		/* non-ASCII is allowed as letters are; the rest as zip's fileNameOK says */
		if (c < 0x80 && !isalnum(c) && !strchr("!#$%&()+,-.=@[]^_{}~ ", c))
			return 0;
	}
	return dots < n && !path_elem_reserved(e, n);
}

static int file_path_ok(const char *p)
{
	for (const char *e = p;; e += strcspn(e, "/") + 1) {
		if (!file_elem_ok(e, strcspn(e, "/")))
			return 0;
		if (!e[strcspn(e, "/")])
			return 1;
	}
}

/* the tree of the module's directory; -1 after reporting */
static int module_tree(const struct modzip_src *m, git_tree **out)
{
	git_tree *root = NULL;
	git_tree_entry *te = NULL;
	int rc = git_tree_lookup(&root, m->repo, m->tree);

	*out = NULL;
	if (rc == 0 && !*m->subdir) {
		*out = root;
		return 0;
	}
	if (rc == 0 && (rc = git_tree_entry_bypath(&te, root, m->subdir)) == 0)
		rc = git_tree_lookup(out, m->repo, git_tree_entry_id(te));
	git_tree_entry_free(te);
	git_tree_free(root);
	return rc < 0 ? error("module %s@%s: no directory '%s' in tree %s: %s", m->module, m->version,
			      m->subdir, git_oid_tostr_s(m->tree), libgit2_message()) : 0;
}

/* the repository root's LICENSE, for a module in a subdirectory without one */
static void add_root_license(const struct modzip_src *m, struct walk *w)
{
	git_tree *root = NULL;
	const git_tree_entry *te;

	if (!*m->subdir || strmap_get(&w->blobs, "LICENSE") || git_tree_lookup(&root, m->repo, m->tree) < 0)
		return;
	te = git_tree_entry_byname(root, "LICENSE");
	if (te && git_tree_entry_filemode(te) == GIT_FILEMODE_BLOB)
		on_entry("", te, w);
	git_tree_free(root);
}

/* keep the names zip keeps; -1 after reporting one it refuses */
static int filter(const struct modzip_src *m, struct walk *w, struct strv *files)
{
	struct strmap gomod_dirs = STRMAP_INIT, lower = STRMAP_INIT;
	int rc = 0;

	for (size_t i = 0; i < w->names.n; i++)
		if (!strcmp(path_base(w->names.v[i]), "go.mod") && strcmp(w->names.v[i], "go.mod")) {
			char *dir = path_dir(w->names.v[i]);

			strmap_put(&gomod_dirs, dir, w);
			free(dir);
		}
	for (size_t i = 0; i < w->names.n && rc == 0; i++) {
		const char *name = w->names.v[i];
		char *low;

		if (vendored(name) || in_submodule(&gomod_dirs, name) || !strcmp(name, ".hg_archival.txt"))
			continue;
		low = xstrdup(name);
		for (char *c = low; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		if (!file_path_ok(name))
			rc = error("module %s@%s: malformed file path '%s'", m->module, m->version, name);
		else if (!strcmp(low, "go.mod") && strcmp(name, "go.mod"))
			rc = error("module %s@%s: '%s' must be named go.mod", m->module, m->version, name);
		else if (strmap_get(&lower, low))
			rc = error("module %s@%s: '%s' and another file differ only in case", m->module,
				   m->version, name);
		else
			strv_push(files, name);
		strmap_put(&lower, low, w);
		free(low);
	}
	strmap_release(&gomod_dirs);
	strmap_release(&lower);
	return rc;
}

static void walk_release(struct walk *w)
{
	for (size_t i = 0; i < w->blobs.cap; i++)
		if (w->blobs.keys && w->blobs.keys[i])
			free(w->blobs.vals[i]);
	strmap_release(&w->blobs);
	strv_release(&w->names);
}

/* modzip_files, and the walk behind it for the blobs */
static int gather(const struct modzip_src *m, struct walk *w, struct strv *files)
{
	git_tree *t = NULL;
	int rc = module_tree(m, &t);

	memset(w, 0, sizeof(*w));
	w->repo = m->repo;
	if (rc == 0 && git_tree_walk(t, GIT_TREEWALK_PRE, on_entry, w) < 0)
		rc = error("module %s@%s: could not read tree: %s", m->module, m->version, libgit2_message());
	git_tree_free(t);
	if (rc == 0)
		add_root_license(m, w);
	if (rc == 0)
		rc = filter(m, w, files);
	strv_sort(files);
	return rc;
}

int modzip_files(const struct modzip_src *m, struct strv *files)
{
	struct walk w;
	int rc = gather(m, &w, files);

	walk_release(&w);
	return rc;
}

/* append dirhash's line for one file: "<sha256 hex>  <name>\n" */
static void hash_line(struct buf *summary, const void *data, size_t len, const char *name)
{
	char hex[65];

	sha256_hex(data, len, hex);
	buf_printf(summary, "%s  %s\n", hex, name);
}

/* dirhash.Hash1 of the summary lines */
static void h1_of(const struct buf *summary, char h1[MODZIP_H1_SIZE])
{
	char b64[45];

	sha256_base64(summary->data ? summary->data : "", summary->len, b64);
	snprintf(h1, MODZIP_H1_SIZE, "h1:%s", b64);
}

int modzip_hash(const struct modzip_src *m, char h1[MODZIP_H1_SIZE])
{
	struct strv files = STRV_INIT;
	struct buf summary = BUF_INIT;
	struct walk w;
	size_t total = 0;
	int rc = gather(m, &w, &files);

	/* the zip's names are "module@version/name"; sorted with that prefix, as in the zip */
	for (size_t i = 0; rc == 0 && i < files.n; i++) {
		git_blob *blob = NULL;
		char *name;

		if (git_blob_lookup(&blob, m->repo, strmap_get(&w.blobs, files.v[i])) < 0) {
			rc = error("module %s@%s: could not read '%s': %s", m->module, m->version, files.v[i],
				   libgit2_message());
			break;
		}
		total += (size_t)git_blob_rawsize(blob);
		name = xasprintf("%s@%s/%s", m->module, m->version, files.v[i]);
		if (total > ZIP_MAX)
			rc = error("module %s@%s: more than %zu MiB of files", m->module, m->version, ZIP_MAX >> 20);
		else if (strchr(name, '\n'))
			rc = error("module %s@%s: a file name holds a line break", m->module, m->version);
		else
			hash_line(&summary, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob), name);
		free(name);
		git_blob_free(blob);
	}
	if (rc == 0)
		h1_of(&summary, h1);
	buf_release(&summary);
	strv_release(&files);
	walk_release(&w);
	return rc;
}

int modzip_gomod_hash(const struct modzip_src *m, char h1[MODZIP_H1_SIZE])
{
	struct buf summary = BUF_INIT;
	git_tree *t = NULL;
	const git_tree_entry *te;
	git_blob *blob = NULL;
	int rc = module_tree(m, &t);

	te = rc == 0 ? git_tree_entry_byname(t, "go.mod") : NULL;
	if (te && git_tree_entry_type(te) == GIT_OBJECT_BLOB && git_blob_lookup(&blob, m->repo, git_tree_entry_id(te)) == 0) {
		hash_line(&summary, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob), "go.mod");
	} else if (rc == 0) {
		char *synth = xasprintf("module %s\n", m->module);

		hash_line(&summary, synth, strlen(synth), "go.mod");
		free(synth);
	}
	if (rc == 0)
		h1_of(&summary, h1);
	git_blob_free(blob);
	git_tree_free(t);
	buf_release(&summary);
	return rc;
}

int cmd_modhash(int argc, char **argv)
{
	git_repository *repo = NULL;
	git_object *obj = NULL;
	git_tree *tree = NULL;
	char h1[MODZIP_H1_SIZE], gomod[MODZIP_H1_SIZE];
	int rc = 1;

	if (argc == 2 && is_help(argv[1])) {
		fputs("usage: mipsbake modhash REPO REV MODULE VERSION [SUBDIR]\n"
		      "print the go.sum lines of MODULE at VERSION, its content the git tree of REV in\n"
		      "repository REPO (SUBDIR of it), as 'go mod download' would compute them\n", stdout);
		return 0;
	}
	if (argc > 1 && argv[1][0] == '-')
		return usage_error("modhash", "unknown option '%s'", argv[1]);
	if (argc != 5 && argc != 6)
		return usage_error("modhash", "expected REPO REV MODULE VERSION [SUBDIR]");
	git_libgit2_init();
	if (git_repository_open_bare(&repo, argv[1]) < 0 && git_repository_open(&repo, argv[1]) < 0)
		error("could not open repository '%s': %s", argv[1], libgit2_message());
	else if (git_revparse_single(&obj, repo, argv[2]) < 0 || git_object_peel((git_object **)&tree, obj, GIT_OBJECT_TREE) < 0)
		error("no tree for '%s' in '%s': %s", argv[2], argv[1], libgit2_message());
	else {
		struct modzip_src m = { repo, git_tree_id(tree), argc == 6 ? argv[5] : "", argv[3], argv[4] };

		if (modzip_hash(&m, h1) == 0 && modzip_gomod_hash(&m, gomod) == 0) {
			printf("%s %s %s\n%s %s/go.mod %s\n", m.module, m.version, h1, m.module, m.version, gomod);
			rc = 0;
		}
	}
	git_tree_free(tree);
	git_object_free(obj);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}
