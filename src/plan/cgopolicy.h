/* cgopolicy.h: a package's #cgo flags held to cmd/go's allowlist with the manifest's
 * cgo_allow: and cgo_disallow:, and its #cgo pkg-config: packages run through pkg-config */
#ifndef MIPSBAKE_CGOPOLICY_H
#define MIPSBAKE_CGOPOLICY_H

#include "lib/util.h"
#include "manifest/manifest.h"
#include "scan/cgoflags.h"

/* ov from the manifest's cgo_allow: and cgo_disallow: (the strings are m's) */
void cgo_policy_overrides(const struct manifest *m, struct cgoflags_overrides *ov);

/*
 * Check the words of d (one package's directives, parsed from its files) with m's
 * overrides, then, as cmd/go's getPkgConfigFlags does, run tc's pkg-config --cflags and
 * --libs for the pkg-config words (PKG_CONFIG_LIBDIR from tc's pkg_config_path, no other
 * PKG_CONFIG_* of the environment), check what they print as "pkg-config --cflags"
 * (CFLAGS) and "pkg-config --libs" (LDFLAGS), and append it to d's CPPFLAGS and LDFLAGS,
 * placed at the pkg-config directive. Adds to read the .pc files pkg-config read and the
 * directories it searches (what makes the result stale). Returns 0, or -1 after reporting
 * at the directive's path:line:col.
 */
int cgo_policy_apply(const struct manifest *m, const struct mf_toolchain *tc, struct cgo_directives *d,
		     struct strv *read);

/* split pkg-config's --cflags output as cmd/go's splitPkgConfigOutput does (pkgconf's
 * argvsplit: quotes and backslashes); -1 with why set when an escape or a quote is left open */
int cgo_pkg_config_split(const char *s, size_t n, struct strv *out, struct buf *why);

#endif
