/* modsrc.c: a module path to its git repository's root, URL and subdirectory */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "fetch/modsrc.h"
#include "lib/banned.h"

/* a rule: paths the pattern matches have the repository root its first group names */
struct rule {
	const char *re;
	const char *url;         /* printf format of the URL, given the root and the rule's name */
	int name_group;          /* the group that names the repository in url (0: the root) */
};

/* cmd/go/internal/vcs's static git rules (Go 1.19), then golang.org/x and gopkg.in */
static const struct rule rules[] = {
	{ "^(github\\.com/[A-Za-z0-9_.\\-]+/[A-Za-z0-9_.\\-]+)(/[A-Za-z0-9_.\\-]+)*$", "https://%s", 0 },
	{ "^(bitbucket\\.org/[A-Za-z0-9_.\\-]+/[A-Za-z0-9_.\\-]+)(/[A-Za-z0-9_.\\-]+)*$", "https://%s", 0 },
	{ "^(hub\\.jazz\\.net/git/[a-z0-9]+/[A-Za-z0-9_.\\-]+)(/[A-Za-z0-9_.\\-]+)*$", "https://%s", 0 },
	{ "^(git\\.apache\\.org/[a-z0-9_.\\-]+\\.git)(/[A-Za-z0-9_.\\-]+)*$", "https://%s", 0 },
	{ "^(git\\.openstack\\.org/[A-Za-z0-9_.\\-]+/[A-Za-z0-9_.\\-]+)(\\.git)?(/[A-Za-z0-9_.\\-]+)*$",
	  "https://%s", 0 },
	{ "^(golang\\.org/x/([A-Za-z0-9_.\\-]+))(/[A-Za-z0-9_.\\-]+)*$", "https://go.googlesource.com/%s", 2 },
	{ "^(gopkg\\.in/([A-Za-z0-9][-A-Za-z0-9]*/)?[A-Za-z][-.A-Za-z0-9]*\\.v(0|[1-9][0-9]*)(-unstable)?)"
	  "(/[A-Za-z0-9_.\\-]+)*$", "https://%s", 0 },
	/* any server, the repository named by a ".git" element (cmd/go's last rule, git only) */
	{ "^((([a-z0-9.\\-]+\\.)+[a-z0-9.\\-]+(:[0-9]+)?(/~?[A-Za-z0-9_.\\-]+)+?)\\.git)(/~?[A-Za-z0-9_.\\-]+)*$",
	  "https://%s", 0 },
};

/* group g of the last match of subject, newly allocated; NULL when it did not take part */
static char *group(pcre2_match_data *md, const char *subject, int g)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

	if (ov[2 * g] == PCRE2_UNSET)
		return NULL;
	return xstrndup(subject + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
}

/* rule i, compiled the first time it is needed */
static pcre2_code *rule_re(size_t i)
{
	static pcre2_code *compiled[ARRAY_LEN(rules)];
	PCRE2_SIZE off;
	int code;

	if (!compiled[i] &&
	    !(compiled[i] = pcre2_compile((PCRE2_SPTR)rules[i].re, PCRE2_ZERO_TERMINATED, 0, &code, &off, NULL)))
		die("internal error: repository rule %zu does not compile", i);
	return compiled[i];
}

/* the first rule matching path: its root and URL; 0 when none does */
static int match_rule(const char *path, struct modsrc *out)
{
	int found = 0;

	for (size_t i = 0; !found && i < ARRAY_LEN(rules); i++) {
		pcre2_match_data *md = pcre2_match_data_create_from_pattern(rule_re(i), NULL);

		if (!md)
			die("out of memory");
		if (pcre2_match(rule_re(i), (PCRE2_SPTR)path, strlen(path), 0, 0, md, NULL) >= 0) {
			char *name = group(md, path, rules[i].name_group ? rules[i].name_group : 1);

			out->root = group(md, path, 1);
			out->url = xasprintf(rules[i].url, name);
			free(name);
			found = 1;
		}
		pcre2_match_data_free(md);
	}
	return found;
}

