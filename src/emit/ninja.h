/* ninja.h: writing Ninja files; the only ways text reaches a build file or a command line */
#ifndef MIPSBAKE_NINJA_H
#define MIPSBAKE_NINJA_H

#include "plan/plan.h"
#include "lib/util.h"

/* append s escaped for Ninja text: '$' ' ' ':' become "$$" "$ " "$:"; newline is refused earlier */
void ninja_escape(struct buf *b, const char *s);
/* append s as one POSIX shell word (unchanged when it needs no quoting, else single-quoted) */
void sh_quote(struct buf *b, const char *s);
/* append s escaped for a Makefile-style depfile ('\ ', '\#', '$$') */
void depfile_escape(struct buf *b, const char *s);

/* "name = value" (indented under a build line when indent is set); value is the shell words
 * of argv, each quoted, then Ninja-escaped */
void ninja_var_words(struct buf *b, int indent, const char *name, const struct strv *argv);
/* the same for one shell word */
void ninja_var_word(struct buf *b, int indent, const char *name, const char *word);
/* "name = value" for a path used on build lines (Ninja-escaped, not shell-quoted) */
void ninja_var_path(struct buf *b, int indent, const char *name, const char *path);
/* " path" Ninja-escaped, as an input or output on a build line */
void ninja_path(struct buf *b, const char *path);

/* append the paths path(c, dep) of pkg's direct imports outside the standard library: the
 * export data a compile reads and waits for. Both compilers read only the export data of
 * direct imports (it describes whatever of an indirect one it needs); an indirect import's
 * export data is older than a direct one's, which was compiled against it, and its changes
 * reach the importer only through a direct import's export data changing too. */
void ninja_dep_paths(const struct config *c, const struct pkg *pkg,
		     char *(*path)(const struct config *, const struct pkg *), struct strv *v);

/* options that shape the generated files */
struct gen_opts {
	const char *builddir;    /* absolute build directory */
	const char *manifest;    /* absolute manifest path */
	const char *self;        /* absolute path of this mipsbake */
	const char *lock;        /* absolute lock file path (a regeneration input when it exists) */
};

/* write build.ninja, its depfile and the per-configuration files; -1 after reporting */
int ninja_generate(const struct plan *p, const struct gen_opts *o);

/* the gc backend: append the edges of configuration c and its variants to b, writing the
 * importcfg files they read; -1 after reporting */
int gc_emit_config(struct buf *b, const struct gen_opts *o, const struct plan *p, const struct config *c);
/* the rules every gc configuration uses */
void gc_emit_rules(struct buf *b);
/* the gccgo backend: append the edges of configuration c and its variants to b, writing the
 * generated files that set variables; -1 after reporting */
int gccgo_emit_config(struct buf *b, const struct gen_opts *o, const struct plan *p, const struct config *c);
/* gccgo's source view: src/<root> links in the build directory; -1 after reporting */
int gccgo_write_view(const struct gen_opts *o, const struct plan *p);
/* the rules every gccgo configuration uses */
void gccgo_emit_rules(struct buf *b);
/* the flags variant v is built with, as text for a provenance record (no paths of this
 * machine): appended to compile and link */
void gccgo_describe(const struct variant *v, struct strv *compile, struct strv *link);
void gc_describe(const struct variant *v, struct strv *compile, struct strv *link);
/* gccgo's mangling of a package path into a symbol prefix (cmd/internal/pkgpath's v3) */
char *gccgo_mangle_pkgpath(const char *path);

#endif
