/* remote.c: the remote cache's requests, through one libcurl handle per client so that a
 * build's many small requests share one kept-alive connection */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache/remote.h"
#include "lib/http.h"
#include "lib/os.h"
#include "lib/banned.h"

struct remote {
	CURL *curl;
	char *base;                 /* what request URLs start with, no trailing slash */
	char *shown;                /* the URL as messages name it: printable, no user or password */
	struct curl_slist *headers;
	long connect_ms, timeout_ms;
	char err[CURL_ERROR_SIZE];  /* libcurl's words for the last failure */
	struct buf why;
	struct buf reason;          /* the last status line's reason phrase */
	/* the request under way */
	struct buf *body;           /* where a GET's bytes go; NULL: a body nobody wants */
	int too_big;
	const char *up;             /* a PUT's bytes */
	size_t up_len, up_off;
};

static const char *const kind_names[] = { "ac", "cas" };

/* the characters of a header's name (RFC 9110's token) */
#define TOKEN_CHARS "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

/* "'s'" for a message, printable */
static void put_quoted(struct buf *why, const char *s)
{
	buf_putc(why, '\'');
	buf_add_printable(why, s, strlen(s), 200);
	buf_putc(why, '\'');
}

/* a part of u that libcurl hands out, as our own string (NULL when u has none) */
static char *url_part(CURLU *u, CURLUPart what)
{
	char *s = NULL, *copy;

	if (curl_url_get(u, what, &s, 0) != CURLUE_OK)
		return NULL;
	copy = xstrdup(s);
	curl_free(s);
	return copy;
}

/* u's whole URL, without the trailing slashes that a request path would double */
static char *url_base(CURLU *u)
{
	char *s = url_part(u, CURLUPART_URL);
	size_t n = s ? strlen(s) : 0;

	while (n && s[n - 1] == '/')
		s[--n] = '\0';
	return s;
}

/* u's URL without user or password, printable, for messages */
static char *url_shown(CURLU *u)
{
	struct buf b = BUF_INIT;
	char *full;

	curl_url_set(u, CURLUPART_USER, NULL, 0);
	curl_url_set(u, CURLUPART_PASSWORD, NULL, 0);
	full = url_base(u);
	buf_add_printable(&b, full, strlen(full), 200);
	free(full);
	return buf_detach(&b);
}

/* check url; set *base to what requests start with and *shown to the URL for messages */
static int parse_url(const char *url, char **base, char **shown, struct buf *why)
{
	CURLU *u = curl_url();
	char *scheme, *rest = NULL;
	int ok;

	if (!u)
		die("out of memory");
	*base = *shown = NULL;
	if (!url || !*url || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		put_quoted(why, url ? url : "");
		buf_puts(why, " is not a URL");
		curl_url_cleanup(u);
		return -1;
	}
	*base = url_base(u);
	*shown = url_shown(u);
	scheme = url_part(u, CURLUPART_SCHEME);
	ok = scheme && (!strcmp(scheme, "http") || !strcmp(scheme, "https"));
	if (!ok)
		buf_printf(why, "'%s' is not an http:// or https:// URL", *shown);
	else if ((rest = url_part(u, CURLUPART_QUERY)) || (rest = url_part(u, CURLUPART_FRAGMENT)))
		buf_printf(why, "'%s' has a query or a fragment, which the cache's paths cannot follow", *shown);
	free(scheme);
	free(rest);
	curl_url_cleanup(u);
	if (ok && !rest)
		return 0;
	free(*base);
	free(*shown);
	*base = *shown = NULL;
	return -1;
}

int remote_url_check(const char *url, struct buf *why)
{
	char *base, *shown;
	int rc = parse_url(url, &base, &shown, why);

	free(base);
	free(shown);
	return rc;
}

int remote_header_check(const char *h, struct buf *why)
{
	size_t name = strcspn(h, ":");

	/* never the value in a message: it is most likely a secret */
	if (!h[name] || !name || strspn(h, TOKEN_CHARS) < name) {
		buf_puts(why, "a header must be 'Name: value', with a name of letters, digits and -");
		return -1;
	}
	for (const unsigned char *p = (const unsigned char *)h + name + 1; *p; p++) {
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f) {
			buf_printf(why, "the value of the header '%.*s' holds a control character", (int)name, h);
			return -1;
		}
	}
	return 0;
}

/* curl_slist_append that dies when out of memory */
static struct curl_slist *slist_add(struct curl_slist *l, const char *s)
{
	struct curl_slist *n = curl_slist_append(l, s);

	if (!n)
		die("out of memory");
	return n;
}

struct remote *remote_open(const struct remote_opts *o)
{
	struct buf why = BUF_INIT;
	char *base = NULL, *shown = NULL;
	struct remote *r;

