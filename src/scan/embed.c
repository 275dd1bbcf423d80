/* embed.c: resolve //go:embed patterns as cmd/go's resolveEmbed does (Go 1.19), and write
 * the embed configuration both compilers read */
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/map.h"
#include "lib/os.h"
#include "scan/embed.h"
#include "lib/gostring.h"
#include "lib/banned.h"

/* utf8.DecodeRuneInString: an invalid sequence is U+FFFD of length 1 */
static long decode_rune(const char *s, size_t n, size_t *len)
{
	long r = utf8_rune(s, n, len);

	return r < 0 ? 0xfffd : r;
}

/* 1 when s is valid UTF-8 */
static int utf8_valid(const char *s)
{
	size_t n = strlen(s), len;

	for (size_t i = 0; i < n; i += len)
		if (utf8_rune(s + i, n - i, &len) < 0)
			return 0;
	return 1;
}

/* path.Match's getEsc: one class character at *c (advanced); -1 when malformed */
static long class_char(const char **c, const char *end)
{
	const char *p = *c;
	size_t len;
	long r;

	if (p == end || *p == '-' || *p == ']')
		return -1;
	if (*p == '\\' && ++p == end)
		return -1;
	if ((r = utf8_rune(p, (size_t)(end - p), &len)) < 0)
		return -1;
	*c = p + len;
	return *c == end ? -1 : r;
}

/* a character class at *c (after '['): 1 when it holds r, 0 not, -1 malformed */
static int match_class(const char **c, const char *end, long r)
{
	int negated = 0, match = 0, nrange = 0;

	if (*c < end && **c == '^') {
		negated = 1;
		(*c)++;
	}
	for (;; nrange++) {
		long lo, hi;

		if (*c < end && **c == ']' && nrange > 0) {
			(*c)++;
			return match != negated;
		}
		if ((lo = class_char(c, end)) < 0)
			return -1;
		hi = lo;
		if (**c == '-') {
			(*c)++;
			if ((hi = class_char(c, end)) < 0)
				return -1;
		}
		match |= lo <= r && r <= hi;
	}
}

/* path.Match's matchChunk of chunk [c, end) against *s: 1 matched (*s past it), 0 not,
 * -1 malformed; the whole chunk is checked either way */
static int match_chunk(const char *c, const char *end, const char **s)
{
	const char *t = *s;
	int failed = 0;

	while (c < end) {
		size_t len = 1;
		long r = 0;

		failed |= !*t;
		if (*c == '[') {
			int in;

			if (!failed) {
				r = decode_rune(t, strlen(t), &len);
				t += len;
			}
			c++;
			if ((in = match_class(&c, end, r)) < 0)
				return -1;
			failed |= !in;
			continue;
		}
		if (*c == '?') {
			if (!failed) {
				failed = *t == '/';
				decode_rune(t, strlen(t), &len);
				t += len;
			}
			c++;
			continue;
		}
		if (*c == '\\' && ++c == end)
			return -1;
		if (!failed)
			failed = *c != *t++;
		c++;
	}
	if (!failed)
		*s = t;
	return !failed;
}

/* path.Match's scanChunk: skip leading stars (*star), the chunk's end */
static const char *scan_chunk(const char **p, int *star)
{
	const char *c;
	int inrange = 0;

	*star = 0;
	while (**p == '*') {
		(*p)++;
		*star = 1;
	}
	for (c = *p; *c; c++) {
		if (*c == '\\' && c[1])
			c++;
		else if (*c == '[')
			inrange = 1;
		else if (*c == ']')
			inrange = 0;
		else if (*c == '*' && !inrange)
			break;
	}
	return c;
}

/* the rest of pattern p is well formed: 0, or -1 */
static int check_rest(const char *p)
{
	while (*p) {
		int star;
		const char *end = scan_chunk(&p, &star), *empty = "";

		if (match_chunk(p, end, &empty) < 0)
			return -1;
		p = end;
	}
	return 0;
}

/* after chunk [p, end) failed at name: retry it past each byte up to a '/' */
static int match_after_star(const char *p, const char *end, const char **name)
{
	for (const char *n = *name; *n && *n != '/'; n++) {
		const char *t = n + 1;
		int ok = match_chunk(p, end, &t);

		if (ok < 0)
			return -1;
		if (ok && (*end || !*t)) {
			*name = t;
			return 1;
		}
	}
	return 0;
}

