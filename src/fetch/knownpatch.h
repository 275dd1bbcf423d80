/* knownpatch.h: the known-fix patches that come with mipsbake (<datadir>/patches/<module>/NAME.patch)
 * and a manifest's 'patches: [mipsbake:NAME]' naming them */
#ifndef MIPSBAKE_KNOWNPATCH_H
#define MIPSBAKE_KNOWNPATCH_H

#include "lib/util.h"
#include "manifest/manifest.h"

#define KNOWN_PATCH_PREFIX "mipsbake:"

/*
 * One shipped patch. Its header, the "Key: value" lines before the first empty line (a line
 * starting with a blank continues the one before), says:
 *   Fixes:     what it cures (required)
 *   Module:    the module it applies to (required; the directory under patches/ too)
 *   Versions:  the module versions it is made for, separated by blanks (required)
 *   Signature: a PCRE2 pattern of the compiler error it cures (required)
 *   Compiler:  gccgo or gc, when only one compiler fails (optional)
 *   Goarch:    the GOARCH values that fail, separated by blanks (optional: all)
 */
struct known_patch {
	char *name;              /* the file name without ".patch": what mipsbake:NAME names */
	char *path;              /* absolute path of the file */
	char *fixes, *module, *signature, *compiler;
	struct strv versions, goarch;
};

struct known_patches {
	struct known_patch *v;   /* sorted by name */
	size_t n;
};

/* load every <dir>/<module>/NAME.patch (dir missing: none); -1 after reporting a bad header */
int known_patches_load(const char *dir, struct known_patches *kp);
void known_patches_release(struct known_patches *kp);
/* the patch named name (without the prefix), NULL when none */
const struct known_patch *known_patch_find(const struct known_patches *kp, const char *name);
/* 1 when version is one of k's Versions */
int known_patch_fits(const struct known_patch *k, const char *version);
/* the module dependency d is a copy of: go.mod's (or its replacement), else its import path */
const char *known_patch_dep_module(const struct mf_dep *d);
/* the version of d a known patch's Versions are compared with: go.mod's, else its rev; NULL: none */
const char *known_patch_dep_version(const struct mf_dep *d);
/* 1 when d's patches name k */
int known_patch_used(const struct mf_dep *d, const struct known_patch *k);

/*
 * Resolve every dependency's "mipsbake:NAME" patch to the file <datadir>/patches holds: the
 * entry becomes its absolute path and d->patch_names[i] the name as written (the lock records
 * it). An unknown name, or a patch for another module, is an error at the entry listing what
 * there is. Returns 0, or -1 after reporting.
 */
int known_patches_resolve(struct manifest *m, const char *datadir);

/* 'mipsbake patches': the shipped patches of datadir as a table; 0, or 1 after reporting */
int cmd_patches(const char *datadir);

#endif
