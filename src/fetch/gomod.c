/* gomod.c: go.mod files, lexed, parsed and checked as golang.org/x/mod/modfile does for a
 * main module (modfile.Parse: unknown directives and non-canonical versions are errors) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/gomod.h"
#include "lib/gostring.h"
#include "lib/json.h"
#include "lib/os.h"
#include "lib/banned.h"

/* lexing */

enum tok_kind { T_EOF, T_EOL, T_COMMENT, T_SUFFIX, T_LPAREN, T_RPAREN, T_LBRACK, T_RBRACK,
		T_COMMA, T_ARROW, T_WORD };

struct tok {
	enum tok_kind kind;
	const char *s;           /* the token's text in the file */
	size_t len;
	struct pos pos;
};

struct lexer {
	const char *path;
	const char *p, *end;     /* what is left */
	int line;
	const char *line_start;
	int failed;
};

static struct pos lx_pos(const struct lexer *lx, const char *at)
{
	struct pos p = { lx->path, lx->line, (int)(at - lx->line_start) + 1 };

	return p;
}

/* report at p (once per lexer: the first problem stops the parse, as modfile's does) */
ATTR_PRINTF(3, 4) static int lx_error(struct lexer *lx, const struct pos *p, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	if (lx->failed)
		return -1;
	lx->failed = 1;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	error_at(p, "%s", buf_str(&b));
	buf_release(&b);
	return -1;
}

/* modfile's isIdent: printable, no space, none of "()[]{}," */
static int word_byte(unsigned char c)
{
	return c >= 0x80 || (c > ' ' && c != 0x7f && !strchr("()[]{},", c));
}

/* a quoted string ("..." with backslash escapes) starting at lx->p */
static int lex_string(struct lexer *lx, struct tok *t)
{
	char quote = *lx->p++;

	while (1) {
		struct pos at = lx_pos(lx, lx->p);

		if (lx->p >= lx->end)
			return lx_error(lx, &at, "unexpected EOF in string");
		if (*lx->p == '\n')
			return lx_error(lx, &at, "unexpected newline in string");
		if (*lx->p == quote) {
			lx->p++;
			break;
		}
		if (*lx->p++ == '\\') {
			if (lx->p >= lx->end)
				return lx_error(lx, &at, "unexpected EOF in string");
			lx->p++;
		}
	}
	t->kind = T_WORD;
	return 0;
}

/* the next token; T_COMMENT is a comment alone on its line, T_SUFFIX one after a token */
static int lex(struct lexer *lx, struct tok *t, int after_token)
{
	while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\r'))
		lx->p++;
	t->s = lx->p;
	t->pos = lx_pos(lx, lx->p);
	t->kind = T_EOF;
	if (lx->p >= lx->end) {
		t->len = 0;
		return 0;
	}
	if (*lx->p == '\n') {
		lx->p++;
		lx->line++;
		lx->line_start = lx->p;
		t->kind = T_EOL;
	} else if (lx->end - lx->p >= 2 && lx->p[0] == '/' && lx->p[1] == '/') {
		while (lx->p < lx->end && *lx->p != '\n')
			lx->p++;
		t->kind = after_token ? T_SUFFIX : T_COMMENT;
	} else if (lx->end - lx->p >= 2 && lx->p[0] == '/' && lx->p[1] == '*') {
		return lx_error(lx, &t->pos, "mod files must use // comments, not /* */ comments");
	} else if (*lx->p && strchr("()[],", *lx->p)) {
		static const enum tok_kind kinds[] = { T_LPAREN, T_RPAREN, T_LBRACK, T_RBRACK, T_COMMA };

		t->kind = kinds[strchr("()[],", *lx->p++) - "()[],"];
	} else if (lx->end - lx->p >= 2 && lx->p[0] == '=' && lx->p[1] == '>') {
		lx->p += 2;
		t->kind = T_ARROW;
	} else if (*lx->p == '"') {
		if (lex_string(lx, t) < 0)
			return -1;
	} else if (!word_byte((unsigned char)*lx->p)) {
		return lx_error(lx, &t->pos, "unexpected input character 0x%02x", (unsigned char)*lx->p);
	} else {
		while (lx->p < lx->end && word_byte((unsigned char)*lx->p)) {
			if (lx->end - lx->p >= 2 && lx->p[0] == '/' && (lx->p[1] == '/' || lx->p[1] == '*'))
				break;
			lx->p++;
		}
		t->kind = T_WORD;
	}
	t->len = (size_t)(lx->p - t->s);
	return 0;
}

