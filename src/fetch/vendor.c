/* vendor.c: vendor/modules.txt, read as cmd/go's readVendorList reads it (modload/vendor.go,
 * Go 1.19) and checked against go.mod as its checkVendorConsistency and initVendor check it */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/vendor.h"
#include "lib/os.h"
#include "scan/goscan.h"
#include "lib/banned.h"

/* the longest module path or version a message shows in full */
#define SHOW_MAX 512

/* versions, compared as golang.org/x/mod/semver.Compare compares them */

static int sign(long c)
{
	return (c > 0) - (c < 0);
}

/* two decimal numbers without leading zeros, na and nb digits long */
static int digits_cmp(const char *a, size_t na, const char *b, size_t nb)
{
	return na != nb ? (na < nb ? -1 : 1) : sign(memcmp(a, b, na));
}

/* two prerelease identifiers: numbers below words, numbers by value, words by bytes */
static int ident_cmp(const char *a, size_t na, const char *b, size_t nb)
{
	int da = strspn(a, "0123456789") >= na, db = strspn(b, "0123456789") >= nb;
	int c;

	if (da && db)
		return digits_cmp(a, na, b, nb);
	if (da != db)
		return da ? -1 : 1;
	c = memcmp(a, b, na < nb ? na : nb);
	return c ? sign(c) : (na > nb) - (na < nb);
}

/* two prerelease suffixes, "-x.y" or "" (none, which is above any) */
static int pre_cmp(const char *a, const char *b)
{
	if (!*a || !*b)
		return !*a - !*b;
	while (*a && *b) {
		size_t na = strcspn(++a, "."), nb = strcspn(++b, ".");
		int c = ident_cmp(a, na, b, nb);

		if (c)
			return c;
		a += na;
		b += nb;
	}
	return (*a != 0) - (*b != 0);
}

/* semver.Compare: -1, 0 or 1; a version that is none (NULL included) is below every version */
static int semver_cmp(const char *a, const char *b)
{
	char *x = a ? gomod_canonical_version(a) : NULL, *y = b ? gomod_canonical_version(b) : NULL;
	int c = (x != NULL) - (y != NULL);

	if (x && y) {
		const char *s = x + 1, *t = y + 1;

		x[strcspn(x, "+")] = y[strcspn(y, "+")] = '\0';
		for (int i = 0; i < 3 && !c; i++) {
			size_t ns = strspn(s, "0123456789"), nt = strspn(t, "0123456789");

			c = digits_cmp(s, ns, t, nt);
			s += ns + (i < 2);
			t += nt + (i < 2);
		}
		if (!c)
			c = pre_cmp(s, t);
	}
	free(x);
	free(y);
	return c;
}

