/* goscan.c: choose a package directory's files as go list does (Go 1.19's go/build rules)
 * and read the package clause and imports of the chosen .go files */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/os.h"
#include "lib/gostring.h"
#include "lib/sha256.h"
#include "scan/goscan.h"
#include "lib/banned.h"

/* a file read lazily from its start, so that a header costs only the bytes it spans */
struct src {
	FILE *f;
	const char *path;
	struct buf b;
	size_t start;              /* 3 after a UTF-8 byte order mark, else 0 */
	int eof, failed;
};

/* read more of s until byte i is buffered or the file ends */
static void src_fill(struct src *s, size_t i)
{
	while (!s->eof && s->b.len <= i) {
		size_t want = s->b.len < 4096 ? 4096 : s->b.len;
		size_t n;

		buf_grow(&s->b, want);
		n = fread(s->b.data + s->b.len, 1, want, s->f);
		s->b.len += n;
		s->b.data[s->b.len] = '\0';
		if (n < want && ferror(s->f)) {
			error("could not read '%s':", s->path);
			s->failed = 1;
		}
		if (n < want)
			s->eof = 1;
	}
}

/* the byte at offset i, or -1 past the end */
static int src_at(struct src *s, size_t i)
{
	if (i >= s->b.len)
		src_fill(s, i);
	return i < s->b.len ? (unsigned char)s->b.data[i] : -1;
}

/* open path for lazy reading and skip a byte order mark; -1 after reporting */
static int src_open(struct src *s, const char *path)
{
	memset(s, 0, sizeof(*s));
	s->path = path;
	s->f = fopen(path, "rb");
	if (!s->f)
		return error("could not open '%s':", path);
	if (src_at(s, 0) == 0xef && src_at(s, 1) == 0xbb && src_at(s, 2) == 0xbf)
		s->start = 3;
	return 0;
}

/* a src over len bytes in memory, named path in messages */
static void src_open_buffer(struct src *s, const char *path, const char *data, size_t len)
{
	memset(s, 0, sizeof(*s));
	s->path = path;
	buf_add(&s->b, data, len);
	s->eof = 1;
	if (src_at(s, 0) == 0xef && src_at(s, 1) == 0xbb && src_at(s, 2) == 0xbf)
		s->start = 3;
}

static void src_close(struct src *s)
{
	if (s->f)
		fclose(s->f);
	buf_release(&s->b);
}

/* a reading position in a src with its line and column */
struct lexer {
	struct src *s;
	size_t off;
	int line;
	size_t line_start;         /* offset of the current line's first byte */
	const char *why;           /* a lexical problem met by the last skip or token */
	struct pos why_pos;
};

static void lexer_init(struct lexer *lx, struct src *s)
{
	memset(lx, 0, sizeof(*lx));
	lx->s = s;
	lx->off = s->start;
	lx->line = 1;
}

/* the position of the current offset */
static struct pos lx_pos(const struct lexer *lx)
{
	struct pos p = { lx->s->path, lx->line, (int)(lx->off - lx->line_start) + 1 };

	return p;
}

/* the current byte, or -1 at the end */
static int lx_peek(struct lexer *lx)
{
	return src_at(lx->s, lx->off);
}

/* step over the current byte, counting lines */
static void lx_advance(struct lexer *lx)
{
	if (src_at(lx->s, lx->off) == '\n') {
		lx->line++;
		lx->line_start = lx->off + 1;
	}
	lx->off++;
}

/* note a lexical problem at p; returns -1 */
static int lx_problem(struct lexer *lx, struct pos p, const char *why)
{
	lx->why = why;
	lx->why_pos = p;
	return -1;
}

/* skip a comment whose "/" "/" or "/" "*" starts at the current offset */
static int skip_comment(struct lexer *lx)
{
	struct pos start = lx_pos(lx);
	int block = src_at(lx->s, lx->off + 1) == '*';
	int c, prev = 0;

	lx_advance(lx);
	lx_advance(lx);
	while ((c = lx_peek(lx)) >= 0) {
		if (c == 0)
			return lx_problem(lx, lx_pos(lx), "unexpected NUL in input");
		if (!block && c == '\n')
			return 0;
		lx_advance(lx);
		if (block && prev == '*' && c == '/')
			return 0;
		prev = c;
	}
	return block ? lx_problem(lx, start, "comment not terminated") : 0;
}

/*
 * Skip white space, ';' and comments, as go/build's reader does; stop at anything else
 * (a '/' that starts no comment included). -1 with lx->why set on an unterminated comment
 * or a NUL byte.
 */
static int skip_space(struct lexer *lx)
{
	for (;;) {
		int c = lx_peek(lx);
		int c1;

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == ';') {
			lx_advance(lx);
			continue;
		}
		if (c == 0)
			return lx_problem(lx, lx_pos(lx), "unexpected NUL in input");
		c1 = c == '/' ? src_at(lx->s, lx->off + 1) : -1;
		if (c1 != '/' && c1 != '*')
			return 0;
		if (skip_comment(lx) < 0)
			return -1;
	}
}

/* a byte of an identifier, as go/build's reader sees it */
static int is_ident_byte(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c >= 0x80;
}

/* the position of byte offset off of s (for messages only: counts lines from the start) */
static struct pos src_pos(const struct src *s, size_t off)
{
	struct pos p = { s->path, 1, 1 };
	size_t line_start = 0;

