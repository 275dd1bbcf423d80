/* goimport.c: go-import meta tags: the tokenizer cmd/go's lenient XML decoder amounts to for
 * a page's head, the choice of a tag, and the lookup over HTTPS with libcurl */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/goimport.h"
#include "lib/gostring.h"
#include "lib/http.h"
#include "lib/os.h"
#include "lib/banned.h"

/* how a page's parse ended */
enum page_end { END_EOF, END_HEAD, END_ERROR };

/* the go-import tags of a page */
struct page {
	struct goimport *v;      /* the tags whose content has three fields, in page order */
	size_t n;
	enum page_end end;       /* at the end of the bytes, at </head> or <body>, at an error */
	struct buf err;          /* the syntax error, or the unexpected end inside markup */
};

/* a cursor over a page being parsed */
struct scan {
	const char *start, *p, *end;
	struct page *pg;
	struct buf text;         /* decoded character data, reused */
};

/* modes of decode() besides a quote character */
enum { TEXT = -1, CDATA = -2 };

/* the characters XML allows (cmd/go's decoder rejects a page's others) */
static int xml_char(uint32_t r)
{
	return r == 0x9 || r == 0xa || r == 0xd || (r >= 0x20 && r <= 0xd7ff) ||
	       (r >= 0xe000 && r <= 0xfffd) || (r >= 0x10000 && r <= 0x10ffff);
}

/* the length of the UTF-8 sequence at p (n bytes left) and in *r its code point; 0 when
 * it is no valid UTF-8 */
static size_t utf8_get(const unsigned char *p, size_t n, uint32_t *r)
{
	size_t len;
	long cp = utf8_rune((const char *)p, n, &len);

	if (cp < 0)
		return 0;
	*r = (uint32_t)cp;
	return len;
}

/* the byte length of the white space at p (Go's unicode.IsSpace, as strings.Fields splits
 * on), 0 when there is none; p holds valid UTF-8 */
static size_t space_len(const unsigned char *p, size_t n)
{
	if (n && *p && strchr(" \t\n\v\f\r", *p))
		return 1;
	if (n >= 2 && p[0] == 0xc2 && (p[1] == 0x85 || p[1] == 0xa0))
		return 2;
	if (n < 3)
		return 0;
	if ((p[0] == 0xe1 && p[1] == 0x9a && p[2] == 0x80) ||
	    (p[0] == 0xe2 && p[1] == 0x80 &&
	     (p[2] <= 0x8a || p[2] == 0xa8 || p[2] == 0xa9 || p[2] == 0xaf)) ||
	    (p[0] == 0xe2 && p[1] == 0x81 && p[2] == 0x9f) ||
	    (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80))
		return 3;
	return 0;
}

/* stop at a syntax error: the page ends there; returns -1 */
static int syntax(struct scan *s, const char *what)
{
	size_t line = 1;

	for (const char *q = s->start; q < s->p; q++)
		line += *q == '\n';
	s->pg->end = END_ERROR;
	buf_reset(&s->pg->err);
	buf_printf(&s->pg->err, "malformed HTML on line %zu: %s", line, what);
	return -1;
}

/* stop at the end of the bytes inside markup; returns -1 */
static int eof(struct scan *s)
{
	buf_reset(&s->pg->err);
	buf_puts(&s->pg->err, "the page ends inside a tag");
	return -1;
}

/* 1 when the bytes at the cursor start with lit */
static int at(const struct scan *s, const char *lit)
{
	size_t n = strlen(lit);

	return (size_t)(s->end - s->p) >= n && !memcmp(s->p, lit, n);
}

/* 0 when b holds valid UTF-8 of characters XML allows, else a syntax error */
static int check_chars(struct scan *s, const struct buf *b)
{
	const unsigned char *p = (const unsigned char *)b->data;
	uint32_t r = 0;

	for (size_t i = 0, n; i < b->len; i += n) {
		if (!(n = utf8_get(p + i, b->len - i, &r)))
			return syntax(s, "invalid UTF-8");
		if (!xml_char(r))
			return syntax(s, "a character XML does not allow");
	}
	return 0;
}

/* the code point of the numeric entity at p ("#65;" or "#x41;", up to end), its length in
 * *len; 0 when it is none (then it stays as it is written) */