/* parsing into statements */

/* one line of go.mod: its tokens, and the comments that belong to it */
struct stmt {
	struct strv words;       /* every token's text, "(" "," "=>" included, strings still quoted */
	struct pos pos;          /* the first token */
	struct strv before;      /* the comment lines above it, "//" kept */
	char *suffix;            /* the comment after it on its line, NULL: none */
	int block;               /* index + 1 of the block (verb line) it is in, 0: none */
	int opens;               /* it is a block's verb line: "verb (" */
};

struct parse {
	struct lexer lx;
	struct stmt *v;
	size_t n, cap;
	struct strv comments;    /* comment lines since the last statement */
};

static struct stmt *new_stmt(struct parse *ps, const struct pos *pos, int block)
{
	struct stmt *s;

	xgrow(&ps->v, &ps->cap, ps->n + 1, sizeof(*ps->v));
	s = memset(&ps->v[ps->n++], 0, sizeof(*s));
	s->pos = *pos;
	s->block = block;
	s->before = ps->comments;
	memset(&ps->comments, 0, sizeof(ps->comments));
	return s;
}

static const char *const tok_text[] = { "", "", "", "", "(", ")", "[", "]", ",", "=>", "" };

/* the rest of a line starting with t; *open is set when it ends in "(" (a block begins) */
static int parse_line(struct parse *ps, struct tok *t, struct stmt *s, int top, int *open)
{
	*open = 0;
	while (t->kind != T_EOL && t->kind != T_EOF && t->kind != T_SUFFIX) {
		struct tok next;

		if (t->kind == T_LPAREN && top) {
			const char *save = ps->lx.p;
			int line = ps->lx.line;
			const char *ls = ps->lx.line_start;

			if (lex(&ps->lx, &next, 1) < 0)
				return -1;
			if (next.kind == T_EOL || next.kind == T_EOF || next.kind == T_SUFFIX) {
				*open = 1;
				*t = next;
				break;
			}
			if (next.kind == T_RPAREN) {
				struct tok after;

				if (lex(&ps->lx, &after, 1) < 0)
					return -1;
				if (after.kind == T_EOL || after.kind == T_EOF || after.kind == T_SUFFIX) {
					*open = 2;      /* an empty block */
					*t = after;
					break;
				}
			}
			ps->lx.p = save;
			ps->lx.line = line;
			ps->lx.line_start = ls;
		}
		if (t->kind == T_WORD)
			strv_push_owned(&s->words, xstrndup(t->s, t->len));
		else
			strv_push(&s->words, tok_text[t->kind]);
		if (lex(&ps->lx, t, 1) < 0)
			return -1;
	}
	if (t->kind == T_SUFFIX) {
		s->suffix = xstrndup(t->s, t->len);
		if (lex(&ps->lx, t, 1) < 0)
			return -1;
	}
	return 0;
}

/* the lines of a block, up to its ")" line; blk is the index + 1 of the block's verb line */
static int parse_block(struct parse *ps, int blk)
{
	struct pos start = ps->v[blk - 1].pos;
	struct tok t;
	int open;

	while (1) {
		if (lex(&ps->lx, &t, 0) < 0)
			return -1;
		if (t.kind == T_EOL)
			continue;
		if (t.kind == T_COMMENT) {
			strv_push_owned(&ps->comments, xstrndup(t.s, t.len));
			continue;
		}
		if (t.kind == T_EOF)
			return lx_error(&ps->lx, &t.pos, "syntax error (unterminated block started at %s:%d:%d)",
					start.file, start.line, start.col);
		if (t.kind == T_RPAREN) {
			strv_release(&ps->comments);
			if (lex(&ps->lx, &t, 1) < 0)
				return -1;
			if (t.kind != T_EOL && t.kind != T_EOF && t.kind != T_SUFFIX)
				return lx_error(&ps->lx, &t.pos, "syntax error (expected newline after closing paren)");
			return 0;
		}
		if (parse_line(ps, &t, new_stmt(ps, &t.pos, blk), 0, &open) < 0)
			return -1;
	}
}