	for (size_t i = 0; i < off && i < s->b.len; i++)
		if (s->b.data[i] == '\n') {
			p.line++;
			line_start = i + 1;
		}
	p.col = (int)(off - line_start) + 1;
	return p;
}

/* the build constraints of the leading text s[start..end): 1 build, 0 skip, -1 reported */
static int header_verdict(const struct build_ctx *ctx, struct src *s, size_t end)
{
	struct constraint_error err;
	int v = constraint_eval_header(ctx, s->b.data + s->start, end - s->start, &err);
	struct pos p;

	if (v >= 0)
		return v;
	p = src_pos(s, s->start + err.offset);
	return error_at(&p, "bad build constraint: %s", err.msg);
}

/*
 * Whether a .go file is built: its leading comments run up to and including the first other
 * byte (the "package" line decides where // +build lines stop counting). 1, 0 or -1.
 */
static int go_file_wanted(const struct build_ctx *ctx, struct lexer *lx)
{
	int skipped = skip_space(lx);
	size_t end = lx->off;
	int v;

	if (skipped < 0 && lx_peek(lx) == 0)
		return error_at(&lx->why_pos, "%s", lx->why);
	if (lx_peek(lx) >= 0)
		end++;
	v = header_verdict(ctx, lx->s, end);
	if (v > 0 && skipped < 0)
		return error_at(&lx->why_pos, "%s", lx->why);
	return v;
}

/* skip the leading comments of a non-Go file as go/build's readComments does; -1 reported */
static int skip_leading_comments(struct lexer *lx)
{
	struct pos p;

	if (skip_space(lx) < 0)
		return error_at(&lx->why_pos, "%s", lx->why);
	if (lx_peek(lx) != '/')
		return 0;
	p = lx_pos(lx);
	return error_at(&p, "expected a comment after '/'");
}

/* whether a .c, .h or .s file is built: only its leading comments count. 1, 0 or -1 */
static int other_file_wanted(const struct build_ctx *ctx, const char *path)
{
	struct src s;
	struct lexer lx;
	int v = -1;

	if (src_open(&s, path) < 0)
		return -1;
	lexer_init(&lx, &s);
	if (skip_leading_comments(&lx) == 0)
		v = header_verdict(ctx, &s, lx.off);
	if (s.failed)
		v = -1;
	src_close(&s);
	return v;
}

/* kinds of Go header tokens */
enum tok_kind { T_EOF, T_IDENT, T_STRING, T_PUNCT, T_ERR };

/* one token: its kind, where it is in the src, where it starts */
struct tok {
	enum tok_kind kind;
	size_t off, len;
	struct pos pos;
};

/* step over an interpreted string literal; the '"' is current */
static int lex_interpreted(struct lexer *lx, struct pos start)
{
	lx_advance(lx);
	for (;;) {
		int c = lx_peek(lx);

		if (c < 0 || c == '\n')
			return lx_problem(lx, start, "string literal not terminated");
		if (c == 0)
			return lx_problem(lx, lx_pos(lx), "unexpected NUL in input");
		lx_advance(lx);
		if (c == '"')
			return 0;
		if (c == '\\' && lx_peek(lx) > 0 && lx_peek(lx) != '\n')
			lx_advance(lx);
	}
}

/* step over a raw string literal; the '`' is current */
static int lex_raw(struct lexer *lx, struct pos start)
{
	lx_advance(lx);
	for (;;) {
		int c = lx_peek(lx);

		if (c < 0)
			return lx_problem(lx, start, "raw string literal not terminated");
		if (c == 0)
			return lx_problem(lx, lx_pos(lx), "unexpected NUL in input");
		lx_advance(lx);
		if (c == '`')
			return 0;
	}
}

/* read the next token into t */
static void lx_token(struct lexer *lx, struct tok *t)
{
	int c, rc = 0;

	t->kind = T_ERR;
	if (skip_space(lx) < 0)
		return;
	t->pos = lx_pos(lx);
	t->off = lx->off;
	c = lx_peek(lx);
	if (c < 0) {
		t->kind = T_EOF;
	} else if (is_ident_byte(c) && !(c >= '0' && c <= '9')) {
		t->kind = T_IDENT;
		while (is_ident_byte(lx_peek(lx)))
			lx_advance(lx);
	} else if (c == '"' || c == '`') {
		rc = c == '"' ? lex_interpreted(lx, t->pos) : lex_raw(lx, t->pos);
		t->kind = rc < 0 ? T_ERR : T_STRING;
	} else {
		t->kind = T_PUNCT;
		lx_advance(lx);
	}
	t->len = lx->off - t->off;
}

/* the text of t (valid until the src reads more) */
static const char *tok_text(const struct lexer *lx, const struct tok *t)
{
	return lx->s->b.data + t->off;
}

/* 1 when t is the identifier or punctuation word */
static int tok_is(const struct lexer *lx, const struct tok *t, const char *word)
{
	return (t->kind == T_IDENT || t->kind == T_PUNCT) && t->len == strlen(word) &&
	       memcmp(tok_text(lx, t), word, t->len) == 0;
}

/* report "expected WHAT, found T" (or the lexical problem that ended t); returns -1 */
static int expected(const struct lexer *lx, const struct tok *t, const char *what)
{
	int n = t->len > 40 ? 40 : (int)t->len;

	switch (t->kind) {
	case T_ERR:
		return error_at(&lx->why_pos, "%s", lx->why);
	case T_EOF:
		return error_at(&t->pos, "expected %s, found EOF", what);
	case T_STRING:
		return error_at(&t->pos, "expected %s, found string literal", what);
	default:
		return error_at(&t->pos, "expected %s, found '%.*s'", what, n, tok_text(lx, t));
	}
}