static uint32_t numeric_entity(const char *p, const char *end, size_t *len)
{
	int hex = end - p > 1 && p[1] == 'x';
	const char *q = p + 1 + hex, *digits = q;
	uint64_t v = 0;

	for (; q < end && (strchr("0123456789", *q) || (hex && strchr("abcdefABCDEF", *q))) && *q; q++) {
		int d = *q <= '9' ? *q - '0' : (*q | 0x20) - 'a' + 10;

		v = v > 0x10ffff ? v : v * (hex ? 16 : 10) + (uint64_t)d;
	}
	if (q == digits || q == end || *q != ';' || v > 0x10ffff)
		return 0;
	*len = (size_t)(q + 1 - p);
	return v >= 0xd800 && v <= 0xdfff ? 0xfffd : v ? (uint32_t)v : 0x110000;
}

/* at '&': append the character the entity names and pass it, or a plain '&' */
static void entity(struct scan *s, struct buf *out)
{
	static const char *const names[] = { "lt;", "gt;", "amp;", "apos;", "quot;" };
	static const char chars[] = "<>&'\"";
	size_t len = 0;
	uint32_t r;

	if (s->end - s->p > 1 && s->p[1] == '#' && (r = numeric_entity(s->p + 1, s->end, &len))) {
		utf8_put(out, r == 0x110000 ? 0 : (long)r);   /* &#0; decodes, and is rejected later */
		s->p += 1 + len;
		return;
	}
	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		size_t n = strlen(names[i]);

		if ((size_t)(s->end - s->p) > n && !memcmp(s->p + 1, names[i], n)) {
			buf_putc(out, chars[i]);
			s->p += 1 + n;
			return;
		}
	}
	buf_putc(out, '&');
	s->p++;
}

/* decode character data into out up to '<' (TEXT), past "]]>" (CDATA) or past the quote q,
 * entities replaced outside CDATA; cmd/go's decoder takes nothing else */
static int decode(struct scan *s, int q, struct buf *out)
{
	buf_reset(out);
	for (;;) {
		if (s->p == s->end)
			return q == TEXT ? check_chars(s, out) : eof(s);
		if ((q == TEXT && *s->p == '<') || (q > 0 && *s->p == q))
			break;
		if (at(s, "]]>")) {
			if (q != CDATA)
				return syntax(s, "']]>' outside a CDATA section");
			s->p += 2;
			break;
		}
		if (q > 0 && *s->p == '<')
			return syntax(s, "'<' inside an attribute value");
		if (q != CDATA && *s->p == '&')
			entity(s, out);
		else
			buf_putc(out, *s->p++);
	}
	if (q != TEXT)
		s->p++;
	return check_chars(s, out);
}

/* the bytes of an XML name (Go's isNameByte) */
static int name_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	       c == ':' || c == '.' || c == '-' || c >= 0x80;
}

/* read a name at the cursor: its local part ("b" of "a:b") in *name and *len; -1 when no
 * name starts there, or it is no valid UTF-8 */
static int read_name(struct scan *s, const char **name, size_t *len)
{
	const char *p = s->p, *colon;
	unsigned char c = p < s->end ? (unsigned char)*p : '0';
	uint32_t r;

	if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80))
		return -1;
	while (s->p < s->end && name_byte((unsigned char)*s->p)) {
		size_t n = (unsigned char)*s->p < 0x80 ? 1 :
			   utf8_get((const unsigned char *)s->p, (size_t)(s->end - s->p), &r);

		if (!n)
			return -1;
		s->p += n;
	}
	*name = p;
	*len = (size_t)(s->p - p);
	colon = memchr(p, ':', *len);
	if (colon && colon > p && colon < s->p - 1 &&
	    !memchr(colon + 1, ':', (size_t)(s->p - colon - 1))) {
		*len -= (size_t)(colon + 1 - p);
		*name = colon + 1;
	}
	return 0;
}

/* 1 when the n bytes at name are word, ASCII case ignored */
static int name_is(const char *name, size_t n, const char *word)
{
	if (n != strlen(word))
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((name[i] | 0x20) != word[i])
			return 0;
	return 1;
}