static int parse_file(struct parse *ps)
{
	struct tok t;
	int open;

	while (1) {
		if (lex(&ps->lx, &t, 0) < 0)
			return -1;
		if (t.kind == T_EOF)
			return 0;
		if (t.kind == T_EOL)
			continue;
		if (t.kind == T_COMMENT) {
			strv_push_owned(&ps->comments, xstrndup(t.s, t.len));
			continue;
		}
		if (parse_line(ps, &t, new_stmt(ps, &t.pos, 0), 1, &open) < 0)
			return -1;
		ps->v[ps->n - 1].opens = open != 0;
		if (open == 1 && parse_block(ps, (int)ps->n) < 0)
			return -1;
	}
}

/* versions (golang.org/x/mod/semver) */

/* the length of the number at s (no leading zero but "0"), 0 when there is none */
static size_t num_len(const char *s)
{
	size_t n = strspn(s, "0123456789");

	return n > 1 && s[0] == '0' ? 0 : n;
}

/* the length of a prerelease ("-...") or build ("+...") suffix at s; -1 when malformed */
static long suffix_len(const char *s, int numeric_rule)
{
	size_t i = 1;

	while (1) {
		size_t n = strspn(s + i, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-");

		if (n == 0)
			return -1;
		if (numeric_rule && strspn(s + i, "0123456789") == n && n > 1 && s[i] == '0')
			return -1;
		i += n;
		if (s[i] != '.')
			return (long)i;
		i++;
	}
}

char *gomod_canonical_version(const char *v)
{
	struct buf b = BUF_INIT;
	const char *s = v + 1;
	int incompatible = 0;
	size_t n;
	long k;

	if (v[0] != 'v' || !(n = num_len(s)))
		return NULL;
	buf_add(&b, v, 1 + n);
	s += n;
	for (int part = 0; part < 2; part++) {
		if (!*s) {
			buf_puts(&b, part == 0 ? ".0.0" : ".0");
			return buf_detach(&b);
		}
		if (*s != '.' || !(n = num_len(s + 1)))
			goto bad;
		buf_add(&b, s, n + 1);
		s += n + 1;
	}
	if (*s == '-') {
		if ((k = suffix_len(s, 1)) < 0)
			goto bad;
		buf_add(&b, s, (size_t)k);
		s += k;
	}
	if (*s == '+') {
		if ((k = suffix_len(s, 0)) < 0)
			goto bad;
		incompatible = k == 13 && !strncmp(s, "+incompatible", 13);
		s += k;
	}
	if (*s)
		goto bad;
	if (incompatible)
		buf_puts(&b, "+incompatible");
	return buf_detach(&b);
bad:
	buf_release(&b);
	return NULL;
}

/* compare numbers given as digit strings without leading zeros */
static int num_compare(const char *a, size_t na, const char *b, size_t nb)
{
	if (na != nb)
		return na < nb ? -1 : 1;
	return memcmp(a, b, na);
}

/* compare two prereleases ("" when none: a release, which sorts after any prerelease) */
static int prerelease_compare(const char *a, const char *b)
{
	if (!*a || !*b)
		return *a ? -1 : *b ? 1 : 0;
	for (a++, b++;; a++, b++) {
		size_t na = strcspn(a, "."), nb = strcspn(b, ".");
		int da = strspn(a, "0123456789") == na, db = strspn(b, "0123456789") == nb, c;

		if (da != db)
			return da ? -1 : 1;  /* numeric identifiers sort first */
		c = da ? num_compare(a, na, b, nb) : strncmp(a, b, na < nb ? na : nb);
		if (c == 0 && !da && na != nb)
			c = na < nb ? -1 : 1;
		if (c)
			return c;
		a += na;
		b += nb;
		if (!*a || !*b)
			return *a ? 1 : *b ? -1 : 0;
	}
}

int gomod_semver_compare(const char *a, const char *b)
{
	a++;
	b++;
	for (int part = 0; part < 3; part++) {
		size_t na = strspn(a, "0123456789"), nb = strspn(b, "0123456789");
		int c = num_compare(a, na, b, nb);

		if (c)
			return c < 0 ? -1 : 1;
		a += na + (part < 2 && a[na] == '.');
		b += nb + (part < 2 && b[nb] == '.');
	}
	{
		char *pa = xstrndup(a, strcspn(a, "+")), *pb = xstrndup(b, strcspn(b, "+"));
		int c = prerelease_compare(pa, pb);

		free(pa);
		free(pb);
		return c < 0 ? -1 : c > 0;
	}
}

/* the semver major version of canonical v: "v2" of "v2.1.0" (into buf) */
static const char *major_of(const char *v, char *buf, size_t size)
{
	snprintf(buf, size, "%.*s", (int)strcspn(v, ".-+"), v);
	return buf;
}

/* module.SplitPathVersion's pathMajor of path ("", "/v2", ".v1"); -1 when path is malformed */
static int path_major(const char *path, const char **major)
{
	size_t n = strlen(path), i = n;
	int dot = 0;

	if (str_has_prefix(path, "gopkg.in/")) {
		if (str_has_suffix(path, "-unstable"))
			i -= strlen("-unstable");
		while (i > 0 && path[i - 1] >= '0' && path[i - 1] <= '9')
			i--;
		if (i <= 1 || path[i - 1] != 'v' || path[i - 2] != '.')
			return -1;
		*major = path + i - 2;
		return (n - (i - 2) <= 2 || (path[i] == '0' && strcmp(*major, ".v0"))) ? -1 : 0;
	}
	while (i > 0 && ((path[i - 1] >= '0' && path[i - 1] <= '9') || path[i - 1] == '.')) {
		dot |= path[i - 1] == '.';
		i--;
	}
	*major = "";
	if (i <= 1 || i == n || path[i - 1] != 'v' || path[i - 2] != '/')
		return 0;
	*major = path + i - 2;
	return dot || n - (i - 2) <= 2 || path[i] == '0' || !strcmp(*major, "/v1") ? -1 : 0;
}

/* module.CheckPathMajor: why canonical version v does not go with path's major, NULL when it does */
static char *major_problem(const char *v, const char *major)
{
	char m[32];

	major_of(v, m, sizeof(m));
	if (major[0] == '.' && str_has_suffix(major, "-unstable"))
		return NULL;
	if (str_has_prefix(v, "v0.0.0-") && !strcmp(major, ".v1"))
		return NULL;
	if (!major[0])
		return !strcmp(m, "v0") || !strcmp(m, "v1") || str_has_suffix(v, "+incompatible") ? NULL :
		       xasprintf("should be v0 or v1, not %s", m);
	return !strcmp(m, major + 1) ? NULL : xasprintf("should be %s, not %s", major + 1, m);
}

/* strings */

/* modfile's parseString: a "..." token unquoted as Go does, others as they are but for quote
 * characters, which are reserved; NULL when bad */
static char *unquote(const char *w)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(w);

	if (w[0] != '"')
		return strpbrk(w, "\"'`") ? NULL : xstrdup(w);
	if (n < 2 || w[n - 1] != '"')
		return NULL;
	buf_add(&b, "", 0);
	for (size_t i = 1; i < n - 1; i++) {
		size_t k;

		if (w[i] != '\\') {
			if (w[i] == '"')
				goto bad;
			buf_putc(&b, w[i]);
			continue;
		}
		if (!(k = go_unescape(w + i, n - 1 - i, &b)))
			goto bad;
		i += k - 1;
	}
	return buf_detach(&b);
bad:
	buf_release(&b);
	return NULL;
}

