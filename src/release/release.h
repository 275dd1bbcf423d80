/* release.h: reproducible release builds (mipsbake release) and their check (mipsbake verify) */
#ifndef MIPSBAKE_RELEASE_H
#define MIPSBAKE_RELEASE_H

#include "build.h"

/* what 'release' and 'verify' were asked */
struct release_opts {
	const char *dist;        /* where the release goes (default "dist") */
	int allow_dirty;         /* build from a work tree with uncommitted changes, "-dirty" version */
};

/*
 * Build the release of the manifest in o: refuse a dirty work tree unless allowed, take the
 * version, commit and SOURCE_DATE_EPOCH from git, build in <builddir>/release with the lock
 * frozen and 'stamp:' applied, then write the artifacts, SHA256SUMS and provenance.yaml to
 * r->dist. 0 or 1.
 */
int release_main(const struct build_opts *o, const struct release_opts *r);

/*
 * Clone the manifest's repository twice into <builddir>/verify, run 'release' in each with a
 * different path, umask, TZ and locale, and compare the two dist directories byte for byte,
 * naming the first differing offset and its ELF section. 0 when identical, else 1.
 */
int verify_main(const struct build_opts *o, const struct release_opts *r);

#endif