/* the value of hex digit c, or -1 */
/* the value of string literal t into out; -1 after reporting a bad escape */
static int decode_string(const struct lexer *lx, const struct tok *t, struct buf *out)
{
	const char *s = tok_text(lx, t);
	size_t n = t->len - 1;     /* the closing quote's offset */

	if (s[0] == '`') {
		for (size_t i = 1; i < n; i++)
			if (s[i] != '\r')
				buf_putc(out, s[i]);
		return 0;
	}
	for (size_t i = 1; i < n;) {
		size_t used = s[i] == '\\' ? go_unescape(s + i, n - i, out) : 1;
		struct pos p = t->pos;

		if (used == 0) {
			p.col += (int)i;
			return error_at(&p, "invalid escape sequence in string literal");
		}
		if (s[i] != '\\')
			buf_putc(out, s[i]);
		i += used;
	}
	return 0;
}

/* what one chosen .go file says */
struct go_file {
	char *name;                /* package name */
	struct pos name_pos;
	struct go_import *imports;
	size_t nimports, cap;
	struct pos cgo_pos;        /* of the "C" of import "C", line 0 when none */
	int imports_embed;         /* the file imports "embed": its //go:embed lines count */
	struct go_embed *embeds;
	size_t nembeds, cap_embeds;
};

/* free the contents of gf */
static void go_file_release(struct go_file *gf)
{
	for (size_t i = 0; i < gf->nimports; i++)
		free(gf->imports[i].path);
	free(gf->imports);
	for (size_t i = 0; i < gf->nembeds; i++)
		free(gf->embeds[i].pattern);
	free(gf->embeds);
	free(gf->name);
}


/* 1 when non-ASCII code point cp may appear in an import path: graphic, not a space */
static int path_rune_ok(long cp)
{
	return !(cp < 0xa1 || cp == 0xad || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200f) ||
		 (cp >= 0x2028 && cp <= 0x202f) || (cp >= 0x205f && cp <= 0x206f) ||
		 cp == 0x3000 || cp == 0xfeff || (cp >= 0xe000 && cp <= 0xf8ff) ||
		 (cp >= 0xfff0 && cp <= 0xffff) || cp >= 0xf0000);
}

/* go/parser's isValidImport: not empty, graphic, no spaces, none of !"#$%&'()*,:;<=>?[\]^{|}` */
static int import_path_ok(const char *path, size_t n)
{
	const unsigned char *s = (const unsigned char *)path;
	size_t i = 0, len;

	while (i < n) {
		if (s[i] < 0x80) {
			if (s[i] <= ' ' || s[i] == 0x7f || strchr("!\"#$%&'()*,:;<=>?[\\]^{|}`", s[i]))
				return 0;
			i++;
		} else {
			long cp = utf8_rune((const char *)s + i, n - i, &len);

			if (cp < 0 || !path_rune_ok(cp))
				return 0;
			i += len;
		}
	}
	return n > 0;
}

/* 1 when c may appear in an element of an import path (x/mod's importPathOK) */
static int import_char_ok(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       strchr("-._~+", c) != NULL;
}

/* why element e (of n bytes) of an import path is refused, NULL when it is not */
static const char *import_elem_problem(const char *e, size_t n)
{
	size_t dots = 0, shortlen = strcspn(e, ".");
	const char *tilde = NULL;

	if (n == 0)
		return "empty path element";
	for (size_t i = 0; i < n; i++) {
		dots += e[i] == '.';
		if (!import_char_ok((unsigned char)e[i]))
			return "invalid character in path element";
	}
	if (dots == n)
		return "'.' or '..' path element";
	if (e[n - 1] == '.')
		return "trailing dot in path element";
	if (shortlen > n)
		shortlen = n;
	if (path_elem_reserved(e, n))
		return "path element reserved on Windows";
	for (size_t i = 0; i < shortlen; i++)
		if (e[i] == '~')
			tilde = e + i;
	if (tilde && tilde + 1 < e + shortlen && strspn(tilde + 1, "0123456789") == (size_t)(e + shortlen - tilde - 1))
		return "trailing tilde and digits in path element";
	return NULL;
}

const char *go_import_path_problem(const char *path)
{
	size_t n = strlen(path);

	if (n == 0)
		return "empty import path";
	if (path[0] == '-')
		return "leading dash";
	if (path[0] == '/')
		return "leading slash";
	if (strstr(path, "//"))
		return "double slash";
	if (path[n - 1] == '/')
		return "trailing slash";
	for (const char *e = path;; e += strcspn(e, "/") + 1) {
		const char *why = import_elem_problem(e, strcspn(e, "/"));

		if (why)
			return why;
		if (!e[strcspn(e, "/")])
			return NULL;
	}
}

