/* modsrc.h: where a Go module's git repository is: mirrors, cmd/go's rules for known hosts,
 * golang.org/x and gopkg.in */
#ifndef MIPSBAKE_MODSRC_H
#define MIPSBAKE_MODSRC_H

#include "lib/util.h"

/* a module's repository and its place in it */
struct modsrc {
	char *root;              /* the repository's import path root, e.g. "github.com/x/y" */
	char *url;               /* the URL to fetch it from */
	char *subdir;            /* the module's directory in the repository, "" at the top: its
				    tags are "<subdir>/vX.Y.Z" */
	int mirrored;            /* url comes from a mirror */
	int known;               /* root and url come from a fixed rule, not a guess */
};

/*
 * Find module's repository. mirrors holds "prefix url-prefix" pairs (the manifest's
 * 'mirrors:', ${VAR} already expanded): the longest prefix of the module path wins and its
 * rest is appended to the url prefix. Then cmd/go's static rules (github.com, bitbucket.org,
 * hub.jazz.net, git.apache.org, git.openstack.org, a ".git" element), golang.org/x/NAME ->
 * go.googlesource.com/NAME and gopkg.in paths, which gopkg.in serves as git repositories.
 * A module path no rule knows (its root needs a go-import meta lookup) gives 0 with
 * out->known 0 and the module path, less a /vN suffix, as its root; -1 with why for a path
 * no repository can hold.
 */
int modsrc_find(const char *module, const struct strv *mirrors, struct modsrc *out, struct buf *why);
void modsrc_release(struct modsrc *s);
/* the length of path's "/vN" major version suffix (v2 and up; not gopkg.in's ".vN"), 0: none */
size_t modsrc_major(const char *path);

/* mipsbake modsrc MODULE [PREFIX=URL...]: print root, url and subdir */
int cmd_modsrc(int argc, char **argv);

#endif
