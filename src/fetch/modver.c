/* modver.c: module versions to git commits: tags, prefixed tags, +incompatible, pseudo-versions */
#define _POSIX_C_SOURCE 200809L
#define PCRE2_CODE_UNIT_WIDTH 8
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pcre2.h>

#include "fetch/gitcache.h"
#include "fetch/gomod.h"
#include "fetch/modsrc.h"
#include "fetch/modver.h"
#include "lib/banned.h"

/* golang.org/x/mod/module's pseudoVersionRE */
static const char pseudo_re[] =
	"^v[0-9]+\\.(0\\.0-|\\d+\\.\\d+-([^+]*\\.)?0\\.)\\d{14}-[A-Za-z0-9]+(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?$";

int modver_is_pseudo(const char *v)
{
	static pcre2_code *re;
	pcre2_match_data *md;
	PCRE2_SIZE off;
	int code, rc;

	if (!re && !(re = pcre2_compile((PCRE2_SPTR)pseudo_re, PCRE2_ZERO_TERMINATED, 0, &code, &off, NULL)))
		die("internal error: the pseudo-version pattern does not compile");
	if (!(md = pcre2_match_data_create_from_pattern(re, NULL)))
		die("out of memory");
	rc = pcre2_match(re, (PCRE2_SPTR)v, strlen(v), 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}

/* module's parsePseudoVersion: the commit id prefix and the time of pseudo-version v */
static void pseudo_parts(const char *v, struct modver *out)
{
	size_t n = strcspn(v, "+");
	char *s = xstrndup(v, n), *dash = strrchr(s, '-'), *dot, *prev;

	out->rev = xstrdup(dash + 1);
	*dash = '\0';
	prev = strrchr(s, '-');
	dot = strrchr(s, '.');
	snprintf(out->time, sizeof(out->time), "%s", dot && dot > prev ? dot + 1 : prev + 1);
	free(s);
}

int modver_parse(const char *v, const char *tag_prefix, struct modver *out, struct buf *why)
{
	memset(out, 0, sizeof(*out));
	if (modver_is_pseudo(v)) {
		pseudo_parts(v, out);
		return 0;
	}
	if (v[0] != 'v' || strchr(v, '/')) {
		buf_printf(why, "'%s' is neither a release version nor a pseudo-version", v);
		return -1;
	}
	out->incompatible = str_has_suffix(v, "+incompatible");
	out->tag = xasprintf("%s%.*s", tag_prefix, (int)strcspn(v, "+"), v);
	return 0;
}

void modver_release(struct modver *mv)
{
	free(mv->tag);
	free(mv->rev);
	memset(mv, 0, sizeof(*mv));
}

/* the commit a pseudo-version's id prefix names, its time checked; -1 after reporting */
static int pseudo_commit(git_repository *repo, const char *module, const char *v, const struct modver *mv,
			 git_oid *commit)
{
	git_object *obj = NULL;
	git_oid prefix;
	char when[16];
	time_t t;
	struct tm tm;
	int rc = -1;

	if (strlen(mv->rev) != 12 || git_oid_fromstrn(&prefix, mv->rev, 12) < 0)
		return error("module %s@%s: the commit id '%s' of a pseudo-version is 12 hex digits", module,
			     v, mv->rev);
	if (git_object_lookup_prefix(&obj, repo, &prefix, 12, GIT_OBJECT_COMMIT) < 0)
		return error("module %s@%s: no commit %s in the repository: %s", module, v, mv->rev,
			     libgit2_message());
	t = (time_t)git_commit_time((git_commit *)obj);
	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y%m%d%H%M%S", &tm);
	if (strcmp(when, mv->time) != 0)
		error("module %s@%s: the time %s does not match commit %s's, %s", module, v, mv->time,
		      mv->rev, when);
	else {
		git_oid_cpy(commit, git_object_id(obj));
		rc = 0;
	}
	git_object_free(obj);
	return rc;
}

/* the commit refs/tags/<tag> peels to; -1 after reporting */
static int tag_commit(git_repository *repo, const char *module, const char *v, const char *tag, git_oid *commit)
{
	char *ref = xasprintf("refs/tags/%s", tag);
	git_object *obj = NULL, *peeled = NULL;
	int rc = 0;

	if (git_revparse_single(&obj, repo, ref) < 0 || git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0)
		rc = error("module %s@%s: no tag '%s' in the repository", module, v, tag);
	else
		git_oid_cpy(commit, git_object_id(peeled));
	git_object_free(peeled);
	git_object_free(obj);
	free(ref);
	return rc;
}

int modver_resolve(git_repository *repo, const char *module, const char *v, const char *tag_prefix,
		   git_oid *commit)
{
	struct buf why = BUF_INIT;
	struct modver mv;
	int rc = modver_parse(v, tag_prefix, &mv, &why);

	if (rc < 0)
		error("module %s: %s", module, why.data);
	else if (mv.rev)
		rc = pseudo_commit(repo, module, v, &mv, commit);
	else
		rc = tag_commit(repo, module, v, mv.tag, commit);
	modver_release(&mv);
	buf_release(&why);
	return rc;
}

int modver_gomod(git_repository *repo, const git_oid *tree, const char *dir, const char *shown,
		 struct gomod *gm)
{
	char *path = *dir ? xasprintf("%s/go.mod", dir) : xstrdup("go.mod");
	git_tree *t = NULL;
	git_tree_entry *te = NULL;
	git_blob *blob = NULL;
	int rc = 0;

	memset(gm, 0, sizeof(*gm));
	if (git_tree_lookup(&t, repo, tree) == 0 && git_tree_entry_bypath(&te, t, path) == 0 &&
	    git_tree_entry_type(te) == GIT_OBJECT_BLOB) {
		rc = git_blob_lookup(&blob, repo, git_tree_entry_id(te)) < 0 ?
		     error("'%s': %s", shown, libgit2_message()) :
		     gomod_parse_lax(shown, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob), gm) < 0 ?
		     -1 : 1;
	}
	git_blob_free(blob);
	git_tree_entry_free(te);
	git_tree_free(t);
	free(path);
	return rc;
}

