/* goimport.h: where a module path no fixed rule knows is, from the <meta name="go-import">
 * tags of https://<importpath>?go-get=1, as cmd/go finds it */
#ifndef MIPSBAKE_GOIMPORT_H
#define MIPSBAKE_GOIMPORT_H

#include <stddef.h>

#include "lib/util.h"

/* one go-import tag: content="ROOT VCS URL" */
struct goimport {
	char *root;              /* the repository's import path root, a prefix of the path */
	char *vcs;               /* "git" (the only one mipsbake fetches) */
	char *url;               /* the repository's URL, with a scheme */
};

/* bounds of a lookup: redirects followed, seconds to connect, seconds in all, body bytes */
#define GOIMPORT_MAX_REDIRS 10
#define GOIMPORT_CONNECT_TIMEOUT 30
#define GOIMPORT_TIMEOUT 60
#define GOIMPORT_MAX_BODY (1024 * 1024)

/*
 * Look importpath up as cmd/go does for a host it has no rule for: fetch
 * https://<importpath>?go-get=1 with libcurl (https only, redirects too; at most
 * GOIMPORT_MAX_BODY bytes are read) and take the go-import tag whose root is importpath or
 * a prefix of it at a '/'. A root other than importpath is only believed when the page of
 * https://<root>?go-get=1 names the same root, vcs and URL for importpath. A status other
 * than 2xx is an error unless the page still has go-import tags (cmd/go reads those too).
 * Certificates are checked against the system's CAs; SSL_CERT_FILE (a PEM file) and
 * SSL_CERT_DIR (a hashed directory) name others, as for OpenSSL and Go; curl's own
 * https_proxy handling applies. 0 with out filled (free it with goimport_release), or -1
 * with why saying what went wrong, naming the URL.
 */
int goimport_lookup(const char *importpath, struct goimport *out, struct buf *why);
/* free a tag's strings; g may be reused */
void goimport_release(struct goimport *g);

/*
 * The tag of the n bytes of html that matches importpath, as cmd/go reads them: the
 * <meta> tags before </head> or <body>, name="go-import" and a content of exactly three
 * fields. Tags of vcs "mod" give way to any other; two other tags that match are an error,
 * and so are a vcs other than git, a "mod" tag alone and a URL git cannot fetch (no
 * scheme, file:, a scheme other than https, http, git, ssh and git+ssh, no host). A syntax
 * error ends the page where it is, as for cmd/go's decoder. 0 with out filled, -1 with
 * why. No verify step: that needs the network.
 */
int goimport_parse(const char *importpath, const char *html, size_t n, struct goimport *out,
		   struct buf *why);

/* mipsbake goimport [--html FILE] IMPORTPATH: print root, vcs and url (--html: parse FILE
 * instead of fetching) */
int cmd_goimport(int argc, char **argv);

#endif
