/* backend.h: what a compiler backend gives the generator; one table entry per compiler */
#ifndef MIPSBAKE_BACKEND_H
#define MIPSBAKE_BACKEND_H

#include "lib/util.h"
#include "plan/plan.h"

/* options that shape the generated files */
struct gen_opts {
	const char *builddir;    /* absolute build directory */
	const char *manifest;    /* absolute manifest path */
	const char *self;        /* absolute path of this mipsbake */
	const char *lock;        /* absolute lock file path (a regeneration input when it exists) */
};

/*
 * A compiler's part of the build files. The generator writes every backend's rules into
 * build.ninja, calls prepare once when a configuration uses the backend, then writes each
 * configuration's file: config, package for each package (and early for each early one) in
 * the order of emit_order, link for each variant. Hooks that return int return -1 after
 * reporting; the generator goes on, so that every error is seen.
 */
struct backend {
	enum compiler compiler;
	/* the rules every configuration of this compiler uses (into build.ninja); -1 after
	 * reporting */
	int (*rules)(struct buf *b);
	/* files the configurations share, written before them; NULL: none */
	int (*prepare)(const struct gen_opts *o, const struct plan *p);
	/* the variables of configuration c: its tools, environment and flags, and edges that
	 * come before its packages' */
	int (*config)(struct buf *b, const struct gen_opts *o, const struct plan *p, const struct config *c);
	/* after c's packages and links: release what config kept for them; NULL: nothing */
	void (*config_done)(const struct config *c);
	/* the standard packages the backend compiles itself, set by config (dependencies first,
	 * std set): package writes them too, in the order of emit_order; NULL: none */
	size_t (*std_pkgs)(struct pkg *const **v);
	/* the edges that build package pkg of c, and the generated files they read */
	int (*package)(struct buf *b, const struct gen_opts *o, const struct plan *p, const struct config *c,
		       const struct pkg *pkg);
	/* the early compile of package pkg of c (pkg->early, see emit/order.h), written before
	 * package writes its edges; NULL: the backend has none, and no package is early */
	int (*early)(struct buf *b, const struct gen_opts *o, const struct plan *p, const struct config *c,
		     const struct pkg *pkg);
	/* the edges that link variant v */
	int (*link)(struct buf *b, const struct gen_opts *o, const struct variant *v);
	/* the edge that links a stripped variant v again, unstripped, into out */
	int (*link_unstripped)(struct buf *b, const struct gen_opts *o, const struct variant *v,
			       const char *out);
	/* the flags variant v is built with, as text for a provenance record (no paths of this
	 * machine): appended to compile and link */
	void (*describe)(const struct variant *v, struct strv *compile, struct strv *link);
	/* the names its compiles give source directories in place of their own, each appended
	 * to pairs with the absolute directory it stands for; NULL: none */
	void (*shown_dirs)(const struct plan *p, struct strv *pairs);
};

/* each backend, in the order their rules are written; NULL-terminated */
extern const struct backend *const backends[];
extern const struct backend gccgo_backend, gc_backend;
/* the backend of compiler c */
const struct backend *backend_for(enum compiler c);
/* 1 when a configuration of p is built by be */
int backend_used(const struct plan *p, const struct backend *be);

/* append the paths path(c, dep) of pkg's direct imports outside the standard library: the
 * export data a compile reads and waits for. Both compilers read only the export data of
 * direct imports (it describes whatever of an indirect one it needs); an indirect import's
 * export data is older than a direct one's, which was compiled against it, and its changes
 * reach the importer only through a direct import's export data changing too. */
void backend_dep_paths(const struct config *c, const struct pkg *pkg,
		       char *(*path)(const struct config *, const struct pkg *), struct strv *v);
/* for a package with //go:embed patterns: its embed configuration, the files named
 * prefix/<file> (how the compiler, run in the build directory, reaches them), written to
 * pkg/<config>/<importpath>/embedcfg when its bytes change. Its path relative to the build
 * directory; NULL when pkg embeds nothing, or after reporting (then *rc is -1) */
char *backend_embedcfg(const struct gen_opts *o, const struct config *c, const struct pkg *pkg,
		       const char *prefix, int *rc);
/* append pkg's embedded files, named prefix/<file>, as Ninja paths: inputs of its compile */
void backend_embed_paths(struct buf *b, const struct pkg *pkg, const char *prefix);
/* for a package whose module says a newer Go than the toolchain's: the "onfail" variable
 * of its compile, a note naming both versions (as cmd/go before 1.21 printed) */
void backend_newer_note(struct buf *b, const struct config *c, const struct pkg *pkg);

#endif