/* pass the XML white space at the cursor */
static void skip_space(struct scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\r' || *s->p == '\n'))
		s->p++;
}

/* one attribute of a start tag: its local name in *name and *len, its value in val (a
 * bare name is its own value); -1 at an error */
static int attribute(struct scan *s, const char **name, size_t *len, struct buf *val)
{
	int q;

	if (read_name(s, name, len) < 0)
		return syntax(s, "expected an attribute name");
	skip_space(s);
	if (s->p == s->end)
		return eof(s);
	buf_reset(val);
	if (*s->p != '=') {
		buf_add(val, *name, *len);
		return 0;
	}
	s->p++;
	skip_space(s);
	if (s->p == s->end)
		return eof(s);
	q = (unsigned char)*s->p;
	if (q == '"' || q == '\'') {
		s->p++;
		return decode(s, q, val);
	}
	/* an unquoted value: the letters, digits and "_:-" of SGML's rule */
	while (s->p < s->end && (unsigned char)*s->p < 0x80 && name_byte((unsigned char)*s->p) &&
	       *s->p != '.')
		buf_putc(val, *s->p++);
	return s->p == s->end ? eof(s) : 0;
}

/* record a go-import tag's content when it has exactly three fields */
static void add_meta(struct page *pg, const char *content, size_t n)
{
	const unsigned char *p = (const unsigned char *)content, *f[4];
	size_t len[4], nf = 0, i = 0, w;

	while (i < n && nf < 4) {
		while (i < n && (w = space_len(p + i, n - i)))
			i += w;
		if (i == n)
			break;
		f[nf] = p + i;
		while (i < n && !space_len(p + i, n - i))
			i++;
		len[nf] = (size_t)(p + i - f[nf]);
		nf++;
	}
	if (nf != 3)
		return;
	pg->v = xappend(pg->v, pg->n, sizeof(*pg->v));
	pg->v[pg->n].root = xstrndup((const char *)f[0], len[0]);
	pg->v[pg->n].vcs = xstrndup((const char *)f[1], len[1]);
	pg->v[pg->n].url = xstrndup((const char *)f[2], len[2]);
	pg->n++;
}

/* the attributes of a start tag, past its '>': the first name= and content= values kept
 * in name and content (have: bit 1, bit 2); 1 when the tag closed itself ("/>") */
static int attributes(struct scan *s, struct buf *name, struct buf *content, int *have)
{
	const char *an;
	size_t alen;

	for (;;) {
		skip_space(s);
		if (s->p == s->end)
			return eof(s);
		if (*s->p == '>') {
			s->p++;
			return 0;
		}
		if (at(s, "/>")) {
			s->p += 2;
			return 1;
		}
		if (*s->p == '/')
			return syntax(s, "expected '/>'");
		if (attribute(s, &an, &alen, &s->text) < 0)
			return -1;
		if (!(*have & 1) && name_is(an, alen, "name")) {
			buf_add(name, buf_str(&s->text), s->text.len);
			*have |= 1;
		} else if (!(*have & 2) && name_is(an, alen, "content")) {
			buf_add(content, buf_str(&s->text), s->text.len);
			*have |= 2;
		}
	}
}

/* a start tag, past its '<': a go-import <meta> is recorded; 1 at <body> (or <head/>), where
 * the head ends */
static int start_tag(struct scan *s)
{
	struct buf name = BUF_INIT, content = BUF_INIT;
	const char *tn;
	size_t tlen;
	int have = 0, closed;

	if (read_name(s, &tn, &tlen) < 0)
		return syntax(s, "expected an element name after '<'");
	closed = attributes(s, &name, &content, &have);
	if (closed >= 0 && name_is(tn, tlen, "meta") && name.len == 9 &&
	    !memcmp(name.data, "go-import", 9))
		add_meta(s->pg, buf_str(&content), content.len);
	buf_release(&name);
	buf_release(&content);
	if (closed < 0)
		return -1;
	return name_is(tn, tlen, "body") || (closed && name_is(tn, tlen, "head"));
}