/* record the import whose path literal is t */
static int add_import(const struct lexer *lx, const struct tok *t, struct go_file *gf)
{
	struct buf path = BUF_INIT;
	const char *why;

	if (decode_string(lx, t, &path) < 0) {
		buf_release(&path);
		return -1;
	}
	if (!import_path_ok(path.data, path.len)) {
		buf_release(&path);
		return error_at(&t->pos, "invalid import path: %.*s", t->len > 200 ? 200 : (int)t->len,
				tok_text(lx, t));
	}
	/* what cmd/go's module.CheckImportPath refuses; outputs are named after import paths */
	if ((why = go_import_path_problem(path.data))) {
		error_at(&t->pos, "invalid import path %.*s: %s", t->len > 200 ? 200 : (int)t->len,
			 tok_text(lx, t), why);
		buf_release(&path);
		return -1;
	}
	if (strcmp(path.data, "C") == 0 && gf->cgo_pos.line == 0)
		gf->cgo_pos = t->pos;
	if (strcmp(path.data, "embed") == 0)
		gf->imports_embed = 1;
	xgrow(&gf->imports, &gf->cap, gf->nimports + 1, sizeof(*gf->imports));
	gf->imports[gf->nimports].path = buf_detach(&path);
	gf->imports[gf->nimports++].pos = t->pos;
	return 0;
}

/* one import spec starting at t: [name | "."] "path" */
static int parse_spec(struct lexer *lx, struct tok *t, struct go_file *gf)
{
	if (t->kind == T_IDENT || tok_is(lx, t, "."))
		lx_token(lx, t);
	if (t->kind != T_STRING)
		return expected(lx, t, "import path");
	return add_import(lx, t, gf);
}

/* what follows the "import" keyword: one spec or a parenthesized group */
static int parse_import_decl(struct lexer *lx, struct go_file *gf)
{
	struct tok t;

	lx_token(lx, &t);
	if (!tok_is(lx, &t, "("))
		return parse_spec(lx, &t, gf);
	for (;;) {
		lx_token(lx, &t);
		if (tok_is(lx, &t, ")"))
			return 0;
		if (t.kind == T_EOF)
			return expected(lx, &t, "')'");
		if (parse_spec(lx, &t, gf) < 0)
			return -1;
	}
}

/* 1 when the next token is the keyword "import" (then consumed), 0 when not, -1 reported */
static int next_is_import(struct lexer *lx)
{
	struct tok t;

	if (skip_space(lx) < 0)
		return error_at(&lx->why_pos, "%s", lx->why);
	if (!is_ident_byte(lx_peek(lx)))
		return 0;              /* do not lex what follows the imports */
	lx_token(lx, &t);
	return tok_is(lx, &t, "import");
}

/* the package clause and the import declarations, as far as go/build's readImports reads */
static int parse_go_header(struct lexer *lx, struct go_file *gf)
{
	struct tok t;
	int more;

	lx_token(lx, &t);
	if (!tok_is(lx, &t, "package"))
		return expected(lx, &t, "'package'");
	lx_token(lx, &t);
	if (t.kind != T_IDENT)
		return expected(lx, &t, "package name");
	gf->name = xstrndup(tok_text(lx, &t), t.len);
	gf->name_pos = t.pos;
	while ((more = next_is_import(lx)) > 0)
		if (parse_import_decl(lx, gf) < 0)
			return -1;
	return more;
}


/*
 * The //go:embed lines of a file that imports "embed", found as go/build's findEmbed finds
 * them: from the start of the file (the first line is never at a line start for it), a
 * "//go:embed" comment starting a line (after blanks) and followed by a blank, outside
 * string, rune and block-comment text. A NUL byte ends the search, as a read error does
 * there; so does an unterminated literal or comment.
 */
struct embed_scan {
	struct src *s;
	size_t off, line_start;
	int line;
	int stop;                  /* a NUL or the end was met */
};

/* the next byte, or -1 (and stop) at the end or at a NUL */
static int es_next(struct embed_scan *e)
{
	int c = e->stop ? -1 : src_at(e->s, e->off);

	if (c <= 0) {
		e->stop = 1;
		return -1;
	}
	e->off++;
	if (c == '\n') {
		e->line++;
		e->line_start = e->off;
	}
	return c;
}

/* skip a quoted literal whose opening quote q was read; the byte after it, or -1 */
static int es_skip_quoted(struct embed_scan *e, int q)
{
	for (;;) {
		int c = es_next(e);

		if (c < 0)
			return -1;
		if (c == '\\' && q != '`') {
			if (es_next(e) < 0)
				return -1;
			continue;
		}
		if (c == q)
			return es_next(e);
	}
}

/* skip a block comment whose opening was read; the byte after it, or -1 */
static int es_skip_block(struct embed_scan *e)
{
	int c = '*', c1 = 0;

	while (c != '*' || c1 != '/') {
		c = c1;
		if ((c1 = es_next(e)) < 0)
			return -1;
	}
	return es_next(e);
}

/* after "//" at a line start: 1 when "go:embed" and a blank follow (consumed), else 0 with
 * the first byte that differs in *c */
static int es_directive(struct embed_scan *e, int *c)
{
	for (const char *w = "go:embed"; *w; w++)
		if ((*c = es_next(e)) != *w)
			return 0;
	*c = es_next(e);
	return *c == ' ' || *c == '\t';
}

/* after "/": handle a comment or a lone slash; 1 at a //go:embed, else 0 with the byte to
 * look at next in *c (-1 at the end) */
static int es_slash(struct embed_scan *e, int *start_line, int *c)
{
	*c = es_next(e);
	if (*c == '*') {
		*start_line = 0;
		*c = es_skip_block(e);
		return 0;
	}
	if (*c != '/') {
		*start_line = 0;
		return 0;
	}
	if (*start_line && es_directive(e, c))
		return 1;
	while (*c != '\n' && *c >= 0)
		*c = es_next(e);
	*start_line = 1;
	*c = es_next(e);
	return 0;
}