/* 1 when a and b are the same string, or both NULL */
static int same_str(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

/* reading modules.txt */

#define MAX_FIELDS 6

/* strings.Fields of one line: the first MAX_FIELDS fields, and how many there are in all */
struct fields {
	size_t n;
	const char *s[MAX_FIELDS];
	size_t len[MAX_FIELDS];
};

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static void split_fields(const char *s, size_t n, struct fields *f)
{
	size_t i = 0, j;

	f->n = 0;
	while (1) {
		while (i < n && is_space(s[i]))
			i++;
		if (i == n)
			return;
		for (j = i; j < n && !is_space(s[j]); j++)
			;
		if (f->n < MAX_FIELDS) {
			f->s[f->n] = s + i;
			f->len[f->n] = j - i;
		}
		f->n++;
		i = j;
	}
}

static char *field_dup(const struct fields *f, size_t i)
{
	return xstrndup(f->s[i], f->len[i]);
}

static int field_is(const struct fields *f, size_t i, const char *w)
{
	return f->len[i] == strlen(w) && !memcmp(f->s[i], w, f->len[i]);
}

/* semver.IsValid of field i */
static int field_semver(const struct fields *f, size_t i)
{
	char *s = field_dup(f, i), *canon = gomod_canonical_version(s);

	free(s);
	free(canon);
	return canon != NULL;
}

/* the by_mod key of a module: "path version", or "path" for a wildcard (fields hold no space) */
static char *mod_key(const char *path, const char *version)
{
	return version ? xasprintf("%s %s", path, version) : xstrdup(path);
}

/* index + 1 in v->mods of module path at version (NULL: the wildcard line), 0: none */
static size_t mod_find(const struct vendor *v, const char *path, const char *version)
{
	char *key = mod_key(path, version);
	size_t i = (size_t)(uintptr_t)strmap_get(&v->by_mod, key);

	free(key);
	return i;
}

/* the index of module path at version in v->mods, added (taking both strings) when new */
static size_t mod_get(struct vendor *v, char *path, char *version, int line)
{
	size_t i = mod_find(v, path, version);
	char *key;

	if (i) {
		free(path);
		free(version);
		return i - 1;
	}
	v->mods = xappend(v->mods, v->nmods, sizeof(*v->mods));
	memset(&v->mods[v->nmods], 0, sizeof(*v->mods));
	v->mods[v->nmods].path = path;
	v->mods[v->nmods].version = version;
	v->mods[v->nmods].line = line;
	key = mod_key(path, version);
	strmap_put(&v->by_mod, key, (void *)(uintptr_t)(v->nmods + 1));
	free(key);
	return v->nmods++;
}

/* "# path version [=> new [version]]" or "# path => new [version]": the module the lines
 * below it belong to becomes *cur (-1: none, for a line cmd/go cannot read) */
static void read_module(struct vendor *v, const struct fields *f, int line, long *cur)
{
	struct vendor_module *m;
	size_t at, rest;

	if (f->n < 3)
		return;
	if (field_semver(f, 2)) {
		*cur = (long)mod_get(v, field_dup(f, 1), field_dup(f, 2), line);
		at = 3;
	} else if (field_is(f, 2, "=>")) {
		*cur = (long)mod_get(v, field_dup(f, 1), NULL, line);
		at = 2;
	} else {
		*cur = -1;
		return;
	}
	rest = f->n - at;
	if (rest < 2 || !field_is(f, at, "=>") || rest > 3 || (rest == 3 && !field_semver(f, at + 2)))
		return;
	m = &v->mods[*cur];
	free(m->rep_path);
	free(m->rep_version);
	m->rep_path = field_dup(f, at + 1);
	m->rep_version = rest == 3 ? field_dup(f, at + 2) : NULL;
	m->replaced = 1;
}

/* one annotation of a "## " line, n bytes at s, spaces trimmed ("explicit", "go 1.N") */
static void read_annotation(struct vendor_module *m, const char *s, size_t n, int line)
{
	while (n && is_space(*s))
		s++, n--;
	while (n && is_space(s[n - 1]))
		n--;
	if (n == 8 && !memcmp(s, "explicit", 8)) {
		m->explicit = 1;
		if (!m->explicit_line)
			m->explicit_line = line;
	} else if (n >= 3 && !memcmp(s, "go ", 3)) {
		free(m->go);
		m->go = xstrndup(s + 3, n - 3);
	}
}

/* "## explicit; go 1.N", n bytes at s after the "## ": annotations of module m */
static void read_meta(struct vendor_module *m, const char *s, size_t n, int line)
{
	while (1) {
		const char *semi = memchr(s, ';', n);
		size_t len = semi ? (size_t)(semi - s) : n;

		read_annotation(m, s, len, line);
		if (!semi)
			return;
		s += len + 1;
		n -= len + 1;
	}
}

/* a line of one field that is a valid import path: a package of module cur */
static void read_package(struct vendor *v, size_t cur, const struct fields *f)
{
	struct vendor_module *m = &v->mods[cur];
	char *pkg;
	size_t i, sel;

	if (f->n != 1)
		return;
	pkg = field_dup(f, 0);
	if (go_import_path_problem(pkg)) {
		free(pkg);
		return;
	}
	if ((i = (size_t)(uintptr_t)strmap_get(&v->by_pkg, pkg))) {
		v->pkg_mod[i - 1] = cur;
		free(pkg);
	} else {
		v->pkg_mod = xappend(v->pkg_mod, v->pkgs.n, sizeof(*v->pkg_mod));
		v->pkg_mod[v->pkgs.n] = cur;
		strmap_put(&v->by_pkg, pkg, (void *)(uintptr_t)(v->pkgs.n + 1));
		strv_push_owned(&v->pkgs, pkg);
	}
	/* it provides a package: it is in the build list, at the highest version listed so far */
	sel = (size_t)(uintptr_t)strmap_get(&v->by_path, m->path);
	if (!sel || semver_cmp(v->mods[sel - 1].version, m->version) < 0) {
		m->provides = 1;
		strmap_put(&v->by_path, m->path, (void *)(uintptr_t)(cur + 1));
	}
}

/* one line, n bytes at s without its newline; *cur is the module of the lines above */
static void read_line(struct vendor *v, const char *s, size_t n, int line, long *cur)
{
	struct fields f;

	if (n >= 2 && !memcmp(s, "# ", 2)) {
		split_fields(s, n, &f);
		read_module(v, &f, line, cur);
	} else if (*cur < 0) {
		return;
	} else if (n >= 3 && !memcmp(s, "## ", 3)) {
		read_meta(&v->mods[*cur], s + 3, n - 3, line);
	} else {
		split_fields(s, n, &f);
		read_package(v, (size_t)*cur, &f);
	}
}

static void read_lines(struct vendor *v, const char *text, size_t n)
{
	const char *end = text + n;
	long cur = -1;

	for (int line = 1; n; line++) {
		const char *nl = memchr(text, '\n', (size_t)(end - text));

		read_line(v, text, nl ? (size_t)(nl - text) : (size_t)(end - text), line, &cur);
		if (!nl)
			return;
		text = nl + 1;
	}
}

/* the file's first NUL byte, reported at its place; 0 when there is none */
static int check_nul(const char *path, const struct buf *b)
{
	const char *z = b->len ? memchr(b->data, '\0', b->len) : NULL;
	struct pos p = { path, 1, 1 };

	if (!z)
		return 0;
	for (const char *s = b->data; s < z; s++) {
		p.col++;
		if (*s == '\n')
			p.line++, p.col = 1;
	}
	return error_at(&p, "NUL byte in vendor/modules.txt");
}

int vendor_load(const char *root, struct vendor *v)
{
	struct buf b = BUF_INIT;
	int rc = 0;

	memset(v, 0, sizeof(*v));
	v->root = xstrdup(root);
	v->path = path_join(root, "vendor/modules.txt");
	/* like cmd/go: no modules.txt lists no module */
	if (fs_exists(v->path)) {
		rc = fs_read_regular(v->path, "vendor list", FS_INPUT_MAX, &b);
		if (rc == 0)
			rc = check_nul(v->path, &b);
	}
	if (rc == 0)
		read_lines(v, b.data, b.len);
	buf_release(&b);
	if (rc < 0)
		vendor_release(v);
	return rc;
}

const struct vendor_module *vendor_package(const struct vendor *v, const char *importpath)
{
	size_t i = (size_t)(uintptr_t)strmap_get(&v->by_pkg, importpath);

	return i ? &v->mods[v->pkg_mod[i - 1]] : NULL;
}

void vendor_release(struct vendor *v)
{
	for (size_t i = 0; i < v->nmods; i++) {
		free(v->mods[i].path);
		free(v->mods[i].version);
		free(v->mods[i].rep_path);
		free(v->mods[i].rep_version);
		free(v->mods[i].go);
	}
	free(v->mods);
	free(v->pkg_mod);
	strv_release(&v->pkgs);
	strmap_release(&v->by_pkg);
	strmap_release(&v->by_mod);
	strmap_release(&v->by_path);
	free(v->root);
	free(v->path);
	memset(v, 0, sizeof(*v));
}

/* 1 when go version "1.N" (NULL: no go line) is 1.minor or later */
static int go_at_least(const char *go, unsigned long minor)
{
	char *end;
	unsigned long major = go ? strtoul(go, &end, 10) : 0;

	return major > 1 || (major == 1 && *end == '.' && strtoul(end + 1, NULL, 10) >= minor);
}

int vendor_in_use(const char *root, const struct gomod *m)
{
	char *dir = path_join(root, "vendor");
	int in_use = fs_is_dir(dir) && go_at_least(m->go, 14);

	free(dir);
	return in_use;
}

/* go.mod's side, as cmd/go's modFileIndex and Requirements see it */

/* cmd/go's Replacement(): go.mod's replacement of path at version (NULL: the wildcard key of
 * a "# path => new" line), the one for that version before the one for every version */
static const struct gomod_version *gm_replacement(const struct gomod *m, const char *path,
						     const char *version)
{
	const struct gomod_version *any = NULL;

	if (!version && m->module && !strcmp(path, m->module))
		return NULL;
	for (size_t i = m->nreplace; i-- > 0;) {
		const struct gomod_replace *r = &m->replace[i];

		if (strcmp(r->old.path, path) != 0)
			continue;
		if (same_str(r->old.version, version))
			return &r->new;
		if (!r->old.version && !any)
			any = &r->new;
	}
	return any;
}

/* the require of path at version, NULL: none; with version NULL, the first of path */
static const struct gomod_version *gm_required(const struct gomod *m, const char *path,
						  const char *version)
{
	for (size_t i = 0; i < m->nrequire; i++) {
		const struct gomod_version *r = &m->require[i].mod;

		if (!strcmp(r->path, path) && (!version || !strcmp(r->version, version)))
			return r;
	}
	return NULL;
}

static int gm_excluded(const struct gomod *m, const struct gomod_version *r)
{
	for (size_t i = 0; i < m->nexclude; i++)
		if (!strcmp(m->exclude[i].path, r->path) && same_str(m->exclude[i].version, r->version))
			return 1;
	return 0;
}

/* rootSelected: the highest version of path that go.mod requires, not excluded ("" for the
 * main module); 0 when it requires none */
static int gm_root(const struct gomod *m, const char *path, const char **version)
{
	int found = 0;

	*version = "";
	if (m->module && !strcmp(path, m->module))
		return 1;
	for (size_t i = 0; i < m->nrequire; i++) {
		const struct gomod_version *r = &m->require[i].mod;

		if (strcmp(r->path, path) != 0 || gm_excluded(m, r))
			continue;
		if (!found || semver_cmp(*version, r->version) < 0)
			*version = r->version;
		found = 1;
	}
	return found;
}

/* checking */

struct checker {
	const struct vendor *v;
	const struct gomod *m;
	int pre114;              /* go.mod's go version is before 1.14: cmd/go checks less */
	int errors;
	struct strv shown;       /* the strings describe() made, freed at the end */
};

/* "path@version", or "path" without a version, as a message shows it */
static const char *describe(struct checker *c, const char *path, const char *version)
{
	struct buf b = BUF_INIT;

	buf_add_printable(&b, path, strlen(path), SHOW_MAX);
	if (version) {
		buf_putc(&b, '@');
		buf_add_printable(&b, version, strlen(version), SHOW_MAX);
	}
	strv_push_owned(&c->shown, buf_detach(&b));
	return c->shown.v[c->shown.n - 1];
}

static const char *describe_mod(struct checker *c, const struct vendor_module *vm)
{
	return describe(c, vm->path, vm->version);
}

/* where modules.txt says what it says of vm: line (0: its "# " line) */
static struct pos txt_pos(const struct checker *c, const struct vendor_module *vm, int line)
{
	struct pos p = { c->v->path, line ? line : vm->line, 1 };

	return p;
}

/* the version modules.txt selects for path (cmd/go's vendorVersion); 0: no package of path */
static int vendor_version(const struct vendor *v, const char *path, const char **version)
{
	size_t sel = (size_t)(uintptr_t)strmap_get(&v->by_path, path);

	*version = sel ? v->mods[sel - 1].version : NULL;
	return sel != 0;
}

/* a module modules.txt lists for path at a version other than version (an explicit one
 * first), NULL: none */
static const struct vendor_module *other_version(const struct vendor *v, const char *path,
						 const char *version)
{
	const struct vendor_module *found = NULL;

	for (size_t i = 0; i < v->nmods; i++) {
		const struct vendor_module *vm = &v->mods[i];

		if (vm->version && !strcmp(vm->path, path) && strcmp(vm->version, version) != 0 &&
		    (!found || (vm->explicit && !found->explicit)))
			found = vm;
	}
	return found;
}

/* before go 1.14 modules.txt had no "## explicit": only a version it contradicts counts */
static void check_require_pre114(struct checker *c, const struct gomod_require *r)
{
	const char *vv;

	if (!vendor_version(c->v, r->mod.path, &vv) || same_str(vv, r->mod.version))
		return;
	c->errors++;
	error_at(&r->pos, "%s is explicitly required in go.mod, but vendor/modules.txt indicates %s",
		 describe(c, r->mod.path, r->mod.version), describe(c, r->mod.path, vv));
}

/* every require of go.mod is an "## explicit" module of modules.txt, at its version */
static void check_require(struct checker *c, const struct gomod_require *r)
{
	size_t k = mod_find(c->v, r->mod.path, r->mod.version);
	const struct vendor_module *vm = k ? &c->v->mods[k - 1] : NULL, *other;
	const char *what = describe(c, r->mod.path, r->mod.version);

	if (vm && vm->explicit)
		return;
	if (c->pre114) {
		check_require_pre114(c, r);
		return;
	}
	c->errors++;
	if (vm)
		error_at(&r->pos, "%s is explicitly required in go.mod, but not marked as explicit in "
			 "vendor/modules.txt", what);
	else if ((other = other_version(c->v, r->mod.path, r->mod.version)))
		error_at(&r->pos, "%s is explicitly required in go.mod, but vendor/modules.txt has %s%s",
			 what, describe_mod(c, other), other->explicit ? "" : " (not marked as explicit)");
	else
		error_at(&r->pos, "%s is explicitly required in go.mod, but vendor/modules.txt does not "
			 "list it", what);
}

/* every replacement of go.mod is marked in modules.txt, with the same replacement */
static void check_replace(struct checker *c, const struct gomod_replace *r)
{
	size_t k = mod_find(c->v, r->old.path, r->old.version);
	const struct vendor_module *vm = k ? &c->v->mods[k - 1] : NULL;
	const char *vv;

	if (!vm || !vm->rep_path) {
		/* before 1.14, modules.txt left out wildcard and unused replacements */
		if (c->pre114 && (!r->old.version || !vendor_version(c->v, r->old.path, &vv) ||
				  !same_str(vv, r->old.version)))
			return;
		c->errors++;
		error_at(&r->pos, "%s is replaced in go.mod, but not marked as replaced in "
			 "vendor/modules.txt", describe(c, r->old.path, r->old.version));
	} else if (!same_str(vm->rep_path, r->new.path) || !same_str(vm->rep_version, r->new.version)) {
		c->errors++;
		error_at(&r->pos, "%s is replaced by %s in go.mod, but marked as replaced by %s in "
			 "vendor/modules.txt", describe(c, r->old.path, r->old.version),
			 describe(c, r->new.path, r->new.version), describe(c, vm->rep_path, vm->rep_version));
	}
}

/* an "## explicit" module that provides packages is required in go.mod at its version */
static void check_explicit(struct checker *c, const struct vendor_module *vm)
{
	const struct gomod_version *other;
	struct pos p = txt_pos(c, vm, vm->explicit_line);

	if (!vm->provides || !vm->explicit || (vm->version && gm_required(c->m, vm->path, vm->version)))
		return;
	c->errors++;
	if ((other = gm_required(c->m, vm->path, NULL)))
		error_at(&p, "%s is marked as explicit in vendor/modules.txt, but go.mod requires %s",
			 describe_mod(c, vm), describe(c, other->path, other->version));
	else
		error_at(&p, "%s is marked as explicit in vendor/modules.txt, but not explicitly "
			 "required in go.mod", describe_mod(c, vm));
}

/* a replacement that modules.txt marks is go.mod's replacement */
static void check_replaced(struct checker *c, const struct vendor_module *vm)
{
	const struct gomod_version *r = gm_replacement(c->m, vm->path, vm->version);
	struct pos p = txt_pos(c, vm, 0);

	if (!vm->replaced)
		return;
	if (!r) {
		c->errors++;
		error_at(&p, "%s is marked as replaced in vendor/modules.txt, but not replaced in go.mod",
			 describe_mod(c, vm));
	} else if (!same_str(r->path, vm->rep_path) || !same_str(r->version, vm->rep_version)) {
		c->errors++;
		error_at(&p, "%s is marked as replaced by %s in vendor/modules.txt, but replaced by %s "
			 "in go.mod", describe_mod(c, vm), describe(c, vm->rep_path, vm->rep_version),
			 describe(c, r->path, r->version));
	}
}

/* from go 1.17 (a pruned module graph), go.mod requires every module that provides packages */
static void check_pruned(struct checker *c, const struct vendor_module *vm)
{
	const char *root, *version = vm->version ? vm->version : "";
	struct pos p = txt_pos(c, vm, 0);

	if (!vm->provides || (gm_root(c->m, vm->path, &root) && !strcmp(root, version)))
		return;
	c->errors++;
	if (*root)
		error_at(&p, "vendored module %s should be required explicitly in go.mod, which "
			 "requires %s", describe_mod(c, vm), describe(c, vm->path, root));
	else
		error_at(&p, "vendored module %s should be required explicitly in go.mod",
			 describe_mod(c, vm));
}

/* checkVendorConsistency's checks, in its order */
static void check_consistency(struct checker *c)
{
	for (size_t i = 0; i < c->m->nrequire; i++)
		check_require(c, &c->m->require[i]);
	for (size_t i = 0; i < c->m->nreplace; i++)
		check_replace(c, &c->m->replace[i]);
	for (size_t i = 0; i < c->v->nmods; i++)
		check_explicit(c, &c->v->mods[i]);
	for (size_t i = 0; i < c->v->nmods; i++)
		check_replaced(c, &c->v->mods[i]);
}

int vendor_check(const struct vendor *v, const struct gomod *m, const char *gomod_path)
{
	struct checker c;

	memset(&c, 0, sizeof(c));
	c.v = v;
	c.m = m;
	c.pre114 = !go_at_least(m->go, 14);
	check_consistency(&c);
	if (c.errors) {
		error("inconsistent vendoring in '%s': '%s' does not match '%s'; to sync the vendor "
		      "directory, run 'go mod vendor'", v->root, v->path, gomod_path);
	} else if (go_at_least(m->go, 17)) {
		for (size_t i = 0; i < v->nmods; i++)
			check_pruned(&c, &v->mods[i]);
		if (c.errors)
			error("'%s' needs updates (go 1.17 and later require every vendored module): run "
			      "'go mod tidy', then 'go mod vendor'", gomod_path);
	}
	strv_release(&c.shown);
	return c.errors ? -1 : 0;
}

/* the command */

static const char vendorcheck_usage[] =
	"usage: mipsbake vendorcheck [-mod=vendor] DIR\n"
	"check DIR/vendor/modules.txt against DIR/go.mod as 'go build -mod=vendor' does, then\n"
	"print each vendored package as \"importpath module version[ go]\"; without -mod=vendor,\n"
	"only when DIR builds from vendor/ by default (a vendor directory, go 1.14 or later)\n";

/* why the module at dir (go.mod m) does not build from vendor/ */
static void note_not_vendored(const char *dir, const struct gomod *m)
{
	char *vdir = path_join(dir, "vendor");

	if (!fs_is_dir(vdir))
		note("'%s' does not build from vendor/: it has no vendor directory", dir);
	else if (m->go)
		note("'%s' does not build from vendor/: go.mod says go %s, and cmd/go uses vendor/ by "
		     "default from go 1.14 on", dir, m->go);
	else
		note("'%s' does not build from vendor/: go.mod has no go line", dir);
	free(vdir);
}

static void print_packages(const struct vendor *v)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < v->pkgs.n; i++) {
		const struct vendor_module *vm = &v->mods[v->pkg_mod[i]];

		buf_printf(&b, "%s %s %s", v->pkgs.v[i], vm->path, vm->version ? vm->version : "");
		if (vm->go)
			buf_printf(&b, " %s", vm->go);
		buf_putc(&b, '\n');
	}
	fputs(buf_str(&b), stdout);
	buf_release(&b);
}

