/* modver.h: module versions to git commits, by the rules of cmd/go's direct mode */
#ifndef MIPSBAKE_MODVER_H
#define MIPSBAKE_MODVER_H

#include <git2.h>

#include "lib/util.h"

/* what a version names in a repository */
struct modver {
	char *tag;               /* the tag ("sub/dir/v1.2.3"), NULL for a pseudo-version */
	char *rev;               /* a pseudo-version's commit id prefix, NULL for a tag */
	char time[15];           /* a pseudo-version's UTC commit time, yyyymmddhhmmss */
	int incompatible;        /* "+incompatible": a v2+ tag of a module without go.mod */
};

/* 1 when v is a pseudo-version (module.IsPseudoVersion: the three forms) */
int modver_is_pseudo(const char *v);
/*
 * What canonical version v of a module whose code root is tag_prefix ("" at the top of the
 * repository, else "sub/dir/", which its tags start with) names: a tag (+incompatible
 * stripped) or a pseudo-version's commit and time. -1 with why filled when v is neither.
 */
int modver_parse(const char *v, const char *tag_prefix, struct modver *out, struct buf *why);
void modver_release(struct modver *mv);
/*
 * The commit version v of module names in repo: the tag's commit, or the commit a
 * pseudo-version's id prefix names (unique), whose commit time must be the pseudo-version's.
 * -1 after reporting.
 */
int modver_resolve(git_repository *repo, const char *module, const char *v, const char *tag_prefix,
		   git_oid *commit);

struct gomod;
/* the go.mod in directory dir ("" the top) of tree, parsed laxly (modfile.ParseLax), named
 * shown in messages: 1 read, 0 there is none, -1 after reporting */
int modver_gomod(git_repository *repo, const git_oid *tree, const char *dir, const char *shown,
		 struct gomod *gm);

/*
 * The directory of module in tree (of the commit version v names), as cmd/go finds it: for a
 * "/vN" module, "<tag_prefix>vN" when its go.mod there names the module (the major
 * subdirectory layout), else tag_prefix itself (the major branch layout), whose go.mod, when
 * there is one, must name the module (or required, the path a replacement stands in for).
 * *dir is "" at the top; *go the go line of its go.mod (NULL: none). 0, or -1 after reporting.
 */
int modver_moddir(git_repository *repo, const git_oid *tree, const char *module, const char *v,
		  const char *required, const char *tag_prefix, char **dir, char **go);

/* mipsbake modver REPO MODULE VERSION [TAG_PREFIX]: print the commit the version names */
int cmd_modver(int argc, char **argv);

#endif
