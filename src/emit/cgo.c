/* cgo.c: go tool cgo on a package's files that import "C", for either backend */
#include <stdlib.h>
#include <string.h>

#include "emit/action.h"
#include "emit/cgo.h"
#include "emit/diagmap.h"
#include "emit/ninja.h"
#include "lib/gostring.h"
#include "lib/os.h"
#include "lib/banned.h"

/*
 * go tool cgo writes into -objdir, and runs $gcc with the flags after "--" to learn the C
 * types. It is run in the build directory on relative paths; -trimpath turns the absolute
 * paths it would write into //line and #line directives into the package's import path,
 * so no path of this machine reaches its output. It writes _cgo_.o and _cgo_flags too,
 * which are not needed here.
 */
void cgo_rules(struct buf *b)
{
	buf_puts(b,
		 "rule cgo_gen\n"
		 "  command = " ACTION_GET "rm -rf $objdir && mkdir -p $objdir && ");
	diag_command(b, "env CGO_ENABLED=1 GOOS=linux GOARCH=$goarch $cgoarchenv $cgoenv CC=$gccq GCCGO=$gccgoq "
		     "$cgo -objdir $objdir/ $cgoflags -- -I $objdir $archflags $cflags $cgocflags $in",
		     "$objdir.log", "$cgonote");
	buf_puts(b, ACTION_PUT
		 "\n  description = CGO $pkg\n"
		 "rule cgo_dynimport\n"
		 "  command = " ACTION_GET "env PWD=/proc/self/cwd $gcc -c $archflags $cflags $cgocflags -o $objdir/_cgo_main.o "
		 "$objdir/_cgo_main.c && if env PWD=/proc/self/cwd $gcc $archflags -o $objdir/_cgo_.o "
		 "$objdir/_cgo_main.o $objs $cgoldflags 2>$objdir/_cgo_.log; then env GOOS=linux "
		 "GOARCH=$goarch $cgo -dynpackage $pkgname -dynimport $objdir/_cgo_.o -dynout $out; "
		 "else printf 'package %s\\n' $pkgname >$out; fi" ACTION_PUT "\n"
		 "  description = DYNIMPORT $pkg\n\n");
}

void cgo_gen_release(struct cgo_gen *g)
{
	strv_release(&g->go);
	strv_release(&g->cfiles);
	free(g->hdr);
	free(g->main_c);
}

/* "dir/name" with the .go of name replaced by ext */
static char *cgo_out(const char *dir, const char *name, const char *ext)
{
	size_t n = strlen(name) - 3;

	return xasprintf("%s/%.*s%s", dir, (int)n, name, ext);
}

/* CGO_LDFLAGS as go tool cgo splits it; NULL (after reporting) when a word cannot be in it */
static char *ldflags_env(const struct pkg *pkg)
{
	const struct strv *w = &pkg->cgo.words[CGO_LDFLAGS];
	struct buf b = BUF_INIT;

	buf_puts(&b, "CGO_LDFLAGS=");
	for (size_t i = 0; i < w->n; i++) {
		char *q = go_quote_word(w->v[i]);

		if (!q) {
			error_at(&pkg->cgo.pos[CGO_LDFLAGS][i], "#cgo LDFLAGS word '%s' holds a blank and both "
				 "kinds of quote, which go tool cgo cannot be given", w->v[i]);
			buf_release(&b);
			return NULL;
		}
		buf_printf(&b, "%s%s", i ? " " : "", q);
		free(q);
	}
	return buf_detach(&b);
}

