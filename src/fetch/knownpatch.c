/* knownpatch.c: the known-fix patches shipped in <datadir>/patches, their headers, and
 * resolving a manifest's 'mipsbake:NAME' patches to them */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/knownpatch.h"
#include "lib/os.h"
#include "lib/regex.h"
#include "lib/table.h"
#include "lib/banned.h"

/* split s at blanks into sv */
static void split_words(const char *s, struct strv *sv)
{
	while (*s) {
		size_t n;

		s += strspn(s, " \t");
		n = strcspn(s, " \t");
		if (n)
			strv_push_owned(sv, xstrndup(s, n));
		s += n;
	}
}

/* store value v of header key at line of file path into k; -1 after reporting */
static int header_field(struct known_patch *k, const char *path, int line, const char *key, char *v)
{
	struct pos at = { path, line, 1 };
	char **slot = !strcmp(key, "Fixes") ? &k->fixes : !strcmp(key, "Module") ? &k->module
		      : !strcmp(key, "Signature") ? &k->signature : !strcmp(key, "Compiler") ? &k->compiler
		      : NULL;

	if (!strcmp(key, "Versions") || !strcmp(key, "Goarch")) {
		split_words(v, key[0] == 'V' ? &k->versions : &k->goarch);
		free(v);
		return 0;
	}
	if (!slot) {
		free(v);
		return error_at(&at, "unknown header '%s' in a known patch; expected 'Fixes', 'Module', "
				"'Versions', 'Signature', 'Compiler' or 'Goarch'", key);
	}
	if (*slot) {
		free(v);
		return error_at(&at, "header '%s' given twice", key);
	}
	*slot = v;
	return 0;
}

/* the header lines of text; -1 after reporting */
static int parse_header(struct known_patch *k, const char *path, const char *text)
{
	char *key = NULL;
	struct buf val = BUF_INIT;
	int line = 0, keyline = 0, rc = 0;

	for (const char *p = text; *p && *p != '\n' && rc == 0; ) {
		size_t n = strcspn(p, "\n");
		const char *colon = memchr(p, ':', n);
		struct pos at = { path, ++line, 1 };

		if (*p == ' ' || *p == '\t') {
			if (!key)
				rc = error_at(&at, "a continuation line before any header");
			buf_putc(&val, ' ');
			buf_add(&val, p + strspn(p, " \t"), n - strspn(p, " \t"));
		} else if (!colon || colon == p) {
			rc = error_at(&at, "expected a 'Key: value' header line, or an empty line before the patch");
		} else {
			if (key)
				rc = header_field(k, path, keyline, key, buf_detach(&val));
			free(key);
			key = xstrndup(p, (size_t)(colon - p));
			keyline = line;
			buf_reset(&val);
			colon += 1 + strspn(colon + 1, " \t");
			buf_add(&val, colon, n - (size_t)(colon - p));
		}
		p += n + (p[n] == '\n');
	}
	if (key && rc == 0)
		rc = header_field(k, path, keyline, key, buf_detach(&val));
	free(key);
	buf_release(&val);
	return rc;
}

/* the header is complete and its signature compiles; -1 after reporting */
static int check_header(const struct known_patch *k, const char *path, const char *moddir)
{
	struct pos at = { path, 1, 1 };
	struct buf why = BUF_INIT;
	int rc = 0;

	if (!k->fixes || !k->module || !k->signature || k->versions.n == 0)
		return error_at(&at, "a known patch needs the headers 'Fixes', 'Module', 'Versions' and "
				"'Signature' before an empty line");
	if (strcmp(k->module, moddir))
		return error_at(&at, "the patch is for module '%s' but lies in the directory of '%s'",
				k->module, moddir);
	if (k->compiler && strcmp(k->compiler, "gccgo") && strcmp(k->compiler, "gc"))
		return error_at(&at, "'Compiler' is '%s'; expected 'gccgo' or 'gc'", k->compiler);
	if (regex_search(k->signature, "", 0, &why) < 0)
		rc = error_at(&at, "bad regular expression for 'Signature': %s", buf_str(&why));
	buf_release(&why);
	return rc;
}

