/* http.h: what every libcurl transfer of mipsbake shares: the library's one initialization,
 * the protocols and CA files a handle takes, status lines' reason phrases, and the words
 * for a transfer that failed */
#ifndef MIPSBAKE_HTTP_H
#define MIPSBAKE_HTTP_H

#include <stddef.h>

#include <curl/curl.h>

#include "lib/util.h"

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