/* an end tag, past its "</": 1 at </head> */
static int end_tag(struct scan *s)
{
	const char *tn;
	size_t tlen;

	if (read_name(s, &tn, &tlen) < 0)
		return syntax(s, "expected an element name after '</'");
	skip_space(s);
	if (s->p == s->end)
		return eof(s);
	if (*s->p != '>')
		return syntax(s, "unexpected characters in an end tag");
	s->p++;
	return name_is(tn, tlen, "head");
}

/* pass the bytes up to and past lit; -1 at the end of the page */
static int skip_past(struct scan *s, const char *lit)
{
	while (s->p < s->end && !at(s, lit))
		s->p++;
	if (s->p == s->end)
		return eof(s);
	s->p += strlen(lit);
	return 0;
}

/* a comment, past its "<!--": no "--" inside but the one that ends it */
static int comment(struct scan *s)
{
	if (skip_past(s, "--") < 0)
		return -1;
	if (s->p == s->end)
		return eof(s);
	if (*s->p != '>')
		return syntax(s, "'--' inside a comment");
	s->p++;
	return 0;
}

/* a directive (<!DOCTYPE ...>), past its "<!": to the '>' outside quotes and nested <> */
static int directive(struct scan *s)
{
	int quote = 0, depth = 0;

	for (; s->p < s->end; s->p++) {
		char c = *s->p;

		if (quote) {
			quote = c == quote ? 0 : quote;
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '<') {
			depth++;
		} else if (c == '>' && depth-- == 0) {
			s->p++;
			return 0;
		}
	}
	return eof(s);
}

/* markup past '<': 1 where the head ends, 0 to go on, -1 at an error or the end */
static int markup(struct scan *s)
{
	if (s->p == s->end)
		return eof(s);
	if (*s->p == '/') {
		s->p++;
		return end_tag(s);
	}
	if (*s->p == '?') {
		const char *tn;
		size_t tlen;

		s->p++;
		if (read_name(s, &tn, &tlen) < 0)
			return syntax(s, "expected a target name after '<?'");
		return skip_past(s, "?>");
	}
	if (*s->p != '!')
		return start_tag(s);
	s->p++;
	if (at(s, "--")) {
		s->p += 2;
		return comment(s);
	}
	if (at(s, "[CDATA[")) {
		s->p += 7;
		return decode(s, CDATA, &s->text);
	}
	if (at(s, "-") || at(s, "["))
		return syntax(s, "a '<!' that starts no comment, CDATA section or directive");
	return directive(s);
}

/* the go-import tags of the n bytes of html, up to </head>, <body>, an error or the end */
static void parse_page(const char *html, size_t n, struct page *pg)
{
	struct scan s = { html, html, html + n, pg, BUF_INIT };

	memset(pg, 0, sizeof(*pg));
	while (s.p < s.end) {
		int rc = *s.p == '<' ? (s.p++, markup(&s)) : decode(&s, TEXT, &s.text);

		if (rc > 0)
			pg->end = END_HEAD;
		if (rc)
			break;
	}
	buf_release(&s.text);
}

static void page_release(struct page *pg)
{
	for (size_t i = 0; i < pg->n; i++)
		goimport_release(&pg->v[i]);
	free(pg->v);
	buf_release(&pg->err);
}

void goimport_release(struct goimport *g)
{
	free(g->root);
	free(g->vcs);
	free(g->url);
	memset(g, 0, sizeof(*g));
}

/* append s from a page, quoted, with no byte that could reach a terminal raw */
static void put_quoted(struct buf *b, const char *s)
{
	buf_putc(b, '\'');
	buf_add_printable(b, s, strlen(s), 200);
	buf_putc(b, '\'');
}

/* append a tag as its content, quoted and printable */
static void put_tag(struct buf *b, const struct goimport *t)
{
	buf_putc(b, '\'');
	buf_add_printable(b, t->root, strlen(t->root), 200);
	buf_putc(b, ' ');
	buf_add_printable(b, t->vcs, strlen(t->vcs), 40);
	buf_putc(b, ' ');
	buf_add_printable(b, t->url, strlen(t->url), 200);
	buf_putc(b, '\'');
}

/* 1 when root is path or a prefix of it that ends at a '/' */
static int is_prefix(const char *path, const char *root)
{
	size_t n = strlen(root);

	return !strncmp(path, root, n) && (path[n] == '\0' || path[n] == '/');
}

