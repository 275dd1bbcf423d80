/* gomod.h: go.mod files, read as golang.org/x/mod/modfile reads a main module's (strictly) */
#ifndef MIPSBAKE_GOMOD_H
#define MIPSBAKE_GOMOD_H

#include <stddef.h>

#include "lib/util.h"

/* a module path and version ("require", "exclude", either side of a "replace") */
struct gomod_version {
	char *path;
	char *version;           /* canonical semantic version; NULL: none (a replacement directory) */
};

struct gomod_require {
	struct gomod_version mod;
	int indirect;            /* marked "// indirect" */
	struct pos pos;          /* the line's first token */
};

struct gomod_replace {
	struct gomod_version old, new;
	struct pos pos;
};

struct gomod_retract {
	char *low, *high;        /* one version: both the same */
	char *rationale;         /* the comments on or above it, "" when none */
};

/* what a go.mod says; every array in file order */
struct gomod {
	char *module;            /* NULL when there is no module line */
	char *deprecated;        /* the module's "Deprecated:" paragraph, NULL: not deprecated */
	struct pos module_pos;
	char *go;                /* "1.N" of the go line, NULL: none */
	struct pos go_pos;
	char *toolchain;         /* the toolchain line (Go 1.21), NULL: none */
	struct gomod_require *require;
	size_t nrequire;
	struct gomod_version *exclude;
	size_t nexclude;
	struct gomod_replace *replace;
	size_t nreplace;
	struct gomod_retract *retract;
	size_t nretract;
};

/*
 * Parse the n bytes of text, go.mod file path (named in messages), into m (zeroed first).
 * Every problem is reported as "path:line:col: error: ..." (columns in bytes); -1 when there
 * was any, m then released.
 */
int gomod_parse(const char *path, const char *text, size_t n, struct gomod *m);
/* the same for a dependency's go.mod (modfile.ParseLax): unknown directives are ignored */
int gomod_parse_lax(const char *path, const char *text, size_t n, struct gomod *m);
/* read and parse the go.mod at path; -1 after reporting */
int gomod_load(const char *path, struct gomod *m);
void gomod_release(struct gomod *m);
/* m as 'go mod edit -json' prints it (the same members; compare them as JSON) */
void gomod_json(const struct gomod *m, struct buf *out);

/* golang.org/x/mod/module.CanonicalVersion: "v1.2" -> "v1.2.0", build metadata dropped but
 * "+incompatible"; NULL when v is no semantic version (newly allocated) */
char *gomod_canonical_version(const char *v);

/* golang.org/x/mod/semver.Compare of two canonical versions: <0, 0, >0 (prereleases before
 * releases, their dot-separated identifiers compared numerically or in ASCII order) */
int gomod_semver_compare(const char *a, const char *b);

/* mipsbake gomod FILE...: print each go.mod as 'go mod edit -json' would; 0, or 1 */
int cmd_gomod(int argc, char **argv);

#endif