	if (parse_url(o->url, &base, &shown, &why) < 0)
		goto bad;
	for (size_t i = 0; o->headers && i < o->headers->n; i++)
		if (remote_header_check(o->headers->v[i], &why) < 0)
			goto bad;
	http_global_init();
	r = xcalloc(1, sizeof(*r));
	if (!(r->curl = curl_easy_init()))
		die("cannot initialize libcurl");
	r->base = base;
	r->shown = shown;
	r->connect_ms = o->connect_timeout_ms > 0 ? o->connect_timeout_ms : REMOTE_CONNECT_TIMEOUT_MS;
	r->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : REMOTE_TIMEOUT_MS;
	/* libcurl waits up to a second for "100 Continue" before it sends a large body */
	r->headers = slist_add(NULL, "Expect:");
	for (size_t i = 0; o->headers && i < o->headers->n; i++)
		r->headers = slist_add(r->headers, o->headers->v[i]);
	return r;
bad:
	error("remote cache: %s", why.data);
	buf_release(&why);
	free(base);
	free(shown);
	return NULL;
}

void remote_close(struct remote *r)
{
	if (!r)
		return;
	curl_easy_cleanup(r->curl);
	curl_slist_free_all(r->headers);
	free(r->base);
	free(r->shown);
	buf_release(&r->why);
	buf_release(&r->reason);
	free(r);
}

const char *remote_why(const struct remote *r)
{
	return buf_str(&r->why);
}

/* curl's body callback: a GET's 200 body into r->body, at most REMOTE_MAX_BODY bytes; the
 * bodies of error pages and of PUTs' answers are dropped */
static size_t on_body(char *data, size_t size, size_t nmemb, void *arg)
{
	struct remote *r = arg;
	size_t n = size * nmemb;
	long status = 0;

	curl_easy_getinfo(r->curl, CURLINFO_RESPONSE_CODE, &status);
	if (!r->body || status != 200)
		return n;
	if (n > REMOTE_MAX_BODY - r->body->len) {
		r->too_big = 1;
		return 0;
	}
	buf_add(r->body, data, n);
	return n;
}

/* curl's header callback: the reason phrase, for messages */
static size_t on_header(char *data, size_t size, size_t nmemb, void *arg)
{
	struct remote *r = arg;

	http_status_reason(data, size * nmemb, &r->reason);
	return size * nmemb;
}

/* curl's upload callback: the next bytes of a PUT */
static size_t on_read(char *dest, size_t size, size_t nmemb, void *arg)
{
	struct remote *r = arg;
	size_t n = size * nmemb;

	if (n > r->up_len - r->up_off)
		n = r->up_len - r->up_off;
	if (n)
		memcpy(dest, r->up + r->up_off, n);
	r->up_off += n;
	return n;
}

/* curl's seek callback: a kept-alive connection the server had closed makes libcurl send
 * the request again on a new one, from the start of the body */
static int on_seek(void *arg, curl_off_t offset, int origin)
{
	struct remote *r = arg;

	if (origin != SEEK_SET || offset < 0 || (size_t)offset > r->up_len)
		return CURL_SEEKFUNC_CANTSEEK;
	r->up_off = (size_t)offset;
	return CURL_SEEKFUNC_OK;
}

/* 1 when hex is a sha256 digest's 64 lowercase hex digits (nothing a path could go astray with) */
static int is_digest(const char *hex)
{
	return strlen(hex) == 64 && strspn(hex, "0123456789abcdef") == 64;
}

/* reset the handle (its connections stay) for a request of kind's hex, with what every
 * request takes; -1 with why for a hex that is no digest */
static int prepare(struct remote *r, enum remote_kind kind, const char *hex)
{
	CURL *c = r->curl;
	char *url;

	buf_reset(&r->why);
	buf_reset(&r->reason);
	r->err[0] = '\0';
	r->too_big = 0;
	if (!is_digest(hex)) {
		buf_printf(&r->why, "%s: ", r->shown);
		put_quoted(&r->why, hex);
		buf_puts(&r->why, " is not a sha256 digest (64 lowercase hex digits)");
		return -1;
	}
	curl_easy_reset(c);
	http_set_defaults(c, 1, r->err);
	url = xasprintf("%s/%s/%s", r->base, kind_names[kind], hex);
	curl_easy_setopt(c, CURLOPT_URL, url);
	free(url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, r->headers);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, r->connect_ms);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, r->timeout_ms);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, (void *)r);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, (void *)r);
	return 0;
}

