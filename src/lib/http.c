/* http.c: libcurl's setup, shared by the go-import lookup and the remote cache */
#include <dlfcn.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "lib/http.h"
#include "lib/banned.h"

/* the shared library's names: Debian's libcurl4 (OpenSSL), else libcurl3-gnutls, the same API */
static const char *const curl_sonames[] = { "libcurl.so.4", "libcurl-gnutls.so.4" };

static const struct {
	const char *name;
	size_t off;
} curl_syms[] = {
	{ "curl_global_init", offsetof(struct http_curl, global_init) },
	{ "curl_easy_init", offsetof(struct http_curl, easy_init) },
	{ "curl_easy_setopt", offsetof(struct http_curl, easy_setopt) },
	{ "curl_easy_perform", offsetof(struct http_curl, easy_perform) },
	{ "curl_easy_getinfo", offsetof(struct http_curl, easy_getinfo) },
	{ "curl_easy_reset", offsetof(struct http_curl, easy_reset) },
	{ "curl_easy_cleanup", offsetof(struct http_curl, easy_cleanup) },
	{ "curl_easy_strerror", offsetof(struct http_curl, easy_strerror) },
	{ "curl_slist_append", offsetof(struct http_curl, slist_append) },
	{ "curl_slist_free_all", offsetof(struct http_curl, slist_free_all) },
	{ "curl_url", offsetof(struct http_curl, url) },
	{ "curl_url_cleanup", offsetof(struct http_curl, url_cleanup) },
	{ "curl_url_get", offsetof(struct http_curl, url_get) },
	{ "curl_url_set", offsetof(struct http_curl, url_set) },
	{ "curl_free", offsetof(struct http_curl, mem_free) },
	{ "curl_version_info", offsetof(struct http_curl, version_info) },
};

const struct http_curl *http_curl(void)
{
	static struct http_curl api;
	static int loaded;
	void *lib = NULL;
	const curl_version_info_data *v;

	if (loaded)
		return &api;
	for (size_t i = 0; !lib && i < sizeof curl_sonames / sizeof *curl_sonames; i++)
		lib = dlopen(curl_sonames[i], RTLD_NOW | RTLD_LOCAL);
	if (!lib)
		die("cannot load libcurl (%s): install Debian's libcurl4", dlerror());
	for (size_t i = 0; i < sizeof curl_syms / sizeof *curl_syms; i++) {
		void *sym = dlsym(lib, curl_syms[i].name);

		if (!sym)
			die("libcurl has no %s: it is older than mipsbake needs", curl_syms[i].name);
		/* POSIX: dlsym's object pointer holds a function's address; memcpy keeps ISO C quiet */
		memcpy((char *)&api + curl_syms[i].off, &sym, sizeof sym);
	}
	v = api.version_info(CURLVERSION_NOW);
	/* what the headers named may be missing from an older library: refuse it, not fail later */
	if (!v || (v->version_num & 0xffff00) < (LIBCURL_VERSION_NUM & 0xffff00))
		die("libcurl %s is older than the %s mipsbake was built with", v ? v->version : "?",
		    LIBCURL_VERSION);
	loaded = 1;
	return &api;
}

void http_global_init(void)
{
	static int done;

	if (!done && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		die("cannot initialize libcurl");
	done = 1;
}

void http_set_defaults(CURL *c, int allow_http, char *err)
{
	const char *ca_file = getenv("SSL_CERT_FILE"), *ca_dir = getenv("SSL_CERT_DIR");

#if LIBCURL_VERSION_NUM >= 0x075500
	const char *protocols = allow_http ? "http,https" : "https";

	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, protocols);
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, protocols);
#else
	long protocols = CURLPROTO_HTTPS | (allow_http ? CURLPROTO_HTTP : 0);

	curl_easy_setopt(c, CURLOPT_PROTOCOLS, protocols);
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS, protocols);
#endif
	/* the signals of a timed-out name lookup would reach a program that does not expect them */
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "mipsbake/0.1");
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, err);
	if (ca_file && *ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, ca_file);
	if (ca_dir && *ca_dir)
		curl_easy_setopt(c, CURLOPT_CAPATH, ca_dir);
}

void http_status_reason(const char *line, size_t n, struct buf *out)
{
	const char *sp, *sp2;

	if (n < 5 || memcmp(line, "HTTP/", 5))
		return;
	buf_reset(out);
	if ((sp = memchr(line, ' ', n)) && (sp2 = memchr(sp + 1, ' ', n - (size_t)(sp + 1 - line)))) {
		size_t len = n - (size_t)(sp2 + 1 - line);

		while (len && (sp2[len] == '\n' || sp2[len] == '\r'))
			len--;
		buf_add_printable(out, sp2 + 1, len, 80);
	}
}

void http_describe_error(struct buf *why, CURLcode rc, const char *err)
{
	const char *what = *err ? err : curl_easy_strerror(rc);

	if (rc == CURLE_PEER_FAILED_VERIFICATION)
		buf_printf(why, "tls: the server's certificate is not trusted (%s); SSL_CERT_FILE may name "
			   "a CA certificate to trust", what);
	else if (rc == CURLE_SSL_CONNECT_ERROR || rc == CURLE_SSL_CACERT_BADFILE ||
		 rc == CURLE_SSL_CERTPROBLEM)
		buf_printf(why, "tls: %s", what);
	else
		buf_puts(why, what);
}
