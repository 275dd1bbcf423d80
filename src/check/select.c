/* select.c: limiting a command to some variants, as Ninja builds the targets it is named */
#include <stdlib.h>
#include <string.h>

#include "check/select.h"
#include "plan/spec.h"
#include "lib/banned.h"

void selection_release(struct selection *s)
{
	strv_release(&s->specs);
	strv_release(&s->boards);
	strv_release(&s->targets);
}

int selection_given(const struct selection *s)
{
	return s && (s->specs.n || s->boards.n || s->targets.n);
}

/* the three parts of "T/B/TC" (an absent part is ""); -1 when word has more than three */
static int split_spec(const char *word, char part[3][256])
{
	size_t k = 0, len = 0;

	memset(part, 0, 3 * sizeof(part[0]));
	for (const char *p = word; *p; p++) {
		if (*p == '/') {
			if (++k == 3)
				return -1;
			len = 0;
		} else if (len + 1 < sizeof(part[0])) {
			part[k][len++] = *p;
		} else {
			return -1;
		}
	}
	return 0;
}

/* 1 when x is the variant (or package test binary) spec names */
static int spec_wants(const char *spec, const struct artifact *x)
{
	/* a package test binary belongs to no target: it runs where the named variants do */
	return select_matches(spec, x->package ? NULL : x->target, x->board, x->toolchain);
}

/* the field'th name (0 target, 1 board, 2 toolchain) of x */
static const char *field_of(const struct artifact *x, int field)
{
	return field == 0 ? x->target : field == 1 ? x->board : x->toolchain;
}

/* 1 when some variant of a has name as its field'th name */
static int known(const struct artifacts *a, int field, const char *name)
{
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(field_of(&a->v[i], field), name) == 0)
			return 1;
	return 0;
}

int selection_is_spec(const struct artifacts *a, const char *word)
{
	char part[3][256];

	if (split_spec(word, part) < 0 || (!part[0][0] && !part[1][0] && !part[2][0]))
		return 0;
	return part[0][0] ? known(a, 0, part[0]) : strchr(word, '/') != NULL;
}

/* the field'th names of a, comma-separated, each once */
static char *names_of(const struct artifacts *a, int field)
{
	struct strv seen = STRV_INIT;
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < a->n; i++) {
		const char *name = field_of(&a->v[i], field);

		if (!strv_has(&seen, name)) {
			buf_printf(&b, "%s%s", seen.n ? ", " : "", name);
			strv_push(&seen, name);
		}
	}
	strv_release(&seen);
	return buf_detach(&b);
}

static int unknown(const struct artifacts *a, int field, const char *name, const char *what)
{
	static const char *const kinds[] = { "target", "board", "toolchain" };
	char *names = names_of(a, field);

	error("%s: no %s '%s' in this manifest (%ss: %s)", what, kinds[field], name, kinds[field], names);
	free(names);
	return -1;
}

/* -1 after reporting when spec names something a lacks, or no variant at all */
static int check_spec(const struct artifacts *a, const char *spec)
{
	char part[3][256];
	size_t i;

	if (split_spec(spec, part) < 0)
		return error("'%s': a variant is TARGET[/BOARD][/TOOLCHAIN]", spec);
	for (int f = 0; f < 3; f++)
		if (part[f][0] && !known(a, f, part[f]))
			return unknown(a, f, part[f], spec);
	for (i = 0; i < a->n && !spec_wants(spec, &a->v[i]); i++)
		;
	if (i == a->n)
		return error("'%s': no such variant (%s is not built for that board and toolchain)", spec,
			     part[0][0] ? part[0] : "no target");
	return 0;
}

int selection_check(const struct selection *s, const struct artifacts *a)
{
	int rc = 0;

	for (size_t i = 0; i < s->specs.n; i++)
		if (check_spec(a, s->specs.v[i]) < 0)
			rc = -1;
	for (size_t i = 0; i < s->boards.n; i++)
		if (!known(a, 1, s->boards.v[i]))
			rc = unknown(a, 1, s->boards.v[i], "--board");
	for (size_t i = 0; i < s->targets.n; i++)
		if (!known(a, 0, s->targets.v[i]))
			rc = unknown(a, 0, s->targets.v[i], "--target");
	if (rc == 0 && selection_given(s)) {
		size_t i;

		for (i = 0; i < a->n && !selection_wants(s, &a->v[i]); i++)
			;
		if (i == a->n)
			rc = error("the variants named and --board/--target have none in common");
	}
	return rc;
}

int selection_wants(const struct selection *s, const struct artifact *x)
{
	int any = s->specs.n == 0;

	if (s->boards.n && !strv_has(&s->boards, x->board))
		return 0;
	if (s->targets.n && !x->package && !strv_has(&s->targets, x->target))
		return 0;
	for (size_t i = 0; i < s->specs.n && !any; i++)
		any = spec_wants(s->specs.v[i], x);
	return any;
}

static int wants_cb(const struct artifact *x, const void *ctx)
{
	return selection_wants(ctx, x);
}

void selection_restrict(const struct selection *s)
{
	artifacts_keep(selection_given(s) ? wants_cb : NULL, s);
}