/* look for module's go.mod in dir: 1 it is there and names module (or, for a replacement,
 * the path it replaces), 0 none, -1 after reporting */
static int try_dir(git_repository *repo, const git_oid *tree, const char *module, const char *v,
		   const char *required, const char *dir, int must, char **go)
{
	char *shown = xasprintf("%s@%s/go.mod", module, v);
	struct gomod gm;
	int rc = modver_gomod(repo, tree, dir, shown, &gm);

	if (rc > 0 && (!gm.module || (strcmp(gm.module, module) && strcmp(gm.module, required)))) {
		rc = !must ? 0 : error("module %s@%s: its go.mod ('%s%sgo.mod') declares module '%s'; "
				       "it was required as '%s'", module, v, dir, *dir ? "/" : "",
				       gm.module ? gm.module : "(none)", required);
	}
	if (rc > 0)
		*go = gm.go ? xstrdup(gm.go) : NULL;
	gomod_release(&gm);
	free(shown);
	return rc;
}

int modver_moddir(git_repository *repo, const git_oid *tree, const char *module, const char *v,
		  const char *required, const char *tag_prefix, char **dir, char **go)
{
	size_t major = modsrc_major(module);
	char *base = xstrndup(tag_prefix, strlen(tag_prefix) - (*tag_prefix != '\0'));
	char *sub = major ? (*base ? xasprintf("%s%s", base, module + strlen(module) - major) :
			     xstrdup(module + strlen(module) - major + 1)) : NULL;
	int rc = sub ? try_dir(repo, tree, module, v, required, sub, 0, go) : 0;

	*dir = NULL;
	if (rc > 0) {
		*dir = sub;
		sub = NULL;
	} else if (rc == 0 && (rc = try_dir(repo, tree, module, v, required, base, 1, go)) >= 0) {
		if (rc == 0 && major && !str_has_suffix(v, "+incompatible"))
			rc = error("module %s@%s: no go.mod declares it (looked in '%s' and '%s')", module, v,
				   sub, *base ? base : ".");
		else
			rc = 0;
		*dir = base;
		base = NULL;
	}
	free(base);
	free(sub);
	if (rc < 0) {
		free(*dir);
		*dir = NULL;
		return -1;
	}
	return 0;
}

int cmd_modver(int argc, char **argv)
{
	git_repository *repo = NULL;
	git_oid commit;
	int rc = 1;

	if (argc == 2 && is_help(argv[1])) {
		fputs("usage: mipsbake modver REPO MODULE VERSION [TAG_PREFIX]\n"
		      "print the commit VERSION of MODULE names in repository REPO, as cmd/go's\n"
		      "direct mode resolves it (TAG_PREFIX: 'sub/dir/' for a module in a subdirectory)\n",
		      stdout);
		return 0;
	}
	if (argc > 1 && argv[1][0] == '-')
		return usage_error("modver", "unknown option '%s'", argv[1]);
	if (argc != 4 && argc != 5)
		return usage_error("modver", "expected REPO MODULE VERSION [TAG_PREFIX]");
	git_libgit2_init();
	if (git_repository_open_bare(&repo, argv[1]) < 0 && git_repository_open(&repo, argv[1]) < 0)
		error("could not open repository '%s': %s", argv[1], libgit2_message());
	else if (modver_resolve(repo, argv[2], argv[3], argc == 5 ? argv[4] : "", &commit) == 0) {
		puts(git_oid_tostr_s(&commit));
		rc = 0;
	}
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}