/* directives */

/* "indirect" or "indirect; ..." in a "// ..." comment */
static int is_indirect(const char *comment)
{
	const char *s = comment ? comment + 2 : "";

	s += strspn(s, " \t");
	return !strncmp(s, "indirect", 8) && (!s[8] || s[8] == ';' || strspn(s + 8, " \t") == strlen(s + 8));
}

/* modfile's parseDirectiveComment: the comment lines above and after, without "//" */
static char *directive_comment(const struct parse *ps, const struct stmt *s)
{
	struct buf b = BUF_INIT;
	const struct stmt *c = s;

	if (s->block && !s->before.n && !s->suffix)
		c = &ps->v[s->block - 1];
	for (size_t i = 0; i <= c->before.n; i++) {
		const char *line = i < c->before.n ? c->before.v[i] : c->suffix;
		size_t start, end;

		if (!line)
			continue;
		line += 2;
		start = strspn(line, " \t\r");
		end = strlen(line);
		while (end > start && strchr(" \t\r", line[end - 1]))
			end--;
		buf_printf(&b, "%s%.*s", b.len || i ? "\n" : "", (int)(end - start), line + start);
	}
	if (b.len && b.data[0] == '\n')
		memmove(b.data, b.data + 1, b.len--);
	buf_add(&b, "", 0);
	return buf_detach(&b);
}