/* why no tag of pg matches path: the roots it has, the first few */
static int no_match(const struct page *pg, const char *path, struct buf *why)
{
	if (!pg->n) {
		buf_puts(why, "no go-import meta tag");
		return -1;
	}
	buf_printf(why, "no go-import meta tag matches '%s' (the page has ", path);
	for (size_t i = 0; i < pg->n && i < 5; i++) {
		buf_puts(why, i ? ", " : "");
		put_quoted(why, pg->v[i].root);
	}
	buf_puts(why, pg->n > 5 ? ", ...)" : ")");
	return -1;
}

/* the tag of pg that matches path, cmd/go's way, the "mod" ones set aside: 0 with *hit */
static int match(const struct page *pg, const char *path, const struct goimport **hit,
		 struct buf *why)
{
	const struct goimport *mod = NULL;

	*hit = NULL;
	for (size_t i = 0; i < pg->n; i++) {
		const struct goimport *t = &pg->v[i];

		if (!is_prefix(path, t->root))
			continue;
		if (!strcmp(t->vcs, "mod")) {
			mod = mod ? mod : t;
		} else if (*hit) {
			buf_printf(why, "multiple go-import meta tags match '%s': ", path);
			put_tag(why, *hit);
			buf_puts(why, " and ");
			put_tag(why, t);
			return -1;
		} else {
			*hit = t;
		}
	}
	if (*hit)
		return 0;
	if (!mod)
		return no_match(pg, path, why);
	buf_puts(why, "the go-import tag ");
	put_tag(why, mod);
	buf_puts(why, " names a module proxy (vcs 'mod') and no repository: unsupported, mipsbake "
		 "fetches git repositories only");
	return -1;
}

/* why url is no repository URL git fetches (cmd/go's validateRepoRoot: a scheme, not
 * file:), NULL when it is one */
static const char *bad_url(const char *url)
{
	static const char *const schemes[] = { "https://", "http://", "git://", "ssh://", "git+ssh://" };
	size_t n = strspn(url, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");

	if (!n || url[n] != ':' || !strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", url[0]))
		return "it has no scheme";
	if (n == 4 && name_is(url, 4, "file"))
		return "the file scheme is not allowed";
	for (const char *p = url; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
			return "it holds a control, space or non-ASCII byte";
	for (size_t i = 0; i < ARRAY_LEN(schemes); i++)
		if (str_has_prefix(url, schemes[i]))
			return url[strlen(schemes[i])] && url[strlen(schemes[i])] != '/' ? NULL : "it names no host";
	return "its scheme is none of https, http, git, ssh and git+ssh";
}

/* check that the tag t is one mipsbake can use */
static int check_tag(const struct goimport *t, struct buf *why)
{
	const char *bad;

	if (strcmp(t->vcs, "git")) {
		buf_puts(why, "the go-import tag ");
		put_tag(why, t);
		buf_puts(why, " names vcs ");
		put_quoted(why, t->vcs);
		buf_puts(why, ": unsupported, mipsbake fetches git repositories only");
		return -1;
	}
	if ((bad = bad_url(t->url))) {
		buf_puts(why, "the go-import tag ");
		put_tag(why, t);
		buf_printf(why, " has an invalid repository URL: %s", bad);
		return -1;
	}
	return 0;
}

/* the usable tag of a parsed page for path: a copy in out */
static int page_pick(const struct page *pg, const char *path, struct goimport *out, struct buf *why)
{
	const struct goimport *t;

	memset(out, 0, sizeof(*out));
	if (!pg->n && pg->err.len) {
		buf_puts(why, pg->err.data);
		return -1;
	}
	if (match(pg, path, &t, why) < 0 || check_tag(t, why) < 0)
		return -1;
	out->root = xstrdup(t->root);
	out->vcs = xstrdup(t->vcs);
	out->url = xstrdup(t->url);
	return 0;
}

int goimport_parse(const char *importpath, const char *html, size_t n, struct goimport *out,
		   struct buf *why)
{
	struct page pg;
	int rc;

	parse_page(html ? html : "", n, &pg);
	rc = page_pick(&pg, importpath, out, why);
	page_release(&pg);
	return rc;
}

/* -------- the lookup over HTTPS -------- */

/* what a GET brought */
struct response {
	struct buf body;         /* at most GOIMPORT_MAX_BODY bytes */
	int truncated;           /* more came, and was not read */
	long status;
	struct buf reason;       /* the final status line's reason phrase, printable */
	char *final_url;         /* where the redirects led */
};

/* curl's body callback: keep GOIMPORT_MAX_BODY bytes, then stop the transfer */
static size_t on_body(char *data, size_t size, size_t nmemb, void *arg)
{
	struct response *r = arg;
	size_t n = size * nmemb, room = GOIMPORT_MAX_BODY - r->body.len;

	if (n > room) {
		buf_add(&r->body, data, room);
		r->truncated = 1;
		return 0;
	}
	buf_add(&r->body, data, n);
	return n;
}

/* curl's header callback: the reason phrase of each status line ("HTTP/1.1 404 Not Found") */
static size_t on_header(char *data, size_t size, size_t nmemb, void *arg)
{
	struct response *r = arg;

	http_status_reason(data, size * nmemb, &r->reason);
	return size * nmemb;
}

static void response_release(struct response *r)
{
	buf_release(&r->body);
	buf_release(&r->reason);
	free(r->final_url);
}

/* the options of every request: https only, redirects too, bounded */
static void set_options(CURL *c, const char *url, struct response *r, char *err)
{
	http_set_defaults(c, 0, err);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, (long)GOIMPORT_MAX_REDIRS);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)GOIMPORT_CONNECT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)GOIMPORT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip");   /* as Go's client asks */
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, (void *)r);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, (void *)r);
}

