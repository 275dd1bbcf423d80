/* gcexport.h: gc's export data (Go 1.19's indexed format) compared modulo positions no importer sees */
#ifndef MIPSBAKE_GCEXPORT_H
#define MIPSBAKE_GCEXPORT_H

#include <stddef.h>

/*
 * 1 when export data files a and b (go tool compile -o with -linkobj: an archive holding
 * __.PKGDEF) differ at most in positions that reach no importer's object and in their
 * fingerprints; 0 when they differ otherwise or either is not fully understood.
 */
int gcexport_equivalent(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen);

/*
 * mipsbake gc-export-update NEW OLD LINKOBJ: run by the generated gc_compile rule (not meant
 * for people). Replaces OLD with NEW unless gcexport_equivalent; then removes NEW, keeps OLD
 * and its mtime, and gives LINKOBJ OLD's fingerprint, which the importers compiled against OLD
 * recorded. 'gc-export-update --check FILE...' decodes each file and says what it holds.
 */
int cmd_gc_export_update(int argc, char **argv);

#endif