int embed_match(const char *p, const char *name)
{
	while (*p) {
		int star, ok;
		const char *end = scan_chunk(&p, &star), *t = name;

		if (star && end == p)
			return strchr(name, '/') == NULL;
		ok = match_chunk(p, end, &t);
		if (ok > 0 && (!*t || *end)) {
			name = t;
			p = end;
			continue;
		}
		if (ok < 0)
			return -1;
		if (star && (ok = match_after_star(p, end, &name)) != 0) {
			if (ok < 0)
				return -1;
			p = end;
			continue;
		}
		return check_rest(end) < 0 ? -1 : 0;
	}
	return !*name;
}

/* fs.ValidPath, less ".": unrooted slash-separated elements, none empty, "." or ".." */
static int valid_embed_pattern(const char *p)
{
	if (!utf8_valid(p) || strcmp(p, ".") == 0)
		return 0;
	for (const char *e = p;; e += strcspn(e, "/") + 1) {
		size_t n = strcspn(e, "/");

		if (n == 0 || (n == 1 && e[0] == '.') || (n == 2 && e[0] == '.' && e[1] == '.'))
			return 0;
		if (!e[n])
			return 1;
	}
}

/* cmd/go's isBadEmbedName: what module.CheckFilePath refuses, and VCS directories */
static int bad_embed_name(const char *e)
{
	size_t n = strlen(e), dots = 0;
	static const char *const vcs[] = { ".bzr", ".hg", ".git", ".svn", NULL };

	if (n == 0 || e[n - 1] == '.' || !utf8_valid(e) || path_elem_reserved(e, n))
		return 1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)e[i];

		dots += c == '.';
		if (c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
				  (c >= 'a' && c <= 'z') || strchr("!#$%&()+,-.=@[]^_{}~ ", c)))
			return 1;
	}
	for (size_t i = 0; vcs[i]; i++)
		if (strcmp(e, vcs[i]) == 0)
			return 1;
	return dots == n;
}

/* 1 when a glob has meta characters */
static int has_meta(const char *s)
{
	return strpbrk(s, "*?[\\") != NULL;
}

/* the state of resolving one package's patterns */
struct resolver {
	const char *root;        /* the package directory */
	struct embed_set *set;
	struct strmap dir_ok;    /* relative directories already checked */
	struct buf why;          /* what is wrong with the current pattern */
};

/* root/rel ("" is root), newly allocated */
static char *abs_of(const struct resolver *r, const char *rel)
{
	return *rel ? path_join(r->root, rel) : xstrdup(r->root);
}

static void note_dir(struct resolver *r, const char *rel)
{
	char *dir = abs_of(r, rel);

	if (!strv_has(&r->set->dirs, dir))
		strv_push(&r->set->dirs, dir);
	free(dir);
}

/* append to out dir's entries (dir relative) that match file; like filepath.Glob's glob */
static void glob_in(struct resolver *r, const char *dir, const char *file, struct strv *out)
{
	struct strv names = STRV_INIT;
	char *abs = abs_of(r, dir);

	if (fs_is_dir(abs) && fs_list_dir(abs, &names) == 0) {
		note_dir(r, dir);
		for (size_t i = 0; i < names.n; i++)
			if (embed_match(file, names.v[i]) > 0)
				strv_push_owned(out, *dir ? xasprintf("%s/%s", dir, names.v[i])
							  : xstrdup(names.v[i]));
	}
	strv_release(&names);
	free(abs);
}

/* filepath.Glob of a valid relative pattern under the root; matches relative, appended */
static void glob_rel(struct resolver *r, const char *pat, struct strv *out)
{
	const char *slash = strrchr(pat, '/');
	char *dir;

	if (!has_meta(pat)) {
		char *abs = abs_of(r, pat), *parent = slash ? xstrndup(pat, (size_t)(slash - pat)) : xstrdup("");

		note_dir(r, parent);
		if (fs_lstat_kind(abs) != FS_NONE)
			strv_push(out, pat);
		free(parent);
		free(abs);
		return;
	}
	dir = slash ? xstrndup(pat, (size_t)(slash - pat)) : xstrdup("");
	if (!has_meta(dir)) {
		glob_in(r, dir, slash ? slash + 1 : pat, out);
	} else {
		struct strv dirs = STRV_INIT;

		glob_rel(r, dir, &dirs);
		for (size_t i = 0; i < dirs.n; i++)
			glob_in(r, dirs.v[i], slash + 1, out);
		strv_release(&dirs);
	}
	free(dir);
}