/* say why the transfer of url failed */
static void transfer_error(struct buf *why, const char *url, CURLcode rc, const char *err)
{
	buf_printf(why, "fetching '%s': ", url);
	if (rc == CURLE_UNSUPPORTED_PROTOCOL)
		buf_printf(why, "redirected to a URL that is not https (%s)", *err ? err : curl_easy_strerror(rc));
	else if (rc == CURLE_TOO_MANY_REDIRECTS)
		buf_printf(why, "more than %d redirects", GOIMPORT_MAX_REDIRS);
	else
		http_describe_error(why, rc, err);
}

/* GET url into r (release it with response_release); -1 with why when no response came */
static int http_get(const char *url, struct response *r, struct buf *why)
{
	char err[CURL_ERROR_SIZE] = "";
	char *final = NULL;
	CURLcode rc;
	CURL *c;

	memset(r, 0, sizeof(*r));
	http_global_init();
	if (!(c = curl_easy_init()))
		die("cannot initialize libcurl");
	set_options(c, url, r, err);
	rc = curl_easy_perform(c);
	if (rc == CURLE_WRITE_ERROR && r->truncated)
		rc = CURLE_OK;
	if (rc == CURLE_OK) {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
		curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &final);
		r->final_url = xstrdup(final ? final : url);
	} else {
		transfer_error(why, url, rc, err);
		response_release(r);
	}
	curl_easy_cleanup(c);
	return rc == CURLE_OK ? 0 : -1;
}

/* 1 when path is an import path cmd/go would look up: a dotted host of [a-z0-9.-], then
 * elements of [A-Za-z0-9._~+-], none empty, "." or "..", none ending in a dot */