/* say why a transfer ended with rc */
static void transfer_error(struct remote *r, CURLcode rc)
{
	curl_off_t us = 0;
	long os_errno = 0;

	buf_printf(&r->why, "%s: ", r->shown);
	if (rc == CURLE_OPERATION_TIMEDOUT) {
		/* libcurl says the same for both timeouts: the time taken tells which one ran out */
		curl_easy_getinfo(r->curl, CURLINFO_TOTAL_TIME_T, &us);
		if (r->connect_ms < r->timeout_ms && us / 1000 < r->timeout_ms)
			buf_printf(&r->why, "cannot connect: timed out after %ld ms", r->connect_ms);
		else
			buf_printf(&r->why, "timed out after %ld ms", r->timeout_ms);
	} else if (rc == CURLE_COULDNT_CONNECT) {
		curl_easy_getinfo(r->curl, CURLINFO_OS_ERRNO, &os_errno);
		buf_printf(&r->why, "cannot connect: %s", os_errno ? strerror((int)os_errno) : curl_easy_strerror(rc));
	} else if (rc == CURLE_COULDNT_RESOLVE_HOST) {
		buf_puts(&r->why, "cannot resolve the host name");
	} else if (r->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		buf_printf(&r->why, "the body is larger than %zu bytes", REMOTE_MAX_BODY);
	} else if (rc == CURLE_PARTIAL_FILE) {
		buf_printf(&r->why, "the transfer was cut short (%s)", r->err[0] ? r->err : curl_easy_strerror(rc));
	} else {
		http_describe_error(&r->why, rc, r->err);
	}
}

/* run the prepared request: its HTTP status, or -1 with why */
static long perform(struct remote *r)
{
	CURLcode rc = curl_easy_perform(r->curl);
	long status = 0;

	if (rc != CURLE_OK) {
		transfer_error(r, rc);
		return -1;
	}
	curl_easy_getinfo(r->curl, CURLINFO_RESPONSE_CODE, &status);
	return status;
}

/* -1 with why for a status the request cannot use */
static int status_error(struct remote *r, long status)
{
	buf_printf(&r->why, "%s: HTTP %ld%s%s", r->shown, status, r->reason.len ? " " : "", buf_str(&r->reason));
	return -1;
}

/* what a GET's or a HEAD's status means */
static int found(struct remote *r, long status)
{
	if (status < 0)
		return -1;
	if (status == 200)
		return 1;
	return status == 404 ? 0 : status_error(r, status);
}

int remote_get(struct remote *r, enum remote_kind kind, const char *hex, struct buf *out)
{
	int rc;

	buf_reset(out);
	if (prepare(r, kind, hex) < 0)
		return -1;
	r->body = out;
	curl_easy_setopt(r->curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)REMOTE_MAX_BODY);
	rc = found(r, perform(r));
	r->body = NULL;
	if (rc != 1)
		buf_reset(out);
	return rc;
}

int remote_head(struct remote *r, enum remote_kind kind, const char *hex)
{
	if (prepare(r, kind, hex) < 0)
		return -1;
	curl_easy_setopt(r->curl, CURLOPT_NOBODY, 1L);
	return found(r, perform(r));
}