/* add rel to list unless this pattern has it */
static void add_file(struct strv *list, const char *rel)
{
	if (!strv_has(list, rel))
		strv_push(list, rel);
}

/* why directory dir on the way from match rel (of kind what) to the root is refused (in
 * r->why): -1, or 0 when it is not */
static int check_parent(struct resolver *r, const char *dir, const char *rel, const char *what)
{
	char *abs = abs_of(r, dir), *gomod = path_join(abs, "go.mod");
	const char *base = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
	int self = strcmp(dir, rel) == 0, rc = -1;

	if (fs_exists(gomod))
		buf_printf(&r->why, "cannot embed %s %s: in different module", what, rel);
	else if (!self && fs_lstat_kind(abs) != FS_DIR)
		buf_printf(&r->why, "cannot embed %s %s: in non-directory %s", what, rel, dir);
	else if (bad_embed_name(base) && self)
		buf_printf(&r->why, "cannot embed %s %s: invalid name %s", what, rel, base);
	else if (bad_embed_name(base))
		buf_printf(&r->why, "cannot embed %s %s: in invalid directory %s", what, rel, base);
	else
		rc = 0;
	free(abs);
	free(gomod);
	return rc;
}

/* the checks of each directory from match rel (of kind what) up to the root; -1 with r->why */
static int check_parents(struct resolver *r, const char *rel, const char *what)
{
	char *dir = xstrdup(rel);
	int rc = 0;

	while (rc == 0 && *dir && !strmap_get(&r->dir_ok, dir)) {
		char *slash = strrchr(dir, '/');

		if ((rc = check_parent(r, dir, rel, what)) == 0)
			strmap_put(&r->dir_ok, dir, r);
		if (slash)
			*slash = '\0';
		else
			*dir = '\0';
	}
	free(dir);
	return rc;
}

/* the embeddable files of directory rel's tree, as resolveEmbed's walk takes them; -1 */
static int walk_dir(struct resolver *r, const char *rel, int all, struct strv *list, int *count)
{
	struct strv names = STRV_INIT;
	char *abs = abs_of(r, rel);
	int rc = fs_list_dir(abs, &names) < 0 ? -1 : 0;

	note_dir(r, rel);
	for (size_t i = 0; i < names.n && rc == 0; i++) {
		const char *name = names.v[i];
		char *sub = xasprintf("%s/%s", rel, name), *sabs = path_join(abs, name);
		char *gomod = path_join(sabs, "go.mod");
		enum fs_kind k = fs_lstat_kind(sabs);

		if (bad_embed_name(name) || ((name[0] == '.' || name[0] == '_') && !all))
			;                  /* left out, as of no module */
		else if (k == FS_DIR && !fs_exists(gomod))
			rc = walk_dir(r, sub, all, list, count);
		else if (k == FS_REGULAR) {
			++*count;
			add_file(list, sub);
		}
		free(sub);
		free(sabs);
		free(gomod);
	}
	strv_release(&names);
	free(abs);
	return rc;
}

/* add what match rel embeds to list; -1 with r->why set (or after reporting) */
static int take_match(struct resolver *r, const char *rel, int all, struct strv *list)
{
	char *abs = abs_of(r, rel);
	enum fs_kind k = fs_lstat_kind(abs);
	int rc = 0, count = 0;

	free(abs);
	if (check_parents(r, rel, k == FS_DIR ? "directory" : "file") < 0)
		return -1;
	if (k == FS_REGULAR) {
		add_file(list, rel);
	} else if (k != FS_DIR) {
		buf_printf(&r->why, "cannot embed irregular file %s", rel);
		rc = -1;
	} else if ((rc = walk_dir(r, rel, all, list, &count)) < 0) {
		buf_printf(&r->why, "cannot read directory %s", rel);
	} else if (count == 0) {
		buf_printf(&r->why, "cannot embed directory %s: contains no embeddable files", rel);
		rc = -1;
	}
	return rc;
}