static int valid_path(const char *path)
{
	size_t host = strcspn(path, "/");

	if (!host || path[0] == '-' || path[0] == '.' || !memchr(path, '.', host) ||
	    strspn(path, "abcdefghijklmnopqrstuvwxyz0123456789.-") < host)
		return 0;
	for (const char *e = path;; e++) {
		size_t n = strcspn(e, "/");

		if (!n || e[n - 1] == '.' ||
		    strspn(e, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~+-") < n)
			return 0;
		e += n;
		if (!*e)
			return 1;
	}
}

/* the lookup URL of an import path: https://host/path?go-get=1 */
static char *lookup_url(const char *path)
{
	size_t host = strcspn(path, "/");

	return xasprintf("https://%.*s%s?go-get=1", (int)host, path, path[host] ? path + host : "/");
}

/* "'url'" for messages, with where the redirects led when that is elsewhere */
static void put_where(struct buf *why, const char *url, const struct response *r)
{
	buf_printf(why, "'%s'", url);
	if (strcmp(url, r->final_url)) {
		buf_puts(why, " (redirected to ");
		put_quoted(why, r->final_url);
		buf_puts(why, ")");
	}
}

/* fetch the page of asked and pick the tag for path from it */
static int lookup_page(const char *asked, const char *path, struct goimport *out, struct buf *why)
{
	char *url = lookup_url(asked);
	struct buf sub = BUF_INIT;
	struct response r;
	struct page pg;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (http_get(url, &r, why) < 0) {
		free(url);
		return -1;
	}
	parse_page(r.body.data ? r.body.data : "", r.body.len, &pg);
	if (r.truncated && pg.end == END_EOF)
		buf_printf(&sub, "the page's head is larger than %d bytes, all that is read", GOIMPORT_MAX_BODY);
	else if (!pg.n && (r.status < 200 || r.status > 299))
		buf_printf(&sub, "HTTP status %ld%s%s", r.status, r.reason.len ? " " : "", buf_str(&r.reason));
	else
		rc = page_pick(&pg, path, out, &sub);
	if (rc < 0) {
		put_where(why, url, &r);
		buf_printf(why, ": %s", buf_str(&sub));
	}
	buf_release(&sub);
	page_release(&pg);
	response_release(&r);
	free(url);
	return rc;
}

int goimport_lookup(const char *importpath, struct goimport *out, struct buf *why)
{
	struct goimport again;
	int same;

	memset(out, 0, sizeof(*out));
	if (!valid_path(importpath)) {
		buf_printf(why, "'%s' is no import path to look up (a dotted host first)", importpath);
		return -1;
	}
	if (lookup_page(importpath, importpath, out, why) < 0)
		return -1;
	if (!strcmp(out->root, importpath))
		return 0;
	/* a tag for a shorter root is believed only when the root's own page says the same */
	if (lookup_page(out->root, importpath, &again, why) < 0) {
		buf_printf(why, " (verifying the go-import tag of '%s' for '%s')", out->root, importpath);
		goimport_release(out);
		return -1;
	}
	same = !strcmp(again.root, out->root) && !strcmp(again.vcs, out->vcs) &&
	       !strcmp(again.url, out->url);
	goimport_release(&again);
	if (same)
		return 0;
	buf_printf(why, "the pages of '%s' and '%s' disagree about the go-import tag of '%s'",
		   importpath, out->root, importpath);
	goimport_release(out);
	return -1;
}

/* mipsbake goimport's usage */
/* the help, on stdout */
static int goimport_usage(void)
{
	fputs("usage: mipsbake goimport [--html FILE] IMPORTPATH\n"
	      "look IMPORTPATH's go-import meta tag up at https://IMPORTPATH?go-get=1 (--html: in\n"
	      "FILE) and print its root, vcs and url\n", stdout);
	return 0;
}

int cmd_goimport(int argc, char **argv)
{
	struct buf why = BUF_INIT, html = BUF_INIT;
	const char *path = argv[argc - 1];
	struct goimport g;
	int rc = 1, got;

	if (argc == 2 && is_help(argv[1]))
		return goimport_usage();
	if (!(argc == 2 && path[0] != '-') && !(argc == 4 && !strcmp(argv[1], "--html")))
		return argc > 1 && argv[1][0] == '-' && strcmp(argv[1], "--html") ?
		       usage_error("goimport", "unknown option '%s'", argv[1]) :
		       usage_error("goimport", "expected [--html FILE] IMPORTPATH");
	if (argc == 4) {
		if (fs_read_regular(argv[2], "page", 64 * 1024 * 1024, &html) < 0)
			return 1;
		got = goimport_parse(path, buf_str(&html), html.len, &g, &why);
	} else {
		got = goimport_lookup(path, &g, &why);
	}
	if (got < 0) {
		error("%s", why.data);
	} else {
		printf("root %s\nvcs %s\nurl %s\n", g.root, g.vcs, g.url);
		rc = 0;
	}
	goimport_release(&g);
	buf_release(&html);
	buf_release(&why);
	return rc;
}