/* advance to just after the next "//go:embed " (1), or to the end (0) */
static int es_find(struct embed_scan *e, int first)
{
	int start_line = !first;
	int c = es_next(e);

	while (c >= 0) {
		switch (c) {
		case '\n':
			start_line = 1;
			c = es_next(e);
			break;
		case ' ':
		case '\t':
			c = es_next(e);
			break;
		case '"':
		case '\'':
		case '`':
			start_line = 0;
			c = es_skip_quoted(e, c);
			break;
		case '/':
			if (es_slash(e, &start_line, &c))
				return 1;
			break;
		default:
			start_line = 0;
			c = es_next(e);
		}
	}
	return 0;
}

/* the code point at s (n bytes, n > 0) and its length; an invalid byte is U+FFFD, length 1 */
static long rune_at(const char *s, size_t n, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;
	long cp;

	*len = 1;
	if (u[0] < 0x80)
		return u[0];
	cp = utf8_rune(s, n, len);
	if (cp < 0) {
		*len = 1;
		return 0xfffd;
	}
	return cp;
}

/* unicode.IsSpace */
static int rune_is_space(long r)
{
	return r == ' ' || (r >= '\t' && r <= '\r') || r == 0x85 || r == 0xa0 || r == 0x1680 ||
	       (r >= 0x2000 && r <= 0x200a) || r == 0x2028 || r == 0x2029 || r == 0x202f ||
	       r == 0x205f || r == 0x3000;
}

/* the length of the run of spaces (or, with want 0, of non-spaces) at s */
static size_t span_spaces(const char *s, size_t n, int want)
{
	size_t i = 0, len;

	while (i < n && rune_is_space(rune_at(s + i, n - i, &len)) == want)
		i += len;
	return i;
}

/* the number of runes in s[0..n), as columns count them */
static int rune_count(const char *s, size_t n)
{
	int count = 0;
	size_t len;

	for (size_t i = 0; i < n; i += len, count++)
		rune_at(s + i, n - i, &len);
	return count;
}

/* one pattern at s (n > 0 bytes): its bytes used (0 when it is badly quoted), value in out */
static size_t embed_word(const char *s, size_t n, struct buf *out)
{
	size_t i;

	if (s[0] == '`') {
		const char *q = memchr(s + 1, '`', n - 1);

		if (!q)
			return 0;
		buf_add(out, s + 1, (size_t)(q - s - 1));
		return (size_t)(q - s) + 1;
	}
	if (s[0] != '"') {
		i = span_spaces(s, n, 0);
		buf_add(out, s, i);
		return i;
	}
	for (i = 1; i < n && s[i] != '"'; ) {
		size_t used = s[i] == '\\' ? go_unescape(s + i, n - i, out) : 1;

		if (used == 0)
			return 0;
		if (s[i] != '\\')
			buf_putc(out, s[i]);
		i += used;
	}
	return i < n ? i + 1 : 0;
}

/* the patterns of one //go:embed line (after the blank), as go/build's parseGoEmbed reads
 * them; a badly quoted line adds none (the compiler reports it) */
static void parse_embed_line(const char *s, size_t n, struct pos p, struct go_file *gf)
{
	struct go_embed *list = NULL;
	size_t nlist = 0, cap = 0;

	for (;;) {
		struct buf w = BUF_INIT;
		size_t sp = span_spaces(s, n, 1), used;
		size_t len;

		p.col += rune_count(s, sp);
		s += sp;
		n -= sp;
		if (n == 0)
			break;
		used = embed_word(s, n, &w);
		if (used == 0 || (used < n && !rune_is_space(rune_at(s + used, n - used, &len)))) {
			buf_release(&w);
			for (size_t i = 0; i < nlist; i++)
				free(list[i].pattern);
			free(list);
			return;
		}
		xgrow(&list, &cap, nlist + 1, sizeof(*list));
		list[nlist].pattern = buf_detach(&w);
		list[nlist++].pos = p;
		p.col += rune_count(s, used);
		s += used;
		n -= used;
	}
	xgrow(&gf->embeds, &gf->cap_embeds, gf->nembeds + nlist, sizeof(*gf->embeds));
	if (nlist)
		memcpy(gf->embeds + gf->nembeds, list, nlist * sizeof(*list));
	gf->nembeds += nlist;
	free(list);
}

/* every //go:embed pattern of the file in s (which imports "embed") into gf */
static void read_embeds(struct src *s, struct go_file *gf)
{
	struct embed_scan e = { s, s->start, s->start, 1, 0 };
	struct buf line = BUF_INIT;

	for (int first = 1; es_find(&e, first); first = 0) {
		struct pos p = { s->path, e.line, (int)(e.off - e.line_start) + 1 };
		int c;

		buf_reset(&line);
		while ((c = es_next(&e)) >= 0 && c != '\n')
			buf_putc(&line, c);
		parse_embed_line(line.data ? line.data : "", line.len, p, gf);
		if (c < 0)
			break;
	}
	buf_release(&line);
}

/* read a .go file's header: 1 chosen and parsed into gf, 0 excluded, -1 reported */
/* read the header of the go file in s: 1 wanted (gf filled, *end where its header ends),
 * 0 not, -1 after reporting */
static int read_go_src(const struct build_ctx *ctx, struct src *s, struct go_file *gf, size_t *end)
{
	struct lexer lx;
	int v;

	lexer_init(&lx, s);
	v = go_file_wanted(ctx, &lx);
	if (v > 0 && parse_go_header(&lx, gf) < 0)
		v = -1;
	*end = lx.off;
	if (v > 0 && gf->imports_embed)
		read_embeds(s, gf);
	if (s->failed)
		v = -1;
	return v;
}

