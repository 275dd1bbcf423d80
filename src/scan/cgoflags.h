/* cgoflags.h: the #cgo directives of a cgo preamble, read as go/build reads them, and
 * cmd/go's allowlist for their flags (cmd/go/internal/work/security.go, Go 1.19) */
#ifndef MIPSBAKE_CGOFLAGS_H
#define MIPSBAKE_CGOFLAGS_H

#include <stddef.h>

#include "lib/util.h"
#include "scan/goscan.h"

/* the verbs of a #cgo directive, in the order cmd/go checks their words */
enum cgo_kind {
	CGO_CPPFLAGS, CGO_CFLAGS, CGO_CXXFLAGS, CGO_FFLAGS, CGO_LDFLAGS,
	CGO_PKG_CONFIG,          /* "pkg-config": package names, and "--" options for it */
	CGO_NKINDS
};

/* the verb as written after #cgo: "CFLAGS", ..., "pkg-config" */
const char *cgo_kind_name(enum cgo_kind k);
/* the kind whose verb is name, or -1 */
int cgo_kind_find(const char *name);

/*
 * A user's own patterns for one package's flags, as cmd/go takes them from
 * $CGO_<KIND>_ALLOW and $CGO_<KIND>_DISALLOW: a flag the whole of which a disallow
 * pattern matches is refused, then one an allow pattern matches is accepted, before the
 * allowlist is consulted. NULL or "" is no pattern; pkg-config has none.
 */
struct cgoflags_overrides {
	const char *allow[CGO_NKINDS];
	const char *disallow[CGO_NKINDS];
	int manifest;            /* the patterns are a manifest's cgo_allow: and cgo_disallow:
				    (messages name those keys), not the environment's */
};

/* ov from the environment's CGO_<KIND>_ALLOW and CGO_<KIND>_DISALLOW, as cmd/go reads them
 * (the strings are the environment's; ov is valid while it is unchanged) */
void cgoflags_overrides_from_env(struct cgoflags_overrides *ov);

/*
 * Check flags, the words of #cgo kind ("CFLAGS", "LDFLAGS", ..., "pkg-config") of one
 * package, as cmd/go's checkCompilerFlags / checkLinkerFlags do, ov (may be NULL) first.
 * Returns 0 when all are allowed; -1 with why set to cmd/go's words ("invalid flag in #cgo
 * CFLAGS: -fplugin=x.so", "invalid pkg-config package name: -x", "parsing
 * $CGO_CFLAGS_ALLOW: ...") for the first one refused. An unknown kind is an error too.
 */
int cgoflags_check(const char *kind, const struct strv *flags, const struct cgoflags_overrides *ov,
		   struct buf *why);
/* cgoflags_check, and on -1 *bad is the index of the refused word in flags (SIZE_MAX when
 * an override pattern or the kind is at fault) */
int cgoflags_check_at(const char *kind, const struct strv *flags,
		      const struct cgoflags_overrides *ov, struct buf *why, size_t *bad);
/* cgoflags_check_at for flags from source, as cmd/go names it in messages: "pkg-config
 * --cflags" (kind "CFLAGS") and "pkg-config --libs" ("LDFLAGS") for pkg-config's output */
int cgoflags_check_from(const char *kind, const char *source, const struct strv *flags,
			const struct cgoflags_overrides *ov, struct buf *why, size_t *bad);
/* the hint for a refused flag of kind: how CGO_<KIND>_ALLOW (ov->manifest: the manifest's
 * cgo_allow:) lets it through; ov may be NULL */
void cgoflags_hint(const char *kind, const struct cgoflags_overrides *ov, struct buf *out);

/* the #cgo directives of a package's preambles, gathered file after file */
struct cgo_directives {
	struct strv words[CGO_NKINDS]; /* each verb's words in the order written, quotes
					* removed, ${SRCDIR} expanded, relative -I/-L paths of
					* the *FLAGS verbs made absolute (go/build's saveCgo) */
	struct pos *pos[CGO_NKINDS];   /* pos[k][i]: where words[k].v[i] starts */
	struct strv files;             /* copies of the paths parsed, which pos[][].file name */
};

void cgo_directives_init(struct cgo_directives *d);
/* append word to d's words of kind k, at (whose file must outlive d: one of d->files) */
void cgo_directives_add(struct cgo_directives *d, enum cgo_kind k, const char *word, struct pos at);
/* free the contents; d may be reused after cgo_directives_init */
void cgo_directives_release(struct cgo_directives *d);

/*
 * Add to out the #cgo lines of one cgo preamble: comment_text[0..n) is the raw source of the
 * comment group (its // and slash-star markers included) that starts at first_line of
 * path, at column 1 or after blanks only. A line "#cgo [COND...] VERB: ARGS" whose CONDs
 * (each a +build option, or a //go:build expression when it holds &, |, ( or )) hold none
 * for ctx is skipped unread, as go/build skips it; ARGS are split as go/build's splitQuoted
 * splits them, ${SRCDIR} is replaced by srcdir, and every word must be made of go/build's
 * safe characters. Returns 0, or -1 after reporting the file's first bad line as
 * "path:line:col: error: invalid #cgo line: ...", "malformed #cgo argument: ..." or
 * "invalid #cgo verb: ..." (what is before it in the file stays added).
 */
int cgo_directives_parse(const char *path, const char *comment_text, size_t n, int first_line,
			 const struct build_ctx *ctx, const char *srcdir, struct cgo_directives *out);

/*
 * Check every verb's words with cgoflags_check, reporting each verb's first refused word
 * at its place ("path:line:col: error: invalid flag in #cgo CFLAGS: -fplugin=x.so") with a
 * note on the override. Returns 0, or -1 when a word was refused.
 */
int cgo_directives_check(const struct cgo_directives *d, const struct cgoflags_overrides *ov);

/* a cgo preamble: the comment group that go/parser takes as the doc of an import "C" */
struct cgo_preamble {
	size_t off, len;         /* the comment group's bytes in the file (from its line's start
				  * when only blanks come before it there) */
	int line;                /* the line off is on */
};

/*
 * Find the cgo preambles of a Go file's text src[0..len) (named path in messages): the lead
 * comment of each import "C" spec, or of its import declaration when that has only the one
 * spec, as go/build's readGoInfo picks it. Returns the number of import "C" specs (0: none,
 * *out NULL), with *out newly allocated (len 0 for a spec without a comment); -1 after
 * reporting a header that cannot be read (a NUL in it, an unclosed comment or string).
 */
int cgo_preambles_find(const char *path, const char *src, size_t len, struct cgo_preamble **out);

/* run "mipsbake cgoflags [--goarch A] FILE.go..." (argv[0] is "cgoflags"); the exit status */
int cmd_cgoflags(int argc, char **argv);

#endif
