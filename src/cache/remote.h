/* remote.h: a build cache on an HTTP server that speaks bazel-remote's protocol
 * (GET, PUT and HEAD of <url>/ac/<sha256 hex> and <url>/cas/<sha256 hex>), through libcurl */
#ifndef MIPSBAKE_REMOTE_H
#define MIPSBAKE_REMOTE_H

#include <stddef.h>

#include "lib/util.h"

/* the two stores: action results by action key, blobs by the digest of their bytes */
enum remote_kind { REMOTE_AC, REMOTE_CAS };

struct remote_opts {
	const char *url;            /* http:// or https://, no trailing slash needed */
	const struct strv *headers; /* "Name: value" lines sent with every request, or NULL */
	long connect_timeout_ms;    /* 0: a default */
	long timeout_ms;            /* the whole request; 0: a default */
};

struct remote;

/* a client for o (copied); NULL after reporting a bad URL */
struct remote *remote_open(const struct remote_opts *o);
void remote_close(struct remote *r);

/*
 * Each request: 1 found (GET: the bytes are in out; PUT: stored), 0 absent (404), -1 the
 * server could not be used (refused, timed out, another status): remote_why tells why, in
 * one line naming the URL, and nothing is printed.
 */
int remote_get(struct remote *r, enum remote_kind kind, const char *hex, struct buf *out);
int remote_head(struct remote *r, enum remote_kind kind, const char *hex);
int remote_put(struct remote *r, enum remote_kind kind, const char *hex, const void *data, size_t len);
const char *remote_why(const struct remote *r);

#endif
