/* vendor.h: vendor/modules.txt, read as cmd/go's readVendorList reads it and checked against
 * go.mod as its checkVendorConsistency and initVendor do when it builds with -mod=vendor (Go 1.19) */
#ifndef MIPSBAKE_VENDOR_H
#define MIPSBAKE_VENDOR_H

#include <stddef.h>

#include "fetch/gomod.h"
#include "lib/map.h"
#include "lib/util.h"

/* one module of modules.txt: the "# path version [=> new [version]]" lines of one path and
 * version, and the "## ..." lines under them (their annotations merged) */
struct vendor_module {
	char *path;
	char *version;           /* NULL: a wildcard replacement line, "# path => new" */
	char *rep_path;          /* "=> new [version]": the replacement; NULL: none */
	char *rep_version;       /* NULL: a directory replacement, or none */
	int explicit;            /* "## explicit": go.mod requires this path and version */
	char *go;                /* "## go 1.N": its go.mod's go version; NULL: none (cmd/go then
				  * compiles it as go 1.16) */
	int line;                /* its first "# " line */
	int explicit_line;       /* its first "## explicit" line, 0: none */
	int provides;            /* lists a package, at the highest version of its path so far
				  * (cmd/go's vendorList) */
	int replaced;            /* a "# " line gave a replacement cmd/go understands (vendorReplaced) */
};

/* what vendor/modules.txt lists; every array in file order */
struct vendor {
	char *root;              /* the module root, as given to vendor_load */
	char *path;              /* "<root>/vendor/modules.txt", named in messages */
	struct vendor_module *mods;
	size_t nmods;
	struct strv pkgs;        /* every listed package import path, once */
	size_t *pkg_mod;         /* pkg_mod[i]: the index in mods of pkgs.v[i]'s module (the
				  * last "# " line above its last listing) */
	struct strmap by_pkg, by_mod, by_path; /* lookups, private: index + 1 */
};

/*
 * Read <root>/vendor/modules.txt into v (zeroed first). A missing file lists nothing, as for
 * cmd/go; lines cmd/go ignores are ignored. -1 after reporting "path:line:col: error: ..."
 * (a NUL byte) or why the file cannot be read; v is then released.
 */
int vendor_load(const char *root, struct vendor *v);
/*
 * Check v against the main module's go.mod m (read from gomod_path) as cmd/go does before it
 * builds with -mod=vendor: every require marked "## explicit" at its version, every
 * replacement the same on both sides and, from go 1.17, every module that provides packages
 * required in go.mod (m->go before 1.14: only the checks cmd/go keeps for such files). Each
 * inconsistency is reported at its line, in cmd/go's order, then the advice to run 'go mod
 * vendor'; -1 when there was any.
 */
int vendor_check(const struct vendor *v, const struct gomod *m, const char *gomod_path);
/* the module vendor/<importpath> comes from: NULL when modules.txt does not list importpath */
const struct vendor_module *vendor_package(const struct vendor *v, const char *importpath);
void vendor_release(struct vendor *v);
/* 1 when the module at root builds from vendor/ by default, as cmd/go decides without -mod:
 * <root>/vendor is a directory and go.mod says go 1.14 or later */
int vendor_in_use(const char *root, const struct gomod *m);

/* mipsbake vendorcheck [-mod=vendor] DIR: check DIR/vendor/modules.txt against DIR/go.mod
 * and print each package "importpath module version[ go]"; 0, 1 (inconsistent) or 2 */
int cmd_vendorcheck(int argc, char **argv);

#endif