static void known_patch_release(struct known_patch *k)
{
	free(k->name);
	free(k->path);
	free(k->fixes);
	free(k->module);
	free(k->signature);
	free(k->compiler);
	strv_release(&k->versions);
	strv_release(&k->goarch);
}

/* load path, the file name of module moddir, into kp; -1 after reporting */
static int load_one(struct known_patches *kp, const char *path, const char *name, const char *moddir)
{
	struct known_patch k;
	struct buf text = BUF_INIT;
	int rc;

	memset(&k, 0, sizeof(k));
	rc = fs_read_regular(path, "known patch", FS_INPUT_MAX, &text);
	if (rc == 0)
		rc = parse_header(&k, path, buf_str(&text));
	if (rc == 0)
		rc = check_header(&k, path, moddir);
	if (rc == 0 && known_patch_find(kp, name))
		rc = error("two known patches are named '%s'; the second is '%s'", name, path);
	buf_release(&text);
	if (rc < 0) {
		known_patch_release(&k);
		return -1;
	}
	k.name = xstrdup(name);
	k.path = path_abs(path);
	kp->v = xappend(kp->v, kp->n, sizeof(*kp->v));
	kp->v[kp->n++] = k;
	return 0;
}

/* every NAME.patch below dir, whose path below the top is moddir ("" at the top) */
static int load_dir(struct known_patches *kp, const char *dir, const char *moddir)
{
	struct strv names = STRV_INIT;
	int rc = fs_list_dir(dir, &names);

	for (size_t i = 0; rc == 0 && i < names.n; i++) {
		char *path = path_join(dir, names.v[i]);
		char *sub = *moddir ? xasprintf("%s/%s", moddir, names.v[i]) : xstrdup(names.v[i]);
		size_t n = strlen(names.v[i]);

		if (fs_lstat_kind(path) == FS_DIR)
			rc = load_dir(kp, path, sub);
		else if (*moddir && str_has_suffix(names.v[i], ".patch") && n > strlen(".patch")) {
			char *name = xstrndup(names.v[i], n - strlen(".patch"));

			rc = load_one(kp, path, name, moddir);
			free(name);
		}
		free(sub);
		free(path);
	}
	strv_release(&names);
	return rc;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct known_patch *)a)->name, ((const struct known_patch *)b)->name);
}

int known_patches_load(const char *dir, struct known_patches *kp)
{
	kp->v = NULL;
	kp->n = 0;
	if (!fs_is_dir(dir))
		return 0;
	if (load_dir(kp, dir, "") < 0) {
		known_patches_release(kp);
		return -1;
	}
	if (kp->n)
		qsort(kp->v, kp->n, sizeof(*kp->v), by_name);
	return 0;
}

void known_patches_release(struct known_patches *kp)
{
	for (size_t i = 0; i < kp->n; i++)
		known_patch_release(&kp->v[i]);
	free(kp->v);
	kp->v = NULL;
	kp->n = 0;
}

const struct known_patch *known_patch_find(const struct known_patches *kp, const char *name)
{
	for (size_t i = 0; i < kp->n; i++)
		if (!strcmp(kp->v[i].name, name))
			return &kp->v[i];
	return NULL;
}

int known_patch_fits(const struct known_patch *k, const char *version)
{
	return version && strv_has(&k->versions, version);
}

const char *known_patch_dep_module(const struct mf_dep *d)
{
	return d->modpath ? d->modpath : d->importpath;
}

const char *known_patch_dep_version(const struct mf_dep *d)
{
	return d->modversion ? d->modversion : d->rev;
}

int known_patch_used(const struct mf_dep *d, const struct known_patch *k)
{
	for (size_t i = 0; i < d->patches.n; i++)
		if (d->patch_names && d->patch_names[i] &&
		    !strcmp(d->patch_names[i] + strlen(KNOWN_PATCH_PREFIX), k->name))
			return 1;
	return 0;
}

/* "'a', 'b'" of kp's names, or "none is installed in 'dir'" */
static void put_names(struct buf *b, const struct known_patches *kp, const char *dir)
{
	if (kp->n == 0) {
		buf_printf(b, "no known patch is installed in '%s'", dir);
		return;
	}
	buf_puts(b, "known patches: ");
	for (size_t i = 0; i < kp->n; i++)
		buf_printf(b, "%s'%s%s' (%s)", i ? ", " : "", KNOWN_PATCH_PREFIX, kp->v[i].name,
			   kp->v[i].module);
}