/* go build refuses cgo in test files (go/build: "use of cgo in test"); -1 after reporting */
static int check_test_cgo(const char *path, const struct go_file *gf)
{
	if (!gf->cgo_pos.line)
		return 0;
	return error_at(&gf->cgo_pos, "use of cgo in test %s not supported", path);
}

int goscan_buffer(const struct build_ctx *ctx, const char *path, const char *data, size_t len,
		  struct go_pkg *pkg)
{
	struct go_file gf;
	struct src s;
	int v;

	memset(&gf, 0, sizeof(gf));
	src_open_buffer(&s, path, data, len);
	v = read_go_src(ctx, &s, &gf, &(size_t){ 0 });
	src_close(&s);
	if (v > 0 && ctx->tests && str_has_suffix(path, "_test.go") && check_test_cgo(path, &gf) < 0)
		v = -1;
	if (v > 0) {
		pkg->name = gf.name;
		pkg->imports = gf.imports;
		pkg->nimports = gf.nimports;
		pkg->cap_imports = gf.cap;
		pkg->embeds = gf.embeds;
		pkg->nembeds = gf.nembeds;
		pkg->cap_embeds = gf.cap_embeds;
		gf.name = NULL;
		gf.imports = NULL;
		gf.nimports = 0;
		gf.embeds = NULL;
		gf.nembeds = 0;
	}
	go_file_release(&gf);
	return v;
}

/* the text goscan_header_text gives for a .go file: its first end bytes, then gf's
 * //go:embed patterns */
static void header_text(const struct src *s, size_t end, const struct go_file *gf, struct buf *out)
{
	buf_add(out, s->b.data, end < s->b.len ? end : s->b.len);
	for (size_t i = 0; i < gf->nembeds; i++)
		buf_printf(out, "\n//go:embed %s", gf->embeds[i].pattern);
}

/* keep the digest of the header text of the (not _test.go) file that s read up to end */
static void memo_header(struct scan_memo *memo, const struct src *s, size_t end, const struct go_file *gf)
{
	struct buf text = BUF_INIT;
	char hex[65];

	if (strmap_get(&memo->headers, s->path))
		return;
	header_text(s, end, gf, &text);
	sha256_hex(text.data ? text.data : "", text.len, hex);
	strmap_put(&memo->headers, s->path, xstrdup(hex));
	buf_release(&text);
}

static int read_go_file(const struct build_ctx *ctx, const char *path, struct go_file *gf)
{
	struct src s;
	size_t end = 0;
	int v;

	if (src_open(&s, path) < 0)
		return -1;
	v = read_go_src(ctx, &s, gf, &end);
	if (v > 0 && ctx->memo && !str_has_suffix(path, "_test.go"))
		memo_header(ctx->memo, &s, end, gf);
	src_close(&s);
	return v;
}

/* the kinds of files a package directory may hold */
enum file_kind { F_NONE, F_GO, F_GO_TEST, F_C, F_H, F_S, F_S_CGO };

/* the kind of a file by its name; "_x" and ".x" are F_NONE, "x_test.go" is F_GO_TEST */
static enum file_kind file_kind(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (name[0] == '_' || name[0] == '.' || !dot)
		return F_NONE;
	if (strcmp(dot, ".go") == 0)
		return str_has_suffix(name, "_test.go") ? F_GO_TEST : F_GO;
	if (strcmp(dot, ".c") == 0)
		return F_C;
	if (strcmp(dot, ".h") == 0)
		return F_H;
	if (strcmp(dot, ".s") == 0)
		return F_S;
	if (strcmp(dot, ".S") == 0 || strcmp(dot, ".sx") == 0)
		return F_S_CGO;
	return F_NONE;
}

/* the state of one directory scan */
struct scan {
	const struct build_ctx *ctx;
	struct go_pkg *pkg;
	struct strv s_cgo;         /* .S/.sx files: listed only when there are cgo files */
	char *first;               /* the .go file that named the package */
	int ncgo;                  /* chosen files that import "C" */
	int failed;
};

/*
 * Check a chosen .go file's package name against the package's; the first file names the
 * package. pkgname is the file's package clause, with go/build's "_test" removed for an
 * external test file (isXTest), so that "found packages" names what go list names.
 */
static int check_name(struct scan *sc, const char *name, const char *pkgname,
		      const struct go_file *gf)
{
	struct go_pkg *pkg = sc->pkg;

	if (!pkg->name) {
		pkg->name = xstrdup(pkgname);
		sc->first = xstrdup(name);
		return 0;
	}
	if (strcmp(pkg->name, pkgname) == 0)
		return 0;
	return error_at(&gf->name_pos, "found packages %s (%s) and %s (%s) in %s", pkg->name,
			sc->first, pkgname, name, pkg->dir);
}