size_t modsrc_major(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash || slash[1] != 'v' || slash[2] < '1' || slash[2] > '9' ||
	    strspn(slash + 2, "0123456789") != strlen(slash + 2) || !strcmp(slash, "/v1"))
		return 0;
	return strlen(slash);
}

/* 1 when path is the first n bytes of prefix, or below them ("a/b" is below "a" and "a/") */
static int is_below(const char *path, const char *prefix, size_t n)
{
	if (n && prefix[n - 1] == '/')
		n--;
	return !strncmp(path, prefix, n) && (path[n] == '\0' || path[n] == '/');
}

/* the mirror of the root, the longest prefix winning: mirrors holds "prefix url" pairs */
static void apply_mirror(const struct strv *mirrors, struct modsrc *out)
{
	const char *best = NULL, *url, *rest;
	size_t best_len = 0, plen, ulen;

	for (size_t i = 0; mirrors && i < mirrors->n; i++) {
		size_t n = strcspn(mirrors->v[i], " ");

		if (n >= best_len && is_below(out->root, mirrors->v[i], n)) {
			best = mirrors->v[i];
			best_len = n;
		}
	}
	if (!best || !best[best_len])
		return;
	plen = best_len - (best_len && best[best_len - 1] == '/');
	rest = out->root + plen;
	url = best + best_len + 1;
	ulen = strlen(url) - (*url && url[strlen(url) - 1] == '/');
	free(out->url);
	out->url = xasprintf("%.*s%s", (int)ulen, url, rest);
	out->mirrored = 1;
}

int modsrc_find(const char *module, const struct strv *mirrors, struct modsrc *out, struct buf *why)
{
	size_t major = modsrc_major(module), n;

	memset(out, 0, sizeof(*out));
	if (!*module || module[0] == '/' || strstr(module, "..") || strchr(module, ' ')) {
		buf_printf(why, "'%s' is no module path", module);
		return -1;
	}
	out->known = match_rule(module, out);
	if (!out->known) {
		out->root = xstrndup(module, strlen(module) - major);
		out->url = xasprintf("https://%s", out->root);
	}
	n = strlen(out->root);
	if (n > strlen(module) - major)
		n = strlen(module) - major;   /* a root that ends in the major suffix: gopkg.in */
	out->subdir = xstrndup(module + n + (module[n] == '/'), strlen(module) - major > n ?
			       strlen(module) - major - n - 1 : 0);
	apply_mirror(mirrors, out);
	return 0;
}

void modsrc_release(struct modsrc *s)
{
	free(s->root);
	free(s->url);
	free(s->subdir);
	memset(s, 0, sizeof(*s));
}

int cmd_modsrc(int argc, char **argv)
{
	struct strv mirrors = STRV_INIT;
	struct buf why = BUF_INIT;
	struct modsrc s;
	int rc = 1;

	if (argc == 2 && is_help(argv[1])) {
		fputs("usage: mipsbake modsrc MODULE [PREFIX=URL...]\n"
		      "print the repository root, the URL and the subdirectory of MODULE, the mirrors\n"
		      "PREFIX=URL applied\n", stdout);
		return 0;
	}
	if (argc < 2)
		return usage_error("modsrc", "expected MODULE [PREFIX=URL...]");
	if (argv[1][0] == '-')
		return usage_error("modsrc", "unknown option '%s'", argv[1]);
	for (int i = 2; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');

		if (!eq)
			return usage_error("modsrc", "'%s': expected PREFIX=URL", argv[i]);
		strv_pushf(&mirrors, "%.*s %s", (int)(eq - argv[i]), argv[i], eq + 1);
	}
	if (modsrc_find(argv[1], &mirrors, &s, &why) < 0) {
		error("%s", why.data);
	} else {
		printf("root %s\nurl %s\nsubdir %s\n%s\n", s.root, s.url, s.subdir,
		       s.mirrored ? "mirrored" : s.known ? "known" : "unknown (needs a go-import lookup)");
		rc = 0;
	}
	modsrc_release(&s);
	strv_release(&mirrors);
	buf_release(&why);
	return rc;
}