void cgo_emit(struct buf *b, const char *builddir, const struct config *c, const struct pkg *pkg,
	      const char *srcdir, const char *objdir, struct cgo_gen *out)
{
	const struct strv *files = &pkg->src.cgo_files;
	int gccgo = c->tc->compiler == COMPILER_GCCGO;
	struct strv flags = STRV_INIT;

	strv_pushf(&out->go, "%s/_cgo_gotypes.go", objdir);
	strv_pushf(&out->cfiles, "%s/_cgo_export.c", objdir);
	if (gccgo)
		strv_pushf(&out->cfiles, "%s/_cgo_defun.c", objdir);
	for (size_t i = 0; i < files->n; i++) {
		strv_push_owned(&out->go, cgo_out(objdir, files->v[i], ".cgo1.go"));
		strv_push_owned(&out->cfiles, cgo_out(objdir, files->v[i], ".cgo2.c"));
	}
	out->hdr = xasprintf("%s/_cgo_export.h", objdir);
	if (!gccgo)
		out->main_c = xasprintf("%s/_cgo_main.c", objdir);
	buf_puts(b, "build");
	for (size_t i = 0; i < out->go.n; i++)
		ninja_path(b, out->go.v[i]);
	for (size_t i = 0; i < out->cfiles.n; i++)
		ninja_path(b, out->cfiles.v[i]);
	ninja_path(b, out->hdr);
	if (out->main_c)
		ninja_path(b, out->main_c);
	buf_puts(b, ": cgo_gen");
	for (size_t i = 0; i < files->n; i++) {
		char *src = path_join(srcdir, files->v[i]);

		ninja_path(b, src);
		free(src);
	}
	buf_puts(b, gccgo ? " | $gcc_path $gccgo_path\n" : " | $gcc_path $cgo_path\n");
	ninja_var_path(b, 1, "pkg", pkg->path);
	ninja_var_word(b, 1, "objdir", objdir);
	strv_push(&flags, "-importpath");
	strv_push(&flags, pkg->path);
	strv_push(&flags, "-trimpath");
	if (srcdir[0] == '/')
		strv_pushf(&flags, "%s=>%s", srcdir, pkg->path);
	else
		strv_pushf(&flags, "%s/%s=>%s", builddir, srcdir, pkg->path);
	if (gccgo) {
		strv_push(&flags, "-gccgo");
		if (!pkg->is_main)
			strv_pushf(&flags, "-gccgopkgpath=%s", pkg->path);
	}
	ninja_var_words(b, 1, "cgoflags", &flags);
	strv_release(&flags);
	if (pkg->cgo.words[CGO_LDFLAGS].n > 0) {
		char *env = ldflags_env(pkg);

		if (env)
			strv_push_owned(&flags, env);
		ninja_var_words(b, 1, "cgoenv", &flags);
		strv_release(&flags);
	}
	/* cmd/go runs cgo in the package's directory, where a preamble's #include "x/y.h" is
	 * found; here Ninja's directory is the build directory */
	strv_push(&flags, "-I");
	strv_push(&flags, srcdir);
	strv_extend(&flags, &pkg->cgo.words[CGO_CPPFLAGS]);
	strv_extend(&flags, &pkg->cgo.words[CGO_CFLAGS]);
	ninja_var_words(b, 1, "cgocflags", &flags);
	strv_release(&flags);
}

char *cgo_emit_dynimport(struct buf *b, const struct config *c, const struct pkg *pkg, const char *objdir,
			 const struct cgo_gen *g, const struct strv *objs)
{
	char *out = xasprintf("%s/_cgo_import.go", objdir);
	struct strv flags = STRV_INIT;

	(void)c;
	buf_puts(b, "build");
	ninja_path(b, out);
	buf_puts(b, ": cgo_dynimport");
	ninja_path(b, g->main_c);
	for (size_t i = 0; i < objs->n; i++)
		ninja_path(b, objs->v[i]);
	buf_puts(b, " | $gcc_path $cgo_path\n");
	ninja_var_path(b, 1, "pkg", pkg->path);
	ninja_var_word(b, 1, "pkgname", pkg->src.name);
	ninja_var_word(b, 1, "objdir", objdir);
	ninja_var_words(b, 1, "objs", objs);
	strv_extend(&flags, &pkg->cgo.words[CGO_CPPFLAGS]);
	strv_extend(&flags, &pkg->cgo.words[CGO_CFLAGS]);
	ninja_var_words(b, 1, "cgocflags", &flags);
	strv_release(&flags);
	ninja_var_words(b, 1, "cgoldflags", &pkg->cgo.words[CGO_LDFLAGS]);
	return out;
}
