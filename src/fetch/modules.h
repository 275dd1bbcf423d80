/* modules.h: a module root's go.mod made into the manifest's dependencies */
#ifndef MIPSBAKE_MODULES_H
#define MIPSBAKE_MODULES_H

#include "manifest/manifest.h"

/*
 * When the module root (m->dir) has a go.mod: check 'module:' against it (or take it from
 * there), note its go line and whether vendor/ is used, and make every module it requires
 * (replacements and exclusions applied) a dependency: a go.mod version of a module whose
 * repository modsrc finds (mirrors first), fetched only when a package of it is imported; a
 * 'path:' dependency for a directory replacement. A 'dependencies:' entry of the manifest for
 * a required module overrides what go.mod says: 'path:', 'git:' and 'rev:' replace theirs,
 * 'patches:' apply to the go.mod version. Without go.mod, entries that give neither 'path' nor
 * 'git' (or 'git' without 'rev') are errors, as they always were. -1 after reporting.
 */
int modules_apply(struct manifest *m);

struct gomod;
struct gomod_require;
struct gomod_replace;
/* one require of go.mod (gm's replacements and exclusions applied): a dependency of m, or the
 * manifest's entry for it completed; -1 after reporting */
int modules_require(struct manifest *m, const struct gomod *gm, const struct gomod_require *r);
/* gm's replacement of path@version: one for that version wins over one for every version;
 * NULL: none */
const struct gomod_replace *modules_replacement(const struct gomod *gm, const char *path,
						const char *version);

/* 1 when gm excludes path@version */
int modules_excluded(const struct gomod *gm, const char *path, const char *version);
/* the go.mod in directory dir, parsed laxly (a dependency's): 1 read, 0 there is none, -1
 * after reporting */
int modules_dir_gomod(const char *dir, struct gomod *gm);

/* 1 when version a of a go line ("1.N" or "1.N.P") is older than b */
int go_version_less(const char *a, const char *b);

#endif
