/* noop.h: the no-op fast path. When Ninja has found nothing to do, mipsbake records the state
 * (device, inode, size, mtime, ctime) of every file Ninja reads for those targets; while none
 * of them has changed, a run for the same targets needs no Ninja at all. */
#ifndef MIPSBAKE_NOOP_H
#define MIPSBAKE_NOOP_H

/* the per-target-set records, under the build directory */
#define NOOP_DIR ".mipsbake-noop"

struct noop;

/* look up the record for running ninja (its path) on targets (NULL-terminated; NULL: the
 * default) in builddir, and stat what it names; never fails (a missing or unreadable record
 * is a miss) */
struct noop *noop_begin(const char *builddir, const char *ninja, char *const *targets);
/* 1 when nothing Ninja reads has changed since a run of it that found nothing to do */
int noop_hit(const struct noop *n);
/* after Ninja ran with exit status rc: when it ran no command, record what noop_begin saw
 * (or, the first time for these build files, find out what Ninja reads, for the next run to
 * confirm); then free n (NULL is allowed) */
void noop_end(struct noop *n, int rc);

#endif
