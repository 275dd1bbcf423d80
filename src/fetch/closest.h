/* closest.h: the tags nearest to a rev a repository does not have, for its error message */
#ifndef MIPSBAKE_CLOSEST_H
#define MIPSBAKE_CLOSEST_H

#include "lib/util.h"

/* how many tags an error names at most */
#define CLOSEST_MAX 5

/*
 * Append to out the (at most CLOSEST_MAX) tags of tags, each starting with prefix, nearest
 * to want, nearest first. When want less prefix is a semantic version ("v1.2.4", "v1.2"),
 * nearness is version order: a tag of the same version first, then the nearest below and
 * the nearest above it, alternately. Otherwise (or when no tag is a version) it is spelling:
 * Levenshtein distance, close enough for a "did you mean", ties in name order.
 */
void closest_tags(const char *want, const char *prefix, const struct strv *tags, struct strv *out);
/* the end of a "no rev" error: "; closest tags: a, b", "; it has no tags", or nothing
 * when none is close */
void closest_tags_hint(struct buf *b, const char *want, const char *prefix, const struct strv *tags);

#endif
