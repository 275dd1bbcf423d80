/* http.h: what every libcurl transfer of mipsbake shares: the library's one initialization,
 * the protocols and CA files a handle takes, status lines' reason phrases, and the words
 * for a transfer that failed */
#ifndef MIPSBAKE_HTTP_H
#define MIPSBAKE_HTTP_H

#include <stddef.h>

/* the calls go through http_curl()'s pointers, which curl's type-checking macros would hide */
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>

#include "lib/util.h"

/*
 * libcurl, loaded (dlopen) by the first call that needs it rather than linked: a build runs
 * mipsbake once or twice per action (act get, act put, gc-export-update), and mapping and
 * relocating libcurl's shared libraries (LDAP, Kerberos, GnuTLS and a dozen more) cost each
 * of those runs about 4 ms, more than the rest of its start-up. The names below are libcurl's,
 * so the code that makes transfers reads as libcurl's documentation does.
 */
struct http_curl {
	CURLcode (*global_init)(long flags);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *c, CURLoption opt, ...);
	CURLcode (*easy_perform)(CURL *c);
	CURLcode (*easy_getinfo)(CURL *c, CURLINFO info, ...);
	void (*easy_reset)(CURL *c);
	void (*easy_cleanup)(CURL *c);
	const char *(*easy_strerror)(CURLcode rc);
	struct curl_slist *(*slist_append)(struct curl_slist *l, const char *s);
	void (*slist_free_all)(struct curl_slist *l);
	CURLU *(*url)(void);
	void (*url_cleanup)(CURLU *u);
	CURLUcode (*url_get)(CURLU *u, CURLUPart what, char **part, unsigned int flags);
	CURLUcode (*url_set)(CURLU *u, CURLUPart what, const char *part, unsigned int flags);
	void (*mem_free)(void *p);
	curl_version_info_data *(*version_info)(CURLversion age);
};

/* libcurl's functions, loaded on the first call; dies naming the library when it cannot be
 * loaded or is older than the headers mipsbake was built with (not thread safe, as
 * http_global_init) */
const struct http_curl *http_curl(void);

/* curl.h defines these two as macros of three arguments */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#define curl_global_init (http_curl()->global_init)
#define curl_easy_init (http_curl()->easy_init)
#define curl_easy_setopt (http_curl()->easy_setopt)
#define curl_easy_perform (http_curl()->easy_perform)
#define curl_easy_getinfo (http_curl()->easy_getinfo)
#define curl_easy_reset (http_curl()->easy_reset)
#define curl_easy_cleanup (http_curl()->easy_cleanup)
#define curl_easy_strerror (http_curl()->easy_strerror)
#define curl_slist_append (http_curl()->slist_append)
#define curl_slist_free_all (http_curl()->slist_free_all)
#define curl_url (http_curl()->url)
#define curl_url_cleanup (http_curl()->url_cleanup)
#define curl_url_get (http_curl()->url_get)
#define curl_url_set (http_curl()->url_set)
#define curl_free (http_curl()->mem_free)

/* curl_global_init, once; dies when libcurl cannot start (not thread safe: call it before
 * any thread that makes a transfer starts) */
void http_global_init(void);
/* the options every transfer takes: https only (http too when allow_http), redirects
 * included; no signals; mipsbake's user agent; curl's error text into err (CURL_ERROR_SIZE
 * bytes); SSL_CERT_FILE and SSL_CERT_DIR as CAs to trust, as OpenSSL and Go read them */
void http_set_defaults(CURL *c, int allow_http, char *err);
/* when the n bytes at line are a status line ("HTTP/1.1 404 Not Found\r\n"), set out to its
 * reason phrase, printable ("" for HTTP/2, which has none); other header lines leave it */
void http_status_reason(const char *line, size_t n, struct buf *out);
/* append why a transfer ended with rc (err: its error buffer): TLS trouble with what to do
 * about it, else libcurl's words */
void http_describe_error(struct buf *why, CURLcode rc, const char *err);

#endif
