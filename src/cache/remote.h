/* remote.h: a build cache on an HTTP server that speaks bazel-remote's protocol
 * (GET, PUT and HEAD of <url>/ac/<sha256 hex> and <url>/cas/<sha256 hex>), through libcurl */
#ifndef MIPSBAKE_REMOTE_H
#define MIPSBAKE_REMOTE_H

#include <stddef.h>

#include "lib/util.h"

/* the two stores: action results by action key, blobs by the digest of their bytes */
enum remote_kind { REMOTE_AC, REMOTE_CAS };

/* the defaults of the two timeouts, and the largest body a GET accepts */
#define REMOTE_CONNECT_TIMEOUT_MS 1000L
#define REMOTE_TIMEOUT_MS 10000L
#define REMOTE_MAX_BODY ((size_t)2 << 30)

struct remote_opts {
	const char *url;            /* http:// or https://, no trailing slash needed */
	const struct strv *headers; /* "Name: value" lines sent with every request, or NULL */
	long connect_timeout_ms;    /* 0: a default */
	long timeout_ms;            /* the whole request; 0: a default */
};

struct remote;

/* 0 when url can be a remote cache's: http or https, a host, no query or fragment; else -1
 * with why ("'ftp://x' is not an http:// or https:// URL"), for a manifest's error */
int remote_url_check(const char *url, struct buf *why);
/* 0 when h is a header line a request can carry ("Authorization: Bearer x"); else -1 with why */
int remote_header_check(const char *h, struct buf *why);

/* a client for o (copied); NULL after reporting a bad URL or header. A client keeps one
 * libcurl handle, so that requests reuse the connection; use it from one thread at a time.
 * The first remote_open initializes libcurl, which is not thread safe: open before threads. */
struct remote *remote_open(const struct remote_opts *o);
void remote_close(struct remote *r);

/*
 * Each request: 1 found (GET: the bytes are in out; PUT: stored, HTTP 200, 201 or 204),
 * 0 absent (404; never for PUT), -1 the server could not be used (refused, no such host,
 * timed out, a redirect or another status, a hex that is not 64 lowercase hex digits):
 * remote_why tells why in one line naming the URL (without any password in it), and
 * nothing is printed. Redirects are not followed.
 *
 * GET replaces out's contents and leaves it empty unless it returns 1. Its bytes are not
 * to be trusted: the caller checks their digest. A body over REMOTE_MAX_BODY is -1; a
 * transfer cut short is -1 when the server said how long the body is (Content-Length or
 * chunked encoding, as bazel-remote and nginx do), and a short body otherwise.
 */
int remote_get(struct remote *r, enum remote_kind kind, const char *hex, struct buf *out);
int remote_head(struct remote *r, enum remote_kind kind, const char *hex);
int remote_put(struct remote *r, enum remote_kind kind, const char *hex, const void *data, size_t len);
const char *remote_why(const struct remote *r);

/* mipsbake remote-cache [--header H]... [--timeout MS] head|get|put URL ac|cas HEX [FILE]:
 * one request; 0 found or stored, 1 absent or failed (the reason on stderr), 2 usage */
int cmd_remote_cache(int argc, char **argv);

#endif