/* resolve d's entry i; -1 after reporting */
static int resolve_one(struct mf_dep *d, size_t i, const struct known_patches *kp, const char *dir)
{
	const char *name = d->patches.v[i] + strlen(KNOWN_PATCH_PREFIX);
	const struct known_patch *k = known_patch_find(kp, name);
	struct buf b = BUF_INIT;

	if (!k) {
		put_names(&b, kp, dir);
		error_at(&d->patch_pos[i], "dependency '%s': unknown patch '%s'; %s", d->importpath,
			 d->patches.v[i], buf_str(&b));
		buf_release(&b);
		return -1;
	}
	if (strcmp(k->module, known_patch_dep_module(d)))
		return error_at(&d->patch_pos[i], "dependency '%s': patch '%s' is for module '%s', not '%s'",
				d->importpath, d->patches.v[i], k->module, known_patch_dep_module(d));
	if (!known_patch_fits(k, known_patch_dep_version(d))) {
		for (size_t v = 0; v < k->versions.n; v++)
			buf_printf(&b, "%s%s", v ? ", " : "", k->versions.v[v]);
		warn_at(&d->patch_pos[i], "dependency '%s': patch '%s' is made for %s %s, not '%s'",
			d->importpath, d->patches.v[i], k->module, buf_str(&b),
			known_patch_dep_version(d) ? known_patch_dep_version(d) : "a directory");
		buf_release(&b);
	}
	if (!d->patch_names)
		d->patch_names = xcalloc(d->patches.n, sizeof(*d->patch_names));
	d->patch_names[i] = d->patches.v[i];
	d->patches.v[i] = xstrdup(k->path);
	return 0;
}

int known_patches_resolve(struct manifest *m, const char *datadir)
{
	char *dir = path_join(datadir, "patches");
	struct known_patches kp = { NULL, 0 };
	int loaded = 0, rc = 0;

	for (size_t i = 0; i < m->ndeps; i++) {
		struct mf_dep *d = &m->deps[i];

		for (size_t j = 0; j < d->patches.n; j++) {
			if (!str_has_prefix(d->patches.v[j], KNOWN_PATCH_PREFIX))
				continue;
			if (!loaded++ && known_patches_load(dir, &kp) < 0) {
				free(dir);
				return -1;
			}
			if (resolve_one(d, j, &kp, dir) < 0)
				rc = -1;
		}
	}
	known_patches_release(&kp);
	free(dir);
	return rc;
}

int cmd_patches(const char *datadir)
{
	static const char *const heading[] = { "NAME", "MODULE", "VERSIONS", "COMPILER", "GOARCH", "FIXES" };
	char *dir = path_join(datadir, "patches");
	struct known_patches kp;
	struct strv cells = STRV_INIT;

	if (known_patches_load(dir, &kp) < 0) {
		free(dir);
		return 1;
	}
	for (size_t i = 0; i < ARRAY_LEN(heading); i++)
		strv_push(&cells, heading[i]);
	for (size_t i = 0; i < kp.n; i++) {
		const struct known_patch *k = &kp.v[i];
		struct buf b = BUF_INIT;

		strv_pushf(&cells, "%s%s", KNOWN_PATCH_PREFIX, k->name);
		strv_push(&cells, k->module);
		for (size_t v = 0; v < k->versions.n; v++)
			buf_printf(&b, "%s%s", v ? "," : "", k->versions.v[v]);
		strv_push_owned(&cells, buf_detach(&b));
		strv_push(&cells, k->compiler ? k->compiler : "any");
		for (size_t v = 0; v < k->goarch.n; v++)
			buf_printf(&b, "%s%s", v ? "," : "", k->goarch.v[v]);
		strv_push(&cells, k->goarch.n ? buf_str(&b) : "any");
		buf_release(&b);
		strv_push(&cells, k->fixes);
	}
	if (kp.n)
		table_print(&cells, ARRAY_LEN(heading));
	else
		printf("no known patch is installed in '%s'\n", dir);
	strv_release(&cells);
	known_patches_release(&kp);
	free(dir);
	return 0;
}