/* move the imports and //go:embed patterns of gf to the end of the lists given */
static void take_imports(struct go_file *gf, struct go_import **imports, size_t *nimports,
			 size_t *cap_imports, struct go_embed **embeds, size_t *nembeds,
			 size_t *cap_embeds)
{
	if (gf->nimports > 0) {
		xgrow(imports, cap_imports, *nimports + gf->nimports, sizeof(**imports));
		memcpy(*imports + *nimports, gf->imports, gf->nimports * sizeof(*gf->imports));
		*nimports += gf->nimports;
		gf->nimports = 0;
	}
	if (gf->nembeds > 0) {
		xgrow(embeds, cap_embeds, *nembeds + gf->nembeds, sizeof(**embeds));
		memcpy(*embeds + *nembeds, gf->embeds, gf->nembeds * sizeof(*gf->embeds));
		*nembeds += gf->nembeds;
		gf->nembeds = 0;
	}
}

/* add a chosen .go file (to cgo_files when it imports "C") and its imports; the package
 * takes path */
static void add_go_file(struct go_pkg *pkg, const char *name, char *path, struct go_file *gf)
{
	strv_push(gf->cgo_pos.line ? &pkg->cgo_files : &pkg->go_files, name);
	strv_push_owned(&pkg->paths, path);
	take_imports(gf, &pkg->imports, &pkg->nimports, &pkg->cap_imports, &pkg->embeds,
		     &pkg->nembeds, &pkg->cap_embeds);
}

/* add a chosen _test.go file to the test files (xtest: the external ones) with its
 * imports, "C" included as go/build keeps it; the package takes path */
static void add_test_file(struct go_pkg *pkg, const char *name, char *path, struct go_file *gf,
			  int xtest)
{
	if (xtest) {
		strv_push(&pkg->xtest_files, name);
		strv_push_owned(&pkg->xtest_paths, path);
		take_imports(gf, &pkg->xtest_imports, &pkg->nxtest_imports, &pkg->cap_xtest_imports,
			     &pkg->xtest_embeds, &pkg->nxtest_embeds, &pkg->cap_xtest_embeds);
		return;
	}
	strv_push(&pkg->test_files, name);
	strv_push_owned(&pkg->test_paths, path);
	take_imports(gf, &pkg->test_imports, &pkg->ntest_imports, &pkg->cap_test_imports,
		     &pkg->test_embeds, &pkg->ntest_embeds, &pkg->cap_test_embeds);
}

/*
 * Scan one _test.go file (ctx->tests), as go/build's Import does: an external test file is
 * one whose package clause ends in "_test" and differs from the package's name so far (or
 * comes first); its name minus "_test" must then be the package's. Takes path.
 */
static void scan_go_test(struct scan *sc, const char *name, char *path)
{
	struct go_file gf = { 0 };
	int v = read_go_file(sc->ctx, path, &gf);
	int xtest = 0;
	char *pkgname = NULL;

	if (v < 0)
		sc->failed = 1;
	if (v <= 0 || strcmp(gf.name, "documentation") == 0)
		goto out;
	if (str_has_suffix(gf.name, "_test") &&
	    (!sc->pkg->name || strcmp(sc->pkg->name, gf.name) != 0)) {
		xtest = 1;
		pkgname = xstrndup(gf.name, strlen(gf.name) - strlen("_test"));
	}
	if (check_name(sc, name, pkgname ? pkgname : gf.name, &gf) < 0)
		sc->failed = 1;
	if (check_test_cgo(path, &gf) < 0)
		sc->failed = 1;
	add_test_file(sc->pkg, name, path, &gf, xtest);
	path = NULL;
out:
	free(pkgname);
	go_file_release(&gf);
	free(path);
}

/* scan one .go file; takes path */
static void scan_go(struct scan *sc, const char *name, char *path)
{
	struct go_file gf = { 0 };
	int v = read_go_file(sc->ctx, path, &gf);

	if (v < 0)
		sc->failed = 1;
	if (v <= 0 || strcmp(gf.name, "documentation") == 0)
		goto out;
	if (check_name(sc, name, gf.name, &gf) < 0)
		sc->failed = 1;
	if (gf.cgo_pos.line && sc->ctx->cgo)
		sc->ncgo++;
	if (gf.cgo_pos.line && !sc->ctx->cgo) {
		sc->pkg->cgo_ignored++;
		goto out;              /* without cgo, go/build ignores files that import "C" */
	}
	add_go_file(sc->pkg, name, path, &gf);
	path = NULL;
out:
	go_file_release(&gf);
	free(path);
}

/* scan one .c, .h or .s file */
static void scan_other(struct scan *sc, const char *name, const char *path, enum file_kind k)
{
	int v = other_file_wanted(sc->ctx, path);

	if (v < 0)
		sc->failed = 1;
	if (v <= 0)
		return;
	if (k == F_C && sc->ctx->cgo)
		strv_push(&sc->pkg->c_files, name);    /* cmd/go drops C files without cgo */
	else if (k == F_H)
		strv_push(&sc->pkg->h_files, name);
	else if (k == F_S)
		strv_push(&sc->pkg->s_files, name);
	else if (k == F_S_CGO)
		strv_push(&sc->s_cgo, name);
}

/* consider one directory entry */
static void scan_entry(struct scan *sc, const char *name)
{
	enum file_kind k = file_kind(name);
	char *path;

	if (k == F_NONE || (k == F_GO_TEST && !sc->ctx->tests) ||
	    !constraint_file_name_ok(sc->ctx, name))
		return;
	path = path_join(sc->pkg->dir, name);
	if (!fs_is_file(path)) {
		free(path);             /* directories and dangling links are no source files */
		return;
	}
	if (k == F_GO) {
		scan_go(sc, name, path);
		return;
	}
	if (k == F_GO_TEST) {
		scan_go_test(sc, name, path);
		return;
	}
	scan_other(sc, name, path, k);
	free(path);
}