/* the "Deprecated:" paragraph of comment text, NULL when none: modfile's
 * (?s)(?:^|\n\n)Deprecated: *(.*?)(?:$|\n\n) */
static char *deprecation(const char *text)
{
	const char *p = str_has_prefix(text, "Deprecated:") ? text : NULL, *end;

	for (const char *q = strstr(text, "\n\n"); !p && q; q = strstr(q + 1, "\n\n"))
		if (str_has_prefix(q + 2, "Deprecated:"))
			p = q + 2;
	if (!p)
		return NULL;
	p += strlen("Deprecated:");
	p += strspn(p, " ");
	end = strstr(p, "\n\n");
	return xstrndup(p, end ? (size_t)(end - p) : strlen(p));
}

struct checker {
	struct parse *ps;
	struct gomod *m;
	const struct stmt *s;
	const char *verb;
	int errors;
	int lax;                 /* a dependency's go.mod: unknown directives are ignored */
};

ATTR_PRINTF(2, 3) static void bad(struct checker *c, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	error_at(&c->s->pos, "%s", buf_str(&b));
	buf_release(&b);
	c->errors++;
}

/* the canonical version of word w for module path; NULL after reporting */
static char *version_arg(struct checker *c, const char *path, const char *w)
{
	char *v = unquote(w), *cv = v ? gomod_canonical_version(v) : NULL;

	if (!v)
		bad(c, "%s %s: invalid quoted string", c->verb, path);
	else if (!cv)
		bad(c, "%s %s: invalid version %s: must be of the form v1.2.3", c->verb, path, v);
	free(v);
	return cv;
}

/* the path of word w, with its major version checked against version v (NULL: none) */
static char *path_arg(struct checker *c, const char *w, const char *v)
{
	char *path = unquote(w), *why;
	const char *major;

	if (!path) {
		bad(c, "invalid quoted string");
		return NULL;
	}
	if (path_major(path, &major) < 0) {
		bad(c, "%s %s: invalid module path", c->verb, path);
	} else if (v && (why = major_problem(v, major))) {
		bad(c, "%s %s: invalid version %s: %s", c->verb, path, v, why);
		free(why);
	} else {
		return path;
	}
	free(path);
	return NULL;
}

static void add_require(struct checker *c, int exclude)
{
	const struct strv *a = &c->s->words;
	struct gomod_version mv = { NULL, NULL };

	if (a->n != 3) {
		bad(c, "usage: %s module/path v1.2.3", c->verb);
		return;
	}
	if (!(mv.version = version_arg(c, a->v[1], a->v[2])) || !(mv.path = path_arg(c, a->v[1], mv.version))) {
		free(mv.version);
		return;
	}
	if (exclude) {
		c->m->exclude = xappend(c->m->exclude, c->m->nexclude, sizeof(*c->m->exclude));
		c->m->exclude[c->m->nexclude++] = mv;
		return;
	}
	c->m->require = xappend(c->m->require, c->m->nrequire, sizeof(*c->m->require));
	c->m->require[c->m->nrequire].mod = mv;
	c->m->require[c->m->nrequire].indirect = is_indirect(c->s->suffix);
	c->m->require[c->m->nrequire++].pos = c->s->pos;
}

