/* cgo.c: go tool cgo on a package's files that import "C", for either backend */
#include <stdlib.h>
#include <string.h>

#include "emit/cgo.h"
#include "emit/ninja.h"
#include "lib/os.h"
#include "lib/banned.h"

/*
 * go tool cgo writes into -objdir, and runs $gcc with the flags after "--" to learn the C
 * types. It is run in the build directory on relative paths; -trimpath turns the absolute
 * paths it would write into //line and #line directives into the package's import path,
 * so no path of this machine reaches its output. It writes _cgo_.o, _cgo_main.c and
 * _cgo_flags too, which are not needed here.
 */
void cgo_rules(struct buf *b)
{
	buf_puts(b,
		 "rule cgo_gen\n"
		 "  command = rm -rf $objdir && mkdir -p $objdir && env CGO_ENABLED=1 GOOS=linux "
		 "GOARCH=$goarch CC=$gcc GCCGO=$gccgo $cgo -objdir $objdir/ $cgoflags "
		 "-- -I $objdir $archflags $cflags $cgocflags $in\n"
		 "  description = CGO $pkg\n\n");
}

/* "dir/name" with the .go of name replaced by ext */
static char *cgo_out(const char *dir, const char *name, const char *ext)
{
	size_t n = strlen(name) - 3;

	return xasprintf("%s/%.*s%s", dir, (int)n, name, ext);
}

void cgo_emit_gccgo(struct buf *b, const char *builddir, const struct pkg *pkg, const char *srcdir,
		    const char *objdir, struct strv *go, struct strv *cfiles, char **hdr)
{
	const struct strv *files = &pkg->src.cgo_files;
	struct strv flags = STRV_INIT;

	strv_pushf(go, "%s/_cgo_gotypes.go", objdir);
	strv_pushf(cfiles, "%s/_cgo_defun.c", objdir);
	strv_pushf(cfiles, "%s/_cgo_export.c", objdir);
	for (size_t i = 0; i < files->n; i++) {
		strv_push_owned(go, cgo_out(objdir, files->v[i], ".cgo1.go"));
		strv_push_owned(cfiles, cgo_out(objdir, files->v[i], ".cgo2.c"));
	}
	*hdr = xasprintf("%s/_cgo_export.h", objdir);
	buf_puts(b, "build");
	for (size_t i = 0; i < go->n; i++)
		ninja_path(b, go->v[i]);
	for (size_t i = 0; i < cfiles->n; i++)
		ninja_path(b, cfiles->v[i]);
	ninja_path(b, *hdr);
	buf_puts(b, ": cgo_gen");
	for (size_t i = 0; i < files->n; i++) {
		char *src = path_join(srcdir, files->v[i]);

		ninja_path(b, src);
		free(src);
	}
	buf_puts(b, " | $gcc_path $gccgo_path\n");
	ninja_var_path(b, 1, "pkg", pkg->path);
	ninja_var_word(b, 1, "objdir", objdir);
	strv_push(&flags, "-importpath");
	strv_push(&flags, pkg->path);
	strv_push(&flags, "-trimpath");
	strv_pushf(&flags, "%s/%s=>%s", builddir, srcdir, pkg->path);
	strv_push(&flags, "-gccgo");
	if (!pkg->is_main)
		strv_pushf(&flags, "-gccgopkgpath=%s", pkg->path);
	ninja_var_words(b, 1, "cgoflags", &flags);
	strv_release(&flags);
	strv_extend(&flags, &pkg->cgo.words[CGO_CPPFLAGS]);
	strv_extend(&flags, &pkg->cgo.words[CGO_CFLAGS]);
	ninja_var_words(b, 1, "cgocflags", &flags);
	strv_release(&flags);
}