int goscan_dir(const struct build_ctx *ctx, const char *dir, struct go_pkg *pkg)
{
	struct scan sc = { ctx, pkg, STRV_INIT, NULL, 0, 0 };
	struct strv names = STRV_INIT;

	memset(pkg, 0, sizeof(*pkg));
	pkg->dir = xstrdup(dir);
	if (scan_memo_list(ctx->memo, dir, &names) < 0)
		return -1;
	for (size_t i = 0; i < names.n; i++)
		scan_entry(&sc, names.v[i]);
	if (sc.ncgo > 0) {
		/* .S and .sx files go to gcc only through cgo (go/build) */
		strv_extend(&pkg->s_files, &sc.s_cgo);
		strv_sort(&pkg->s_files);
	}
	strv_release(&sc.s_cgo);
	strv_release(&names);
	free(sc.first);
	if (sc.failed)
		return -1;
	return pkg->go_files.n + pkg->cgo_files.n > 0 ? 0 : 1;
}

/* the header of the .go file in s as read_go_src reads it, for every build context:
 * its text through the import declarations, then its //go:embed patterns; -1 when it does
 * not parse (nothing appended) */
static int go_header_text(struct src *s, struct buf *out)
{
	struct go_file gf = { 0 };
	struct lexer lx;
	int rc;

	lexer_init(&lx, s);
	rc = skip_space(&lx) < 0 || parse_go_header(&lx, &gf) < 0 ? -1 : 0;
	if (rc == 0 && gf.imports_embed)
		read_embeds(s, &gf);
	if (rc == 0 && !s->failed)
		header_text(s, lx.off, &gf, out);
	go_file_release(&gf);
	return rc == 0 && !s->failed ? 0 : -1;
}

/* the leading comments of the .c, .h or .s file in s, as other_file_wanted reads them */
static int other_header_text(struct src *s, struct buf *out)
{
	struct lexer lx;

	lexer_init(&lx, s);
	if (skip_space(&lx) < 0 || s->failed)
		return -1;
	buf_add(out, s->b.data, lx.off);
	return 0;
}

int goscan_header_text(const char *path, struct buf *out)
{
	enum file_kind k = file_kind(path_base(path));
	int silent = diag_silent, rc;
	struct src s;

	if (k == F_NONE)
		return 0;
	diag_silent = 1;
	rc = src_open(&s, path);
	diag_silent = silent;
	if (rc < 0)
		return -1;
	diag_silent = 1;
	rc = k == F_GO || k == F_GO_TEST ? go_header_text(&s, out) : other_header_text(&s, out);
	diag_silent = silent;
	if (rc < 0) {
		/* a header the scanner refuses: all of it, so that every edit regenerates and
		 * the regeneration reports the problem */
		src_fill(&s, SIZE_MAX - 1);
		if (s.failed) {
			src_close(&s);
			return -1;
		}
		buf_add(out, s.b.data, s.b.len);
	}
	src_close(&s);
	return 1;
}

void go_pkg_release(struct go_pkg *pkg)
{
	free(pkg->dir);
	free(pkg->name);
	strv_release(&pkg->go_files);
	strv_release(&pkg->cgo_files);
	strv_release(&pkg->c_files);
	strv_release(&pkg->h_files);
	strv_release(&pkg->s_files);
	strv_release(&pkg->paths);
	for (size_t i = 0; i < pkg->nimports; i++)
		free(pkg->imports[i].path);
	free(pkg->imports);
	for (size_t i = 0; i < pkg->nembeds; i++)
		free(pkg->embeds[i].pattern);
	free(pkg->embeds);
	strv_release(&pkg->test_files);
	strv_release(&pkg->xtest_files);
	strv_release(&pkg->test_paths);
	strv_release(&pkg->xtest_paths);
	for (size_t i = 0; i < pkg->ntest_imports; i++)
		free(pkg->test_imports[i].path);
	free(pkg->test_imports);
	for (size_t i = 0; i < pkg->nxtest_imports; i++)
		free(pkg->xtest_imports[i].path);
	free(pkg->xtest_imports);
	for (size_t i = 0; i < pkg->ntest_embeds; i++)
		free(pkg->test_embeds[i].pattern);
	free(pkg->test_embeds);
	for (size_t i = 0; i < pkg->nxtest_embeds; i++)
		free(pkg->xtest_embeds[i].pattern);
	free(pkg->xtest_embeds);
	memset(pkg, 0, sizeof(*pkg));
}

int scan_memo_list(struct scan_memo *memo, const char *dir, struct strv *names)
{
	struct strv *kept = memo ? strmap_get(&memo->names, dir) : NULL;

	if (kept) {
		strv_extend(names, kept);
		return 0;
	}
	if (fs_list_dir(dir, names) < 0)
		return -1;
	if (memo) {
		kept = xcalloc(1, sizeof(*kept));
		strv_extend(kept, names);
		strmap_put(&memo->names, dir, kept);
	}
	return 0;
}

void scan_memo_release(struct scan_memo *memo)
{
	for (size_t i = 0; i < memo->names.cap; i++) {
		if (memo->names.keys[i]) {
			strv_release(memo->names.vals[i]);
			free(memo->names.vals[i]);
		}
	}
	for (size_t i = 0; i < memo->headers.cap; i++)
		if (memo->headers.keys[i])
			free(memo->headers.vals[i]);
	strmap_release(&memo->names);
	strmap_release(&memo->headers);
}
