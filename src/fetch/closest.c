/* closest.c: the tags nearest to a rev a repository does not have, for its error message */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/closest.h"
#include "fetch/gomod.h"
#include "lib/banned.h"

/* a tag and its sort key: its canonical version, or its distance from the rev */
struct cand {
	const char *tag;
	char *version;
	size_t dist;
};

static int by_version(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	int c = gomod_semver_compare(x->version, y->version);

	return c ? c : strcmp(x->tag, y->tag);
}

static int by_distance(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	return x->dist != y->dist ? (x->dist < y->dist ? -1 : 1) : strcmp(x->tag, y->tag);
}

/* the tags that are versions, sorted; their number */
static size_t version_cands(const char *prefix, const struct strv *tags, struct cand *c)
{
	size_t n = 0, np = strlen(prefix);

	for (size_t i = 0; i < tags->n; i++) {
		char *v = str_has_prefix(tags->v[i], prefix) ? gomod_canonical_version(tags->v[i] + np) : NULL;

		if (v)
			c[n++] = (struct cand){ tags->v[i], v, 0 };
	}
	qsort(c, n, sizeof(*c), by_version);
	return n;
}

/* by version order around want (canonical): the same version, then below and above in turn */
static void nearest_versions(const char *want, const struct cand *c, size_t n, struct strv *out)
{
	size_t below = 0, above;

	while (below < n && gomod_semver_compare(c[below].version, want) <= 0)
		below++;
	above = below;
	while (out->n < CLOSEST_MAX && (below > 0 || above < n)) {
		if (below > 0)
			strv_push(out, c[--below].tag);
		if (out->n < CLOSEST_MAX && above < n)
			strv_push(out, c[above++].tag);
	}
}

/* by spelling: the tags close enough to want, nearest first */
static void nearest_spellings(const char *want, const char *prefix, const struct strv *tags,
			      struct strv *out)
{
	size_t len = strlen(want), limit = len / 3 > 2 ? len / 3 : 2, n = 0;
	struct cand *c = xcalloc(tags->n + 1, sizeof(*c));

	for (size_t i = 0; i < tags->n; i++) {
		size_t d = str_has_prefix(tags->v[i], prefix) ? str_distance(want, tags->v[i]) : SIZE_MAX;

		if (d <= limit && d < len)
			c[n++] = (struct cand){ tags->v[i], NULL, d };
	}
	qsort(c, n, sizeof(*c), by_distance);
	for (size_t i = 0; i < n && out->n < CLOSEST_MAX; i++)
		strv_push(out, c[i].tag);
	free(c);
}

void closest_tags(const char *want, const char *prefix, const struct strv *tags, struct strv *out)
{
	char *v = str_has_prefix(want, prefix) ? gomod_canonical_version(want + strlen(prefix)) : NULL;
	struct cand *c = xcalloc(tags->n + 1, sizeof(*c));
	size_t n = v ? version_cands(prefix, tags, c) : 0;

	if (n)
		nearest_versions(v, c, n, out);
	else
		nearest_spellings(want, prefix, tags, out);
	for (size_t i = 0; i < n; i++)
		free(c[i].version);
	free(c);
	free(v);
}

void closest_tags_hint(struct buf *b, const char *want, const char *prefix, const struct strv *tags)
{
	struct strv near = STRV_INIT;
	size_t ntags = 0;

	for (size_t i = 0; i < tags->n; i++)
		ntags += str_has_prefix(tags->v[i], prefix);
	if (!ntags && *prefix)
		buf_printf(b, "; it has no tags starting '%s'", prefix);
	else if (!ntags)
		buf_puts(b, "; it has no tags");
	closest_tags(want, prefix, tags, &near);
	for (size_t i = 0; i < near.n; i++)
		buf_printf(b, "%s%s", i ? ", " : "; closest tags: ", near.v[i]);
	strv_release(&near);
}