int remote_put(struct remote *r, enum remote_kind kind, const char *hex, const void *data, size_t len)
{
	long status;

	if (prepare(r, kind, hex) < 0)
		return -1;
	r->up = data;
	r->up_len = len;
	r->up_off = 0;
	curl_easy_setopt(r->curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(r->curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(r->curl, CURLOPT_READFUNCTION, on_read);
	curl_easy_setopt(r->curl, CURLOPT_READDATA, (void *)r);
	curl_easy_setopt(r->curl, CURLOPT_SEEKFUNCTION, on_seek);
	curl_easy_setopt(r->curl, CURLOPT_SEEKDATA, (void *)r);
	status = perform(r);
	r->up = NULL;
	if (status == 200 || status == 201 || status == 204)
		return 1;
	return status < 0 ? -1 : status_error(r, status);
}

/* -------- mipsbake remote-cache -------- */

#define REMOTE_CACHE_OPERANDS "head|get|put URL ac|cas HEX [FILE]"
#define REMOTE_CACHE_USAGE \
	"usage: mipsbake remote-cache [--header 'NAME: VALUE']... [--timeout MS] " REMOTE_CACHE_OPERANDS

/* what remote-cache was asked */
struct rc_args {
	const char *op, *url, *file;
	enum remote_kind kind;
	char **hexes;            /* head takes several, to show that they share a connection */
	int nhex;
	struct strv headers;
	long timeout_ms;
};

/* the help, on stdout */
static int remote_cache_help(void)
{
	puts(REMOTE_CACHE_USAGE "\n"
	     "one request to a remote build cache (bazel-remote's protocol, or a WebDAV server):\n"
	     "head tells whether URL/ac/HEX or URL/cas/HEX is there (several HEX: one connection),\n"
	     "get writes it to FILE or stdout, put stores FILE there.\n"
	     "  --header 'NAME: VALUE'  send it with the request, e.g. 'Authorization: Bearer TOKEN'\n"
	     "  --timeout MS            the whole request's limit (default 10000; connecting: 1000)\n"
	     "Exit status: 0 found or stored, 1 absent or failed (the reason on stderr), 2 usage.");
	return 0;
}

/* the operands after the options: 0, or a usage error's 2 */
static int parse_operands(struct rc_args *a, int n, char **ops)
{
	int files;

	if (n < 1)
		return usage_error("remote-cache", "expected " REMOTE_CACHE_OPERANDS);
	a->op = ops[0];
	if (strcmp(a->op, "head") && strcmp(a->op, "get") && strcmp(a->op, "put"))
		return usage_error("remote-cache", "unknown request '%s' (head, get or put)", a->op);
	files = !strcmp(a->op, "head") ? 0 : 1;
	if (n < 4 || (!strcmp(a->op, "put") && n != 5) || (!strcmp(a->op, "get") && n > 5))
		return usage_error("remote-cache", "expected %s URL ac|cas HEX%s", a->op,
				   !strcmp(a->op, "head") ? "..." : !strcmp(a->op, "put") ? " FILE" : " [FILE]");
	if (strcmp(ops[2], "ac") && strcmp(ops[2], "cas"))
		return usage_error("remote-cache", "unknown store '%s' (ac or cas)", ops[2]);
	a->url = ops[1];
	a->kind = !strcmp(ops[2], "ac") ? REMOTE_AC : REMOTE_CAS;
	a->hexes = ops + 3;
	a->nhex = files ? 1 : n - 3;
	a->file = files && n == 5 ? ops[4] : NULL;
	return 0;
}

/* the options, then the operands: 0, or a usage error's 2 */
static int parse_remote_cache(struct rc_args *a, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "header", required_argument, NULL, 'H' }, { "timeout", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'H':
			strv_push(&a->headers, optarg);
			break;
		case 't':
			a->timeout_ms = strtol(optarg, &end, 10);
			if (end == optarg || *end || a->timeout_ms <= 0 || a->timeout_ms > 3600 * 1000)
				return usage_error("remote-cache", "--timeout wants milliseconds (1 to 3600000), "
						   "not '%s'", optarg);
			break;
		default:
			return usage_error("remote-cache", "%s '%s'", c == ':' ? "a value is missing after" :
					   "unknown option", argv[optind - 1]);
		}
	}
	return parse_operands(a, argc - optind, argv + optind);
}

/* the request a asked for on r: 0 found or stored, 1 not */
static int remote_cache_run(struct remote *r, const struct rc_args *a)
{
	struct buf data = BUF_INIT;
	const char *hex = a->hexes[0];
	int got = 1;

	if (!strcmp(a->op, "put")) {
		if (fs_read_regular(a->file, "file", REMOTE_MAX_BODY, &data) < 0) {
			buf_release(&data);
			return 1;
		}
		got = remote_put(r, a->kind, hex, data.data, data.len);
	} else if (!strcmp(a->op, "get")) {
		got = remote_get(r, a->kind, hex, &data);
	}
	for (int i = 0; !strcmp(a->op, "head") && got == 1 && i < a->nhex; i++)
		got = remote_head(r, a->kind, hex = a->hexes[i]);
	if (got < 0)
		error("%s", remote_why(r));
	else if (got == 0)
		error("%s: no %s entry %s (HTTP 404)", r->shown, kind_names[a->kind], hex);
	else if (!strcmp(a->op, "get") && a->file)
		got = fs_write_atomic(a->file, data.data, data.len) < 0 ? -1 : 1;
	else if (!strcmp(a->op, "get") && fs_write_all(1, data.data, data.len) < 0)
		got = error("cannot write to the standard output:");
	buf_release(&data);
	return got == 1 ? 0 : 1;
}

int cmd_remote_cache(int argc, char **argv)
{
	struct rc_args a;
	struct remote_opts o;
	struct remote *r;
	int rc;

	if (argc == 2 && is_help(argv[1]))
		return remote_cache_help();
	memset(&a, 0, sizeof(a));
	rc = parse_remote_cache(&a, argc, argv);
	if (rc == 0) {
		memset(&o, 0, sizeof(o));
		o.url = a.url;
		o.headers = &a.headers;
		o.timeout_ms = a.timeout_ms;
		r = remote_open(&o);
		rc = r ? remote_cache_run(r, &a) : 1;
		remote_close(r);
	}
	strv_release(&a.headers);
	return rc;
}