/* load and check the vendor/ of the module at dir, then print its packages; 0 or 1 */
static int check_dir(const char *dir, const struct gomod *m, const char *gomod_path)
{
	struct vendor v;
	int rc;

	if (vendor_load(dir, &v) < 0)
		return 1;
	rc = vendor_check(&v, m, gomod_path) < 0;
	if (!rc)
		print_packages(&v);
	vendor_release(&v);
	return rc;
}

int cmd_vendorcheck(int argc, char **argv)
{
	int force = argc == 3 && !strcmp(argv[1], "-mod=vendor");
	struct gomod m;
	char *gomod_path;
	int rc;

	if (argc == 2 && is_help(argv[1])) {
		fputs(vendorcheck_usage, stdout);
		return 0;
	}
	for (int i = 1; i < argc; i++)
		if (argv[i][0] == '-' && strcmp(argv[i], "-mod=vendor") != 0)
			return usage_error("vendorcheck", "unknown option '%s'", argv[i]);
	if (argc != 2 + force)
		return usage_error("vendorcheck", "expected [-mod=vendor] DIR");
	gomod_path = path_join(argv[1 + force], "go.mod");
	if (gomod_load(gomod_path, &m) < 0) {
		free(gomod_path);
		return 1;
	}
	if (!m.module) {
		error("'%s' has no module line", gomod_path);
		rc = 1;
	} else if (!force && !vendor_in_use(argv[1 + force], &m)) {
		note_not_vendored(argv[1 + force], &m);
		rc = 0;
	} else {
		rc = check_dir(argv[1 + force], &m, gomod_path);
	}
	gomod_release(&m);
	free(gomod_path);
	return rc;
}