/* modfile.IsDirectoryPath */
static int is_dir_path(const char *s)
{
	return str_has_prefix(s, "./") || str_has_prefix(s, "../") || s[0] == '/' || str_has_prefix(s, ".\\") ||
	       str_has_prefix(s, "..\\") || s[0] == '\\' ||
	       (((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')) && s[1] == ':');
}

/* the replacement side of "replace old [v] => new [v]", words from i */
static int replace_new(struct checker *c, size_t i, struct gomod_version *new)
{
	const struct strv *a = &c->s->words;

	if (!(new->path = unquote(a->v[i])))
		return bad(c, "invalid quoted string"), -1;
	if (i + 1 == a->n) {
		if (!is_dir_path(new->path)) {
			bad(c, strchr(new->path, '@') ? "replacement module must match format 'path version', "
			    "not 'path@version'" : "replacement module without version must be directory "
			    "path (rooted or starting with ./ or ../)");
			return -1;
		}
		if (strchr(new->path, '\\'))
			return bad(c, "replacement directory appears to be Windows path (on a non-windows "
				   "system)"), -1;
		return 0;
	}
	if (!(new->version = version_arg(c, new->path, a->v[i + 1])))
		return -1;
	if (is_dir_path(new->path))
		return bad(c, "replacement module directory path \"%s\" cannot have version", new->path), -1;
	return 0;
}

static void add_replace(struct checker *c)
{
	const struct strv *a = &c->s->words;
	size_t arrow = a->n >= 3 && !strcmp(a->v[2], "=>") ? 2 : 3;
	struct gomod_replace r;

	memset(&r, 0, sizeof(r));
	r.pos = c->s->pos;
	if (a->n < arrow + 2 || a->n > arrow + 3 || strcmp(a->v[arrow], "=>")) {
		bad(c, "usage: replace module/path [v1.2.3] => other/module v1.4\n"
		    "\t or replace module/path [v1.2.3] => ../local/directory");
		return;
	}
	if (arrow == 3 && !(r.old.version = version_arg(c, a->v[1], a->v[2])))
		return;
	if (!(r.old.path = path_arg(c, a->v[1], r.old.version)) || replace_new(c, arrow + 1, &r.new) < 0) {
		free(r.old.path);
		free(r.old.version);
		free(r.new.path);
		free(r.new.version);
		return;
	}
	c->m->replace = xappend(c->m->replace, c->m->nreplace, sizeof(*c->m->replace));
	c->m->replace[c->m->nreplace++] = r;
}

/* "retract v" or "retract [low, high]" */
static void add_retract(struct checker *c)
{
	const struct strv *a = &c->s->words;
	struct gomod_retract r = { NULL, NULL, NULL };
	size_t next = 2;

	if (a->n < 2 || !strcmp(a->v[1], "(")) {
		bad(c, "retract: expected '[' or version");
		return;
	}
	if (strcmp(a->v[1], "[") != 0) {
		r.low = version_arg(c, "", a->v[1]);
		r.high = r.low ? xstrdup(r.low) : NULL;
	} else if (a->n < 6 || strcmp(a->v[3], ",") || strcmp(a->v[5], "]")) {
		bad(c, "retract: expected '[low, high]'");
	} else if ((r.low = version_arg(c, "", a->v[2]))) {
		r.high = version_arg(c, "", a->v[4]);
		next = 6;
	}
	if (r.low && r.high && a->n > next)
		bad(c, "unexpected token after version: \"%s\"", a->v[next]);
	else if (r.low && r.high) {
		r.rationale = directive_comment(c->ps, c->s);
		c->m->retract = xappend(c->m->retract, c->m->nretract, sizeof(*c->m->retract));
		c->m->retract[c->m->nretract++] = r;
		return;
	}
	free(r.low);
	free(r.high);
}

/* "go 1.N" (modfile.GoVersionRE) */
static int go_version_ok(const char *v)
{
	size_t major = num_len(v), minor;

	if (!major || v[0] == '0' || v[major] != '.')
		return 0;
	minor = num_len(v + major + 1);
	return minor && !v[major + 1 + minor];
}

static void add_module(struct checker *c)
{
	char *text;

	if (c->m->module) {
		bad(c, "repeated module statement");
		return;
	}
	if (c->s->words.n != 2) {
		bad(c, "usage: module module/path");
		return;
	}
	if (!(c->m->module = unquote(c->s->words.v[1]))) {
		bad(c, "invalid quoted string");
		return;
	}
	c->m->module_pos = c->s->pos;
	text = directive_comment(c->ps, c->s);
	c->m->deprecated = deprecation(text);
	free(text);
}

static void add_go(struct checker *c, char **dst, struct pos *pos)
{
	if (*dst) {
		bad(c, "repeated %s statement", c->verb);
	} else if (c->s->words.n != 2) {
		bad(c, "%s directive expects exactly one argument", c->verb);
	} else if (pos && !go_version_ok(c->s->words.v[1])) {
		bad(c, "invalid go version '%s': must match format 1.23", c->s->words.v[1]);
	} else {
		*dst = xstrdup(c->s->words.v[1]);
		if (pos)
			*pos = c->s->pos;
	}
}

/* one statement: a block's verb line only gives its verb to the lines inside */
static void add_stmt(struct checker *c)
{
	const struct stmt *s = c->s;
	const struct strv *w = s->block ? &c->ps->v[s->block - 1].words : &s->words;
	struct stmt joined;

	if (!w->n)
		return;
	c->verb = w->v[0];
	if (s->block) {
		/* a line inside "verb ( ... )" reads as "verb" followed by its own words */
		joined = *s;
		memset(&joined.words, 0, sizeof(joined.words));
		strv_push(&joined.words, c->verb);
		strv_extend(&joined.words, &s->words);
		c->s = &joined;
	}
	if (!strcmp(c->verb, "module"))
		add_module(c);
	else if (!strcmp(c->verb, "go"))
		add_go(c, &c->m->go, &c->m->go_pos);
	else if (!strcmp(c->verb, "toolchain"))
		add_go(c, &c->m->toolchain, NULL);
	else if (!strcmp(c->verb, "require") || !strcmp(c->verb, "exclude"))
		add_require(c, !strcmp(c->verb, "exclude"));
	else if (!strcmp(c->verb, "replace"))
		add_replace(c);
	else if (!strcmp(c->verb, "retract"))
		add_retract(c);
	else if (strcmp(c->verb, "godebug") != 0 && !c->lax)
		bad(c, "unknown directive: %s", c->verb);
	if (s->block)
		strv_release(&joined.words);
	c->s = s;
}

/* the verbs a block may hold: "require ( ... )" */
static int block_ok(const struct stmt *s)
{
	static const char *const verbs[] = { "module", "require", "exclude", "replace", "retract", "godebug" };

	for (size_t i = 0; s->words.n == 1 && i < ARRAY_LEN(verbs); i++)
		if (!strcmp(s->words.v[0], verbs[i]))
			return 1;
	return 0;
}

static void check_block(struct checker *c)
{
	struct buf b = BUF_INIT;

	if (block_ok(c->s))
		return;
	for (size_t i = 0; i < c->s->words.n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", c->s->words.v[i]);
	bad(c, "unknown block type: %s", buf_str(&b));
	buf_release(&b);
}

static void parse_release(struct parse *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		strv_release(&ps->v[i].words);
		strv_release(&ps->v[i].before);
		free(ps->v[i].suffix);
	}
	free(ps->v);
	strv_release(&ps->comments);
}

static int parse(const char *path, const char *text, size_t n, int lax, struct gomod *m)
{
	struct parse ps;
	struct checker c;
	int rc;

	memset(m, 0, sizeof(*m));
	memset(&ps, 0, sizeof(ps));
	ps.lx.path = path;
	ps.lx.p = ps.lx.line_start = text;
	ps.lx.end = text + n;
	ps.lx.line = 1;
	rc = parse_file(&ps);
	memset(&c, 0, sizeof(c));
	c.ps = &ps;
	c.m = m;
	c.lax = lax;
	for (size_t i = 0; rc == 0 && i < ps.n; i++) {
		c.s = &ps.v[i];
		if (ps.v[i].opens)
			check_block(&c);
		else if (!ps.v[i].block || block_ok(&ps.v[ps.v[i].block - 1]))
			add_stmt(&c);
	}
	parse_release(&ps);
	if (rc == 0 && c.errors == 0)
		return 0;
	gomod_release(m);
	return -1;
}

int gomod_parse(const char *path, const char *text, size_t n, struct gomod *m)
{
	return parse(path, text, n, 0, m);
}

int gomod_parse_lax(const char *path, const char *text, size_t n, struct gomod *m)
{
	return parse(path, text, n, 1, m);
}

int gomod_load(const char *path, struct gomod *m)
{
	struct buf b = BUF_INIT;
	int rc = fs_read_regular(path, "go.mod", FS_INPUT_MAX, &b) < 0 ? -1 : gomod_parse(path, b.data, b.len, m);

	buf_release(&b);
	return rc;
}

static void version_release(struct gomod_version *v)
{
	free(v->path);
	free(v->version);
}

void gomod_release(struct gomod *m)
{
	for (size_t i = 0; i < m->nrequire; i++)
		version_release(&m->require[i].mod);
	for (size_t i = 0; i < m->nexclude; i++)
		version_release(&m->exclude[i]);
	for (size_t i = 0; i < m->nreplace; i++) {
		version_release(&m->replace[i].old);
		version_release(&m->replace[i].new);
	}
	for (size_t i = 0; i < m->nretract; i++) {
		free(m->retract[i].low);
		free(m->retract[i].high);
		free(m->retract[i].rationale);
	}
	free(m->require);
	free(m->exclude);
	free(m->replace);
	free(m->retract);
	free(m->module);
	free(m->deprecated);
	free(m->go);
	free(m->toolchain);
	memset(m, 0, sizeof(*m));
}

/* JSON, in the members and order of 'go mod edit -json' */

static void json_version(struct buf *b, const struct gomod_version *v, const char *indent)
{
	buf_printf(b, "{\n%s\t\"Path\": ", indent);
	json_str(b, v->path);
	if (v->version) {
		buf_printf(b, ",\n%s\t\"Version\": ", indent);
		json_str(b, v->version);
	}
	buf_printf(b, "\n%s}", indent);
}

/* "\t\"Name\": [" each element "]" or null */
static void json_list(struct buf *b, const char *name, size_t n, const struct gomod *m,
		      void (*elem)(struct buf *, const struct gomod *, size_t))
{
	buf_printf(b, ",\n\t\"%s\": ", name);
	if (!n) {
		buf_puts(b, "null");
		return;
	}
	buf_puts(b, "[");
	for (size_t i = 0; i < n; i++) {
		buf_puts(b, i ? ",\n\t\t" : "\n\t\t");
		elem(b, m, i);
	}
	buf_puts(b, "\n\t]");
}

static void json_require(struct buf *b, const struct gomod *m, size_t i)
{
	const struct gomod_require *r = &m->require[i];

	buf_puts(b, "{\n\t\t\t\"Path\": ");
	json_str(b, r->mod.path);
	buf_puts(b, ",\n\t\t\t\"Version\": ");
	json_str(b, r->mod.version);
	if (r->indirect)
		buf_puts(b, ",\n\t\t\t\"Indirect\": true");
	buf_puts(b, "\n\t\t}");
}

static void json_exclude(struct buf *b, const struct gomod *m, size_t i)
{
	json_version(b, &m->exclude[i], "\t\t");
}

static void json_replace(struct buf *b, const struct gomod *m, size_t i)
{
	buf_puts(b, "{\n\t\t\t\"Old\": ");
	json_version(b, &m->replace[i].old, "\t\t\t");
	buf_puts(b, ",\n\t\t\t\"New\": ");
	json_version(b, &m->replace[i].new, "\t\t\t");
	buf_puts(b, "\n\t\t}");
}

static void json_retract(struct buf *b, const struct gomod *m, size_t i)
{
	const struct gomod_retract *r = &m->retract[i];

	buf_puts(b, "{\n\t\t\t\"Low\": ");
	json_str(b, r->low);
	buf_puts(b, ",\n\t\t\t\"High\": ");
	json_str(b, r->high);
	if (r->rationale && *r->rationale) {
		buf_puts(b, ",\n\t\t\t\"Rationale\": ");
		json_str(b, r->rationale);
	}
	buf_puts(b, "\n\t\t}");
}

void gomod_json(const struct gomod *m, struct buf *out)
{
	buf_puts(out, "{\n\t\"Module\": {\n\t\t\"Path\": ");
	json_str(out, m->module ? m->module : "");
	if (m->deprecated) {
		buf_puts(out, ",\n\t\t\"Deprecated\": ");
		json_str(out, m->deprecated);
	}
	buf_puts(out, "\n\t}");
	if (m->go) {
		buf_puts(out, ",\n\t\"Go\": ");
		json_str(out, m->go);
	}
	json_list(out, "Require", m->nrequire, m, json_require);
	json_list(out, "Exclude", m->nexclude, m, json_exclude);
	json_list(out, "Replace", m->nreplace, m, json_replace);
	json_list(out, "Retract", m->nretract, m, json_retract);
	buf_puts(out, "\n}\n");
}

int cmd_gomod(int argc, char **argv)
{
	int rc = 0;

	if (argc == 2 && is_help(argv[1])) {
		fputs("usage: mipsbake gomod FILE...\n"
		      "print each go.mod's module, go version, requirements, excludes, replacements and\n"
		      "retractions as 'go mod edit -json FILE' does\n", stdout);
		return 0;
	}
	if (argc < 2)
		return usage_error("gomod", "no FILE given");
	for (int i = 1; i < argc; i++)
		if (argv[i][0] == '-')
			return usage_error("gomod", "unknown option '%s'", argv[i]);
	for (int i = 1; i < argc; i++) {
		struct gomod m;
		struct buf b = BUF_INIT;

		if (gomod_load(argv[i], &m) < 0) {
			rc = 1;
			continue;
		}
		gomod_json(&m, &b);
		fputs(buf_str(&b), stdout);
		buf_release(&b);
		gomod_release(&m);
	}
	return rc;
}
