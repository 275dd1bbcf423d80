/* constraint.c: build constraints as Go 1.19's go/build reads them: file name suffixes,
 * //go:build expressions and legacy // +build lines */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan/goscan.h"
#include "lib/banned.h"

/* go/build's knownOS: file name suffixes that name an operating system */
static const char *const known_os[] = {
	"aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js",
	"linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "windows", "zos",
};

/* go/build's unixOS: the GOOS values that satisfy the "unix" tag */
static const char *const unix_os[] = {
	"aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "linux",
	"netbsd", "openbsd", "solaris",
};

/* go/build's knownArch: file name suffixes that name an architecture */
static const char *const known_arch[] = {
	"386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips",
	"mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le",
	"riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm",
};

/* GOARCH values whose Go 1.19 toolchain has the register ABI on: its GOEXPERIMENT tags hold */
static const char *const regabi_arch[] = { "amd64", "arm64", "ppc64", "ppc64le", "riscv64" };

/* GOOS values that also satisfy the tag of an older sibling: android is linux, ... */
static const char *const os_alias[][2] = {
	{ "android", "linux" }, { "illumos", "solaris" }, { "ios", "darwin" },
};

/* 1 when the NUL-terminated a equals s[0..n) */
static int str_is(const char *a, const char *s, size_t n)
{
	return a && strlen(a) == n && memcmp(a, s, n) == 0;
}

/* 1 when s[0..n) is one of the count strings of list */
static int in_list(const char *const *list, size_t count, const char *s, size_t n)
{
	for (size_t i = 0; i < count; i++)
		if (str_is(list[i], s, n))
			return 1;
	return 0;
}

