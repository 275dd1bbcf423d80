/* hint.c: after a failed build, naming the shipped patch that cures a known compiler error.
 * Generation notes the few patches that could apply in the build directory; only a build
 * with such a note watches Ninja's output, and only a failed one is searched. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fetch/knownpatch.h"
#include "check/hint.h"
#include "lib/os.h"
#include "lib/regex.h"
#include "lib/banned.h"

#define NOTE ".mipsbake-hints"

/* 1 when configuration c compiles a package of import path prefix dep with k's compiler and GOARCH */
static int compiles(const struct config *c, const struct known_patch *k, const char *dep)
{
	size_t n = strlen(dep);

	if (k->compiler && strcmp(k->compiler, c->tc->compiler == COMPILER_GC ? "gc" : "gccgo"))
		return 0;
	if (k->goarch.n && !strv_has(&k->goarch, c->goarch))
		return 0;
	for (size_t i = 0; i < c->norder; i++)
		if (!strncmp(c->order[i]->path, dep, n) && (!c->order[i]->path[n] || c->order[i]->path[n] == '/'))
			return 1;
	return 0;
}

/* 1 when k could cure a failure of dependency d in plan p */
static int candidate(const struct plan *p, const struct known_patch *k, const struct mf_dep *d)
{
	if (strcmp(k->module, known_patch_dep_module(d)) || known_patch_used(d, k))
		return 0;
	if (!d->path && !known_patch_fits(k, known_patch_dep_version(d)))
		return 0;
	for (size_t i = 0; i < p->ncfgs; i++)
		if (compiles(p->cfgs[i], k, d->importpath))
			return 1;
	return 0;
}

/* how the hint tells to name a patch for d: "path" (it cannot), "gomod" or "git" */
static const char *dep_kind(const struct mf_dep *d)
{
	return d->path ? "path" : d->from_gomod ? "gomod" : "git";
}

int hint_note_candidates(const struct plan *p, const char *builddir, const char *datadir)
{
	char *dir = path_join(datadir, "patches"), *note = path_join(builddir, NOTE);
	struct known_patches kp;
	struct buf b = BUF_INIT;
	int rc = known_patches_load(dir, &kp);

	for (size_t i = 0; rc == 0 && i < kp.n; i++)
		for (size_t j = 0; j < p->m->ndeps; j++)
			if (candidate(p, &kp.v[i], &p->m->deps[j]))
				buf_printf(&b, "%s\t%s\t%s\n", kp.v[i].name, p->m->deps[j].importpath,
					   dep_kind(&p->m->deps[j]));
	if (rc == 0 && b.len)
		rc = fs_write_if_changed(note, b.data, b.len) < 0 ? -1 : 0;
	else if (rc == 0 && unlink(note) < 0 && errno != ENOENT)
		rc = error("could not remove '%s':", note);
	known_patches_release(&kp);
	buf_release(&b);
	free(note);
	free(dir);
	return rc;
}

int hint_wanted(const char *builddir)
{
	char *note = path_join(builddir, NOTE);
	int yes = fs_is_file(note);

	free(note);
	return yes;
}

/* the output of Ninja's failed edges: from its first "FAILED: " on (in red on a terminal);
 * NULL: none */
static const char *failed_part(const struct buf *out)
{
	return strstr(buf_str(out), "FAILED: ");
}

/* the hint for one note line "NAME\tDEP\tKIND" when its patch's signature is in failed */
static void hint_line(const struct known_patches *kp, char *line, const char *failed)
{
	char *dep = strchr(line, '\t'), *kind = dep ? strchr(dep + 1, '\t') : NULL;
	const struct known_patch *k;

	if (!kind)
		return;
	*dep++ = '\0';
	*kind++ = '\0';
	k = known_patch_find(kp, line);
	if (!k || regex_search(k->signature, failed, strlen(failed), NULL) != 1)
		return;
	if (!strcmp(kind, "gomod"))
		fprintf(stderr, "%s: hint: %s fails with %s; add '%s: {patches: [%s%s]}' under "
			"'dependencies:'\n", progname, dep, k->fixes, dep, KNOWN_PATCH_PREFIX, k->name);
	else if (!strcmp(kind, "git"))
		fprintf(stderr, "%s: hint: %s fails with %s; add 'patches: [%s%s]' to its dependency\n",
			progname, dep, k->fixes, KNOWN_PATCH_PREFIX, k->name);
	else
		fprintf(stderr, "%s: hint: %s fails with %s; '%s' cures it, but patches apply to git "
			"dependencies only, and '%s' is a directory\n", progname, dep, k->fixes, k->path, dep);
}

void hint_after_failure(const char *builddir, const char *datadir, const struct buf *out)
{
	const char *failed = failed_part(out);
	char *dir = path_join(datadir, "patches"), *note = path_join(builddir, NOTE);
	struct known_patches kp;
	struct buf b = BUF_INIT;

	/* the note is gone when Ninja regenerated the build files and no patch is left to offer */
	if (failed && fs_is_file(note) && fs_read_file(note, &b) == 0 && known_patches_load(dir, &kp) == 0) {
		for (char *line = b.data, *nl; line && *line; line = nl) {
			nl = strchr(line, '\n');
			if (nl)
				*nl++ = '\0';
			hint_line(&kp, line, failed);
		}
		known_patches_release(&kp);
	}
	buf_release(&b);
	free(note);
	free(dir);
}