/* resolve one pattern into pat->files; -1 with r->why set */
static int resolve_pattern(struct resolver *r, struct embed_pattern *pat)
{
	int all = str_has_prefix(pat->pattern, "all:");
	const char *glob = pat->pattern + (all ? 4 : 0);
	struct strv match = STRV_INIT;
	int rc = 0;

	if (embed_match(glob, "") < 0 || !valid_embed_pattern(glob)) {
		buf_puts(&r->why, "invalid pattern syntax");
		return -1;
	}
	glob_rel(r, glob, &match);
	for (size_t i = 0; i < match.n && rc == 0; i++)
		rc = take_match(r, match.v[i], all, &pat->files);
	strv_release(&match);
	if (rc == 0 && pat->files.n == 0) {
		buf_puts(&r->why, "no matching files found");
		rc = -1;
	}
	strv_sort(&pat->files);
	return rc;
}

static int cmp_embed(const void *a, const void *b)
{
	const struct go_embed *x = a, *y = b;
	int c = strcmp(x->pattern, y->pattern);

	/* equal patterns keep their order of appearance: the first one's place is reported */
	return c ? c : (x < y ? -1 : x > y);
}

/* the distinct patterns of pkg, sorted, each with the place it first appears */
static struct go_embed *distinct_patterns(const struct go_pkg *pkg, size_t *n)
{
	struct go_embed *v = xcalloc(pkg->nembeds + 1, sizeof(*v));

	*n = 0;
	if (pkg->nembeds)
		memcpy(v, pkg->embeds, pkg->nembeds * sizeof(*v));
	qsort(v, pkg->nembeds, sizeof(*v), cmp_embed);
	for (size_t i = 0; i < pkg->nembeds; i++)
		if (*n == 0 || strcmp(v[*n - 1].pattern, v[i].pattern) != 0)
			v[(*n)++] = v[i];
	return v;
}

int embed_resolve(const struct go_pkg *pkg, struct embed_set *set)
{
	struct resolver r = { pkg->dir, set, STRMAP_INIT, BUF_INIT };
	size_t n;
	struct go_embed *pats = distinct_patterns(pkg, &n);
	int rc = 0;

	memset(set, 0, sizeof(*set));
	set->pats = xcalloc(n + 1, sizeof(*set->pats));
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct embed_pattern *p = &set->pats[set->npats++];

		p->pattern = xstrdup(pats[i].pattern);
		if ((rc = resolve_pattern(&r, p)) < 0)
			error_at(&pats[i].pos, "pattern %s: %s", pats[i].pattern, buf_str(&r.why));
		for (size_t j = 0; j < p->files.n; j++)
			if (!strv_has(&set->files, p->files.v[j]))
				strv_push(&set->files, p->files.v[j]);
	}
	strv_sort(&set->files);
	strmap_release(&r.dir_ok);
	buf_release(&r.why);
	free(pats);
	return rc;
}

void embed_cfg_json(const struct embed_set *set, const char *prefix, struct buf *out)
{
	buf_puts(out, "{\n\t\"Patterns\": {");
	for (size_t i = 0; i < set->npats; i++) {
		buf_puts(out, i ? ",\n\t\t" : "\n\t\t");
		json_str(out, set->pats[i].pattern);
		buf_puts(out, ": [");
		for (size_t j = 0; j < set->pats[i].files.n; j++) {
			buf_puts(out, j ? ",\n\t\t\t" : "\n\t\t\t");
			json_str(out, set->pats[i].files.v[j]);
		}
		buf_puts(out, "\n\t\t]");
	}
	buf_puts(out, "\n\t},\n\t\"Files\": {");
	for (size_t i = 0; i < set->files.n; i++) {
		char *path = path_join(prefix, set->files.v[i]);

		buf_puts(out, i ? ",\n\t\t" : "\n\t\t");
		json_str(out, set->files.v[i]);
		buf_puts(out, ": ");
		json_str(out, path);
		free(path);
	}
	buf_puts(out, "\n\t}\n}\n");
}

void embed_set_release(struct embed_set *set)
{
	for (size_t i = 0; i < set->npats; i++) {
		free(set->pats[i].pattern);
		strv_release(&set->pats[i].files);
	}
	free(set->pats);
	strv_release(&set->files);
	strv_release(&set->dirs);
	memset(set, 0, sizeof(*set));
}