/* 1 when s[0..n) is a release tag "go1.N" with 1 <= N <= go_minor (no leading zeros) */
static int release_tag_ok(int go_minor, const char *s, size_t n)
{
	long v = 0;

	if (n < 5 || n > 12 || memcmp(s, "go1.", 4) != 0 || s[4] == '0')
		return 0;
	for (size_t i = 4; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v >= 1 && v <= go_minor;
}

/* go/build's matchTag for s[0..n): the special tags, then ctx->tags (BuildTags), the tool
 * and release tags; "ignore" and unknown tags are never satisfied */
static int tag_ok(const struct build_ctx *ctx, const char *s, size_t n)
{
	if (ctx->cgo && str_is("cgo", s, n))
		return 1;
	if (str_is(ctx->goos, s, n) || str_is(ctx->goarch, s, n) || str_is(ctx->compiler, s, n))
		return 1;
	for (size_t i = 0; i < ARRAY_LEN(os_alias); i++)
		if (strcmp(ctx->goos, os_alias[i][0]) == 0 && str_is(os_alias[i][1], s, n))
			return 1;
	if (str_is("unix", s, n))
		return in_list(unix_os, ARRAY_LEN(unix_os), ctx->goos, strlen(ctx->goos));
	if (str_is("boringcrypto", s, n)) {
		s = "goexperiment.boringcrypto"; /* go/build: the old name of the experiment */
		n = strlen(s);
	}
	if (ctx->tags && in_list((const char *const *)ctx->tags->v, ctx->tags->n, s, n))
		return 1;              /* -tags: "cgo" among them holds too, without cgo files */
	if (str_is("goexperiment.regabiwrappers", s, n) || str_is("goexperiment.regabiargs", s, n))
		return in_list(regabi_arch, ARRAY_LEN(regabi_arch), ctx->goarch, strlen(ctx->goarch));
	return release_tag_ok(ctx->go_minor, s, n);
}

int constraint_known_arch(const char *arch)
{
	return in_list(known_arch, ARRAY_LEN(known_arch), arch, strlen(arch));
}

int constraint_tag(const struct build_ctx *ctx, const char *tag)
{
	return tag_ok(ctx, tag, strlen(tag));
}

/* start of the last '_'-separated element of s[0..n); s[0] is '_' */
static size_t last_elem(const char *s, size_t n)
{
	while (n > 0 && s[n - 1] != '_')
		n--;
	return n;
}

int constraint_file_name_ok(const struct build_ctx *ctx, const char *name)
{
	size_t end = strcspn(name, ".");
	const char *s = memchr(name, '_', end);
	size_t n, a, b;

	if (!s)
		return 1;              /* "linux.go" is not tagged: only what follows a '_' counts */
	n = end - (size_t)(s - name);
	a = last_elem(s, n);
	if (n - a == 4 && memcmp(s + a, "test", 4) == 0) {
		n = a - 1;
		a = last_elem(s, n);
	}
	if (n == 0)
		return 1;
	b = a > 1 ? last_elem(s, a - 1) : a;
	if (a > 1 && in_list(known_os, ARRAY_LEN(known_os), s + b, a - 1 - b) &&
	    in_list(known_arch, ARRAY_LEN(known_arch), s + a, n - a))
		return tag_ok(ctx, s + a, n - a) && tag_ok(ctx, s + b, a - 1 - b);
	if (in_list(known_os, ARRAY_LEN(known_os), s + a, n - a) ||
	    in_list(known_arch, ARRAY_LEN(known_arch), s + a, n - a))
		return tag_ok(ctx, s + a, n - a);
	return 1;
}

/* a //go:build expression being parsed and evaluated at once, as constraint.parseExpr */
struct xparser {
	const struct build_ctx *ctx;
	const char *s;
	size_t i;                  /* next byte to lex */
	size_t pos, len;           /* the current token; len 0 at the end */
	int is_tag;                /* the current token is a tag */
	int depth;                 /* open parentheses */
	int failed;
	struct constraint_error *err;
};

/* record the first syntax error and end the token stream */
ATTR_PRINTF(3, 4) static void x_fail(struct xparser *p, size_t off, const char *fmt, ...)
{
	va_list ap;

	if (!p->failed) {
		p->err->offset = off;
		va_start(ap, fmt);
		vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
		va_end(ap);
	}
	p->failed = 1;
	p->len = 0;
	p->is_tag = 0;
}

/* 1 for the bytes of a tag: letters, digits, '_', '.' (any non-ASCII byte counts as a letter) */
static int is_tag_byte(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c >= 0x80;
}

/* the length of the token at s (not at the end), 0 when it is not one; sets *is_tag */
static size_t token_len(const unsigned char *s, int *is_tag)
{
	size_t j = 0;

	*is_tag = 0;
	if (s[0] == '(' || s[0] == ')' || s[0] == '!')
		return 1;
	if (s[0] == '&' || s[0] == '|')
		return s[1] == s[0] ? 2 : 0;
	while (is_tag_byte(s[j]))
		j++;
	*is_tag = j > 0;
	return j;
}

/* read the next token */
static void x_lex(struct xparser *p)
{
	const unsigned char *s = (const unsigned char *)p->s;

	if (p->failed)
		return;
	while (s[p->i] == ' ' || s[p->i] == '\t')
		p->i++;
	p->pos = p->i;
	p->is_tag = 0;
	p->len = 0;
	if (s[p->i] == '\0')
		return;
	p->len = token_len(s + p->i, &p->is_tag);
	if (p->len == 0)
		x_fail(p, p->i, "invalid syntax at %c", s[p->i]);
	p->i += p->len;
}

/* 1 when the current token is tok */
static int x_is(const struct xparser *p, const char *tok)
{
	return !p->is_tag && str_is(tok, p->s + p->pos, p->len);
}

static int x_or(struct xparser *p);

/* "(" or ")" ... after the "(": the parenthesized expression and its ")" */
static int x_paren(struct xparser *p)
{
	size_t open = p->pos;
	int v;

	if (++p->depth > 1000) {
		x_fail(p, open, "expression nested too deeply");
		return 0;
	}
	v = x_or(p);
	p->depth--;
	if (p->failed && strcmp(p->err->msg, "unexpected end of expression") == 0)
		snprintf(p->err->msg, sizeof(p->err->msg), "missing close paren");
	if (p->failed)
		return 0;
	if (!x_is(p, ")")) {
		x_fail(p, open, "missing close paren");
		return 0;
	}
	x_lex(p);
	return v;
}

/* a tag or a parenthesized expression, starting at the current token */
static int x_atom(struct xparser *p)
{
	int v;

	if (p->failed)
		return 0;
	if (x_is(p, "("))
		return x_paren(p);
	if (!p->is_tag) {
		if (p->len == 0)
			x_fail(p, p->pos, "unexpected end of expression");
		else
			x_fail(p, p->pos, "unexpected token %.*s", (int)p->len, p->s + p->pos);
		return 0;
	}
	v = tag_ok(p->ctx, p->s + p->pos, p->len);
	x_lex(p);
	return v;
}

/* an atom, maybe negated once */
static int x_not(struct xparser *p)
{
	x_lex(p);
	if (!x_is(p, "!"))
		return x_atom(p);
	x_lex(p);
	if (x_is(p, "!")) {
		x_fail(p, p->pos, "double negation not allowed");
		return 0;
	}
	return !x_atom(p);
}

/* not-terms joined by && (every term is parsed: no short cut) */
static int x_and(struct xparser *p)
{
	int v = x_not(p);

	while (!p->failed && x_is(p, "&&"))
		v = x_not(p) & v;
	return v;
}

/* and-terms joined by || */
static int x_or(struct xparser *p)
{
	int v = x_and(p);

	while (!p->failed && x_is(p, "||"))
		v = x_and(p) | v;
	return v;
}

int constraint_eval_expr_err(const struct build_ctx *ctx, const char *expr,
			     struct constraint_error *err)
{
	struct xparser p = { ctx, expr, 0, 0, 0, 0, 0, 0, err };
	int v = x_or(&p);

	if (!p.failed && p.len != 0)
		x_fail(&p, p.pos, "unexpected token %.*s", (int)p.len, expr + p.pos);
	return p.failed ? -1 : v;
}

int constraint_eval_expr(const struct build_ctx *ctx, const char *expr)
{
	struct constraint_error err;

	return constraint_eval_expr_err(ctx, expr, &err);
}

/* 1 when c is ASCII white space */
static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* Go's TrimSpace of s[*a..*b), for ASCII white space */
static void trim(const char *s, size_t *a, size_t *b)
{
	while (*a < *b && is_space((unsigned char)s[*a]))
		(*a)++;
	while (*b > *a && is_space((unsigned char)s[*b - 1]))
		(*b)--;
}

/* one literal of a +build clause: tag, !tag; "!", "!!x" and malformed tags mean "ignore" */
static int plus_lit(const struct build_ctx *ctx, const char *s, size_t n)
{
	int neg = 0, v = 0;

	if (n == 1 && s[0] == '!')
		return 0;
	if (n >= 2 && s[0] == '!' && s[1] == '!')
		return 0;
	if (n > 0 && s[0] == '!') {
		neg = 1;
		s++;
		n--;
	}
	if (n > 0) {
		v = 1;
		for (size_t i = 0; i < n; i++)
			v &= is_tag_byte((unsigned char)s[i]);
		v = v && tag_ok(ctx, s, n);
	}
	return neg ? !v : v;
}

/* one comma-separated clause: every literal must hold */
static int plus_clause(const struct build_ctx *ctx, const char *s, size_t n)
{
	int v = 1;

	for (;;) {
		const char *comma = memchr(s, ',', n);
		size_t k = comma ? (size_t)(comma - s) : n;

		v &= plus_lit(ctx, s, k);
		if (!comma)
			return v;
		s += k + 1;
		n -= k + 1;
	}
}

/* the options of a +build line in s[0..n): true when any clause holds; none is "ignore" */
static int plus_build(const struct build_ctx *ctx, const char *s, size_t n)
{
	size_t i = 0;
	int v = 0;

	while (i < n) {
		size_t j;

		while (i < n && is_space((unsigned char)s[i]))
			i++;
		for (j = i; j < n && !is_space((unsigned char)s[j]); j++)
			;
		if (j > i)
			v |= plus_clause(ctx, s + i, j - i);
		i = j;
	}
	return v;
}

int constraint_eval_plus_build(const struct build_ctx *ctx, const char *line)
{
	return plus_build(ctx, line, strlen(line));
}

/* what the leading comments of a file say, as go/build's parseFileHeader finds it */
struct hdr_scan {
	size_t end;                /* // +build lines count only before this offset */
	size_t gb, gb_end;         /* the //go:build line (trimmed) when have_gb */
	int have_gb;
};

/* 1 when the trimmed line s[0..n) is a //go:build line */
static int is_go_build(const char *s, size_t n)
{
	return n >= 10 && memcmp(s, "//go:build", 10) == 0 &&
	       (n == 10 || is_space((unsigned char)s[10]));
}

/* the offset of the first "*" "/" in s[a..b), or b */
static size_t find_star_slash(const char *s, size_t a, size_t b)
{
	for (size_t i = a; i + 1 < b; i++)
		if (s[i] == '*' && s[i + 1] == '/')
			return i;
	return b;
}

/* 1 when the trimmed line h[a..b) holds only comments; tracks an open block comment */
static int comment_line(const char *h, size_t a, size_t b, int *in_star)
{
	while (a < b) {
		if (*in_star) {
			size_t e = find_star_slash(h, a, b);

			if (e == b)
				return 1;
			*in_star = 0;
			a = e + 2;
		} else if (b - a >= 2 && h[a] == '/' && h[a + 1] == '/') {
			return 1;
		} else if (b - a >= 2 && h[a] == '/' && h[a + 1] == '*') {
			*in_star = 1;
			a += 2;
		} else {
			return 0;
		}
		trim(h, &a, &b);
	}
	return 1;
}

/* find the leading comment block, its end for +build lines and the //go:build line */
static int scan_header(const char *h, size_t len, struct hdr_scan *hs,
		       struct constraint_error *err)
{
	size_t p = 0;
	int ended = 0, in_star = 0;

	memset(hs, 0, sizeof(*hs));
	while (p < len) {
		const char *nl = memchr(h + p, '\n', len - p);
		size_t a = p, b = nl ? (size_t)(nl - h) : len;

		p = nl ? b + 1 : len;
		trim(h, &a, &b);
		if (a == b && !ended) {
			hs->end = p;
			continue;
		}
		if (b - a < 2 || h[a] != '/' || h[a + 1] != '/')
			ended = 1;
		if (!in_star && is_go_build(h + a, b - a)) {
			if (hs->have_gb) {
				err->offset = a;
				snprintf(err->msg, sizeof(err->msg), "multiple //go:build comments");
				return -1;
			}
			hs->have_gb = 1;
			hs->gb = a;
			hs->gb_end = b;
		}
		if (!comment_line(h, a, b, &in_star))
			break;
	}
	return 0;
}

/* evaluate the //go:build line found by scan_header */
static int eval_go_build(const struct build_ctx *ctx, const char *h, const struct hdr_scan *hs,
			 struct constraint_error *err)
{
	size_t a = hs->gb + 10, b = hs->gb_end;
	char *expr;
	int v;

	trim(h, &a, &b);
	expr = xstrndup(h + a, b - a);
	v = constraint_eval_expr_err(ctx, expr, err);
	free(expr);
	if (v < 0)
		err->offset += a;
	return v;
}

/* 0 when a "// +build" line in h[0..end) is not satisfied */
static int eval_plus_build_lines(const struct build_ctx *ctx, const char *h, size_t end)
{
	size_t p = 0;
	int v = 1;

	while (p < end) {
		const char *nl = memchr(h + p, '\n', end - p);
		size_t a = p, b = nl ? (size_t)(nl - h) : end;

		p = nl ? b + 1 : end;
		trim(h, &a, &b);
		if (b - a < 2 || h[a] != '/' || h[a + 1] != '/')
			continue;
		a += 2;
		trim(h, &a, &b);
		if (b - a < 6 || memcmp(h + a, "+build", 6) != 0)
			continue;
		a += 6;
		if (a < b && !is_space((unsigned char)h[a]))
			continue;          /* "+buildx" is not a +build line */
		v &= plus_build(ctx, h + a, b - a);
	}
	return v;
}

int constraint_eval_header(const struct build_ctx *ctx, const char *hdr, size_t len,
			   struct constraint_error *err)
{
	struct hdr_scan hs;

	if (scan_header(hdr, len, &hs, err) < 0)
		return -1;
	if (hs.have_gb)
		return eval_go_build(ctx, hdr, &hs, err);
	return eval_plus_build_lines(ctx, hdr, hs.end);
}
