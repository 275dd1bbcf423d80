/* walk.c: the manifest's YAML walk: files, includes, merge keys, schema-driven reading */
#define _POSIX_C_SOURCE 200809L

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/os.h"
#include "manifest/loader.h"
#include "lib/banned.h"

static void load_file(struct loader *ld, const char *abs, const char *shown, int fragment,
		      const struct pos *from);

/* diagnostics */

/* the length of the line break at s (of n bytes), as libyaml reads them: CR LF, CR, LF, NEL,
 * LS and PS; 0 when there is none */
static size_t line_break(const unsigned char *s, size_t n)
{
	if (n >= 2 && s[0] == '\r' && s[1] == '\n')
		return 2;
	if (s[0] == '\r' || s[0] == '\n')
		return 1;
	if (n >= 2 && s[0] == 0xc2 && s[1] == 0x85)
		return 2;
	if (n >= 3 && s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0xa8 || s[2] == 0xa9))
		return 3;
	return 0;
}

/* f->lines: where each line of f's text starts; a UTF-8 byte order mark is no character */
static void index_lines(struct yfile *f)
{
	const unsigned char *s = (const unsigned char *)f->text->data;
	size_t n = f->text->len, cap = 0, i = n >= 3 && !memcmp(s, "\xef\xbb\xbf", 3) ? 3 : 0;

	f->nlines = 0;
	xgrow(&f->lines, &cap, 1, sizeof(*f->lines));
	f->lines[f->nlines++] = i;
	while (i < n) {
		size_t br = line_break(s + i, n - i);

		i += br ? br : 1;
		if (br) {
			xgrow(&f->lines, &cap, f->nlines + 1, sizeof(*f->lines));
			f->lines[f->nlines++] = i;
		}
	}
}

size_t mf_mark_offset(const struct yfile *f, const yaml_mark_t *m)
{
	const unsigned char *s = (const unsigned char *)f->text->data;
	size_t n = f->text->len, i;

	if (m->line >= f->nlines)
		return n;
	i = f->lines[m->line];
	for (size_t c = 0; c < m->column && i < n; c++)
		for (i++; i < n && (s[i] & 0xc0) == 0x80; i++)
			;
	return i;
}

struct pos mf_mark_pos(const struct yfile *f, const yaml_mark_t *m)
{
	struct pos p = { f->shown, (int)m->line + 1, (int)m->column + 1 };

	if (f->lines && m->line < f->nlines)
		p.col = (int)(mf_mark_offset(f, m) - f->lines[m->line]) + 1;
	return p;
}

struct pos mf_node_pos(const struct yfile *f, const yaml_node_t *n)
{
	return mf_mark_pos(f, &n->start_mark);
}

/* print an error at p unless the very same one was printed; 1 when printed */
ATTR_PRINTF(3, 0) static int vreport(struct loader *ld, const struct pos *p, const char *fmt,
				     va_list ap)
{
	static char seen;
	struct buf b = BUF_INIT;
	char *key;
	int printed = 0;

	buf_vprintf(&b, fmt, ap);
	key = xasprintf("%s:%d:%d:%s", p->file, p->line, p->col, buf_str(&b));
	if (!strmap_get(&ld->reported, key)) {
		strmap_put(&ld->reported, key, &seen);
		if (ld->printed < ERRORS_SHOWN) {
			ld->printed++;
			error_at(p, "%s", buf_str(&b));
			printed = 1;
		} else {
			ld->held_back++;
		}
	}
	free(key);
	buf_release(&b);
	return printed;
}

/* report an error at p; 1 when printed (not said before) */
ATTR_PRINTF(3, 4) int mf_report_pos(struct loader *ld, const struct pos *p, const char *fmt,
					...)
{
	va_list ap;
	int printed;

	va_start(ap, fmt);
	printed = vreport(ld, p, fmt, ap);
	va_end(ap);
	return printed;
}

/* report an error at node n of f; 1 when printed (not said before) */
ATTR_PRINTF(3, 4) int mf_report(struct yfile *f, const yaml_node_t *n, const char *fmt, ...)
{
	struct pos p = mf_node_pos(f, n);
	va_list ap;
	int printed;

	va_start(ap, fmt);
	printed = vreport(f->ld, &p, fmt, ap);
	va_end(ap);
	return printed;
}

/* report an error at node n of f (once); returns -1 */
ATTR_PRINTF(3, 4) int mf_error_at_node(struct yfile *f, const yaml_node_t *n, const char *fmt,
					   ...)
{
	struct pos p = mf_node_pos(f, n);
	va_list ap;

	va_start(ap, fmt);
	vreport(f->ld, &p, fmt, ap);
	va_end(ap);
	return -1;
}

char *mf_shown(const yaml_node_t *n)
{
	struct buf b = BUF_INIT;

	buf_add_printable(&b, text(n), text_len(n), ECHO_MAX);
	return buf_detach(&b);
}

char *mf_shown_str(const char *s)
{
	struct buf b = BUF_INIT;

	buf_add_printable(&b, s, strlen(s), ECHO_MAX);
	return buf_detach(&b);
}

/* append "'a', 'b' or 'c'" */
void mf_put_choices(struct buf *b, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "%s'%s'", i == 0 ? "" : i + 1 == n ? " or " : ", ", v[i]);
}

/* the candidate closest to word when close enough for "did you mean", else NULL */
const char *mf_closest(const char *word, const char *const *cands, size_t n)
{
	size_t len = strlen(word), limit = len / 3 > 2 ? len / 3 : 2;
	const char *best = NULL;
	size_t best_d = SIZE_MAX;

	for (size_t i = 0; i < n; i++) {
		size_t d = str_distance(word, cands[i]);

		if (d < best_d) {
			best_d = d;
			best = cands[i];
		}
	}
	return best_d <= limit && best_d < len ? best : NULL;
}

/* mappings and merge keys ("<<: *anchor", "<<: [*a, *b]") */

yaml_node_t *mf_node_at(struct yfile *f, int i)
{
	return yaml_document_get_node(&f->doc, i);
}

static int is_merge_key(const yaml_node_t *k)
{
	return text_is(k, "<<") && k->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

/* the key of scalar k in a kvs index: its text with NUL and '\\' escaped, so distinct keys
 * stay distinct */
static char *index_key(const yaml_node_t *k)
{
	struct buf b = BUF_INIT;

	buf_add_printable(&b, text(k), text_len(k), SIZE_MAX);
	return buf_detach(&b);
}

/* the pair of out whose key is k's text, NULL when none */
static struct kv *kvs_find(const struct kvs *out, const yaml_node_t *k)
{
	char *key = index_key(k);
	size_t i = (size_t)(uintptr_t)strmap_get(&out->index, key);

	free(key);
	return i ? &out->v[i - 1] : NULL;
}

void mf_kvs_release(struct kvs *kv)
{
	free(kv->v);
	strmap_release(&kv->index);
}

/* add a pair unless its key is there: a duplicate when from the same mapping */
static void add_pair(struct yfile *f, struct kvs *out, const struct kv *p, const char *what)
{
	struct kv *old;
	char *key;

	if (p->key->type != YAML_SCALAR_NODE) {
		mf_type_error(f, p->key, "a string key", what);
		return;
	}
	old = kvs_find(out, p->key);
	if (old && old->from == p->from) {
		struct pos first = mf_node_pos(f, old->key);

		key = mf_shown(p->key);
		if (mf_report(f, p->key, "duplicate key '%s' in %s", key, what))
			note_at(&first, "'%s' first given here", key);
		free(key);
	}
	if (old)
		return;
	xgrow(&out->v, &out->cap, out->n + 1, sizeof(*out->v));
	out->v[out->n++] = *p;
	key = index_key(p->key);
	strmap_put(&out->index, key, (void *)(uintptr_t)out->n);
	free(key);
}

static void merge_into(struct yfile *f, yaml_node_t *map, struct kvs *out, const char *what);

/* where to report that n, the value of key (or in it), is wrong: n, unless n is an alias */
static const yaml_node_t *use_site(const yaml_node_t *key, const yaml_node_t *n)
{
	return n->start_mark.index > key->start_mark.index ? n : key;
}

/* merge the mapping (or list of mappings) v, the value of "<<" key k */
static void merge_value(struct yfile *f, yaml_node_t *k, yaml_node_t *v, struct kvs *out,
			const char *what)
{
	const char *expected = "a mapping or a list of mappings";

	if (v->type == YAML_MAPPING_NODE) {
		merge_into(f, v, out, what);
		return;
	}
	if (v->type != YAML_SEQUENCE_NODE) {
		mf_type_error_at(f, use_site(k, v), v, expected, "'<<'");
		return;
	}
	for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++) {
		yaml_node_t *item = mf_node_at(f, *i);

		if (item->type == YAML_MAPPING_NODE)
			merge_into(f, item, out, what);
		else
			mf_type_error_at(f, use_site(k, item), item, expected, "'<<'");
	}
}

/* add map's own pairs, then those of its merge keys, in order (earlier ones win) */
static void merge_into(struct yfile *f, yaml_node_t *map, struct kvs *out, const char *what)
{
	yaml_node_pair_t *start = map->data.mapping.pairs.start, *top = map->data.mapping.pairs.top;

	if (f->merged[map - f->doc.nodes.start])
		return;
	f->merged[map - f->doc.nodes.start] = 1;
	for (yaml_node_pair_t *p = start; p < top; p++) {
		struct kv kv = { mf_node_at(f, p->key), mf_node_at(f, p->value), map };

		if (!is_merge_key(kv.key))
			add_pair(f, out, &kv, what);
	}
	for (yaml_node_pair_t *p = start; p < top; p++)
		if (is_merge_key(mf_node_at(f, p->key)))
			merge_value(f, mf_node_at(f, p->key), mf_node_at(f, p->value), out, what);
}

/* the pairs of mapping map (of what) with merge keys resolved; -1 when map is no mapping */
int mf_flatten(struct yfile *f, yaml_node_t *map, const char *what, struct kvs *out)
{
	size_t nnodes = (size_t)(f->doc.nodes.top - f->doc.nodes.start);

	if (map->type != YAML_MAPPING_NODE)
		return mf_type_error(f, map, "a mapping", what);
	memset(f->merged, 0, nnodes);
	merge_into(f, map, out, what);
	return 0;
}

/* schema-driven reading */

/* report an unknown key; returns the index of the field it was suggested to be, or -1 */
static int unknown_key(struct yfile *f, const yaml_node_t *k, const struct schema *s,
		       const char *what)
{
	const char *keys[MAX_FIELDS];
	struct buf b = BUF_INIT;
	const char *best;
	char *shown;

	for (size_t i = 0; i < s->n; i++)
		keys[i] = s->fields[i].key;
	best = mf_closest(text(k), keys, s->n);
	if (best) {
		buf_printf(&b, "did you mean '%s'?", best);
	} else {
		buf_puts(&b, "expected ");
		mf_put_choices(&b, keys, s->n);
	}
	shown = mf_shown(k);
	mf_report(f, k, "unknown key '%s' in %s; %s", shown, what, buf_str(&b));
	free(shown);
	buf_release(&b);
	for (size_t i = 0; best && i < s->n; i++)
		if (keys[i] == best)
			return (int)i;
	return -1;
}

static void *at_off(void *obj, size_t off)
{
	return (char *)obj + off;
}

static void read_str_field(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj,
			   const char *label)
{
	char **dst = at_off(obj, fd->off);
	char *s = NULL;
	int i;

	if (fd->choices) {
		i = mf_get_choice(f, v, label, fd->choices);
		if (i >= 0)
			s = xstrdup(fd->choices[i]);
	} else if (fd->kind == V_PATH) {
		mf_get_path(f, v, label, fd->flags, &s);
	} else if (mf_get_str(f, v, label, fd->flags, &s) == 0 &&
		   mf_check_pattern(f, v, fd->pat, label, s) < 0) {
		free(s);
		s = NULL;
	}
	if (s) {
		free(*dst);
		*dst = s;
	}
}

/* 1 when item names a file shipped with mipsbake ("mipsbake:NAME") where fd allows it */
static int shipped(const struct field *fd, const yaml_node_t *item)
{
	return fd->flags & F_SHIPPED && item->type == YAML_SCALAR_NODE &&
	       !strncmp((const char *)item->data.scalar.value, "mipsbake:", strlen("mipsbake:"));
}

/* append list v's strings (paths for V_PATHV) to sv, their positions to *posv when not NULL */
static void read_list_items(struct yfile *f, const struct field *fd, yaml_node_t *v,
			    struct strv *sv, struct pos **posv, const char *label)
{
	yaml_node_item_t *i;

	for (i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++) {
		yaml_node_t *item = mf_node_at(f, *i);
		char *s;
		int rc = fd->kind == V_PATHV && !shipped(fd, item) ? mf_get_path(f, item, label, fd->flags, &s)
								   : mf_get_str(f, item, label, fd->flags, &s);

		if (rc < 0 || (fd->flags & F_EXPAND && !(s = mf_expand(f, item, label, s))))
			continue;
		if (mf_check_pattern(f, item, fd->pat, label, s) < 0) {
			free(s);
			continue;
		}
		strv_push_owned(sv, s);
		if (posv) {
			*posv = xappend(*posv, sv->n - 1, sizeof(**posv));
			(*posv)[sv->n - 1] = mf_node_pos(f, item);
		}
	}
}

/* a list of strings or paths, and the position of each entry when fd asks for them */
static void read_list_field(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj,
			    const char *label)
{
	struct pos **posv = fd->pos_off ? at_off(obj, fd->pos_off - 1) : NULL;
	char *item_label;

	if (v->type != YAML_SEQUENCE_NODE) {
		mf_type_error(f, v, "a list", label);
		return;
	}
	if (v->data.sequence.items.start == v->data.sequence.items.top && fd->flags & F_NONEMPTY) {
		mf_report(f, v, "empty list for %s; expected at least one entry", label);
		return;
	}
	item_label = xasprintf("an entry of %s", label);
	read_list_items(f, fd, v, at_off(obj, fd->off), posv, item_label);
	free(item_label);
}

static void read_field(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	char *label = xasprintf("'%s'", fd->key);

	switch (fd->kind) {
	case V_STR:
	case V_PATH:
		read_str_field(f, fd, v, obj, label);
		break;
	case V_STRV:
	case V_PATHV:
		read_list_field(f, fd, v, obj, label);
		break;
	case V_BOOL:
		mf_get_bool(f, v, label, at_off(obj, fd->off));
		break;
	case V_SIZE:
		mf_get_size(f, v, label, at_off(obj, fd->off));
		break;
	case V_FN:
		fd->fn(f, fd, v, obj);
		break;
	}
	if (fd->pos_off && fd->kind != V_STRV && fd->kind != V_PATHV)
		*(struct pos *)at_off(obj, fd->pos_off - 1) = mf_node_pos(f, v);
	free(label);
}

static const struct field *find_field(const struct schema *s, const yaml_node_t *k)
{
	for (size_t i = 0; i < s->n; i++)
		if (text_is(k, s->fields[i].key))
			return &s->fields[i];
	return NULL;
}

/*
 * Read mapping map (of what, defined at owner) into obj following schema s; seen[i] is set
 * to the pair of s->fields[i] (zero when absent). A missing required key is not reported
 * when an unknown key was taken for a misspelling of it.
 */
void mf_walk_fields(struct yfile *f, yaml_node_t *map, const struct schema *s,
			const char *what, const struct pos *owner, void *obj, struct kv *seen)
{
	struct kvs kv = KVS_INIT;
	char guessed[MAX_FIELDS] = { 0 };

	memset(seen, 0, MAX_FIELDS * sizeof(*seen));
	if (mf_flatten(f, map, what, &kv) < 0)
		return;
	for (size_t i = 0; i < kv.n; i++) {
		const struct field *fd = find_field(s, kv.v[i].key);
		int guess;

		if (!fd && s->extensions && str_has_prefix(text(kv.v[i].key), "x-"))
			continue;
		if (!fd) {
			guess = unknown_key(f, kv.v[i].key, s, what);
			if (guess >= 0)
				guessed[guess] = 1;
			continue;
		}
		seen[fd - s->fields] = kv.v[i];
		if (fd->flags & F_MAIN_ONLY && f->fragment)
			mf_report(f, kv.v[i].key, "'%s' is only allowed in the main manifest, not in an include",
			       fd->key);
		else
			read_field(f, fd, kv.v[i].val, obj);
	}
	for (size_t i = 0; i < s->n; i++)
		if (s->fields[i].flags & F_REQUIRED && !seen[i].key && !guessed[i])
			mf_report_pos(f->ld, owner, "missing required key '%s' in %s", s->fields[i].key, what);
	mf_kvs_release(&kv);
}

/* the pair of key in seen, NULL when absent */
const struct kv *mf_seen_key(const struct kv *seen, const char *key)
{
	for (size_t i = 0; i < MAX_FIELDS; i++)
		if (seen[i].key && text_is(seen[i].key, key))
			return &seen[i];
	return NULL;
}

/* one entry of "include:" */
static void include_one(struct yfile *f, const yaml_node_t *n)
{
	const struct strv *dirs = f->ld->searchdirs;
	struct buf searched = BUF_INIT;
	struct pos at = mf_node_pos(f, n);
	char *name, *joined, *abs = NULL, *shown = NULL, *other = NULL;

	if (mf_get_str(f, n, "'include'", 0, &name) < 0 || !(name = mf_expand(f, n, "'include'", name)))
		return;
	buf_printf(&searched, "'%s'", f->shown_dir);
	for (size_t i = 0; !abs && i <= (dirs ? dirs->n : 0); i++) {
		joined = path_join(i == 0 ? f->dir : dirs->v[i - 1], name);
		if (i > 0)
			buf_printf(&searched, ", '%s'", dirs->v[i - 1]);
		if (fs_is_file(joined)) {
			abs = path_abs(joined);
			shown = i == 0 ? mf_shown_path(f, name) : xstrdup(joined);
		} else if (!other && fs_exists(joined)) {
			other = i == 0 ? mf_shown_path(f, name) : xstrdup(joined);
		}
		free(joined);
	}
	if (abs)
		load_file(f->ld, abs, shown, 1, &at);
	else if (other)
		mf_report(f, n, "include '%s' is not a file ('%s' is a directory or a device)", name, other);
	else if (path_is_abs(name))
		mf_report(f, n, "include '%s' not found", name);
	else
		mf_report(f, n, "include '%s' not found; searched %s", name, buf_str(&searched));
	buf_release(&searched);
	free(name);
	free(abs);
	free(shown);
	free(other);
}

void mf_read_include(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	(void)fd, (void)obj;
	if (v->type == YAML_SCALAR_NODE) {
		include_one(f, v);
		return;
	}
	if (v->type != YAML_SEQUENCE_NODE) {
		mf_type_error(f, v, "a string or a list of strings", "'include'");
		return;
	}
	for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++)
		include_one(f, mf_node_at(f, *i));
}

/* one named definition of a section */
static void read_definition(struct yfile *f, const struct kv *p, const struct section *sec)
{
	struct manifest *m = f->ld->m;
	struct pos pos = mf_node_pos(f, p->key);
	const struct pos *first;
	struct kv seen[MAX_FIELDS];
	char *label = xasprintf("a %s", sec->noun), *name, *shown, *what, *key;
	void *obj;

	/* a name that is no string is kept as shown in messages, control bytes escaped */
	if (mf_get_str(f, p->key, label, 0, &name) < 0)
		name = mf_shown(p->key);
	else
		mf_check_pattern(f, p->key, sec->pat, label, name);
	shown = mf_shown_str(name);
	key = xasprintf("%s\n%s", sec->noun, name);
	first = strmap_get(&f->ld->defined, key);
	if (!first) {
		struct pos *at = xmalloc(sizeof(*at));

		*at = pos;
		strmap_put(&f->ld->defined, key, at);
	}
	free(key);
	if (first && mf_report(f, p->key, "%s '%s' is already defined", sec->noun, shown))
		note_at(first, "%s '%s' first defined here", sec->noun, shown);
	what = xasprintf("%s '%s'", sec->noun, shown);
	free(shown);
	obj = sec->add(m, name, pos);
	mf_walk_fields(f, p->val, sec->schema, what, &pos, obj, seen);
	if (sec->finish)
		sec->finish(f, obj, seen, what);
	if (first)
		sec->drop(m);
	free(what);
	free(label);
}

void mf_read_section(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct kvs kv = KVS_INIT;
	char *label = xasprintf("'%s'", fd->key);

	(void)obj;
	if (mf_flatten(f, v, label, &kv) == 0)
		for (size_t i = 0; i < kv.n; i++)
			read_definition(f, &kv.v[i], fd->sec);
	mf_kvs_release(&kv);
	free(label);
}

/* files */

/* check "mipsbake:" (required in the main manifest); -1 when the rest must not be read */
static int check_schema_version(struct yfile *f, yaml_node_t *root)
{
	struct kvs kv = KVS_INIT;
	struct pos pos = mf_node_pos(f, root);
	const struct kv *v = NULL;
	long n = 1;
	int rc = 0;

	if (mf_flatten(f, root, "the manifest", &kv) < 0)
		return -1;
	for (size_t i = 0; i < kv.n; i++)
		if (text_is(kv.v[i].key, "mipsbake"))
			v = &kv.v[i];
	if (!v && !f->fragment)
		mf_report_pos(f->ld, &pos, "missing required key 'mipsbake' in the manifest; "
			   "expected 'mipsbake: 1'");
	if (v && mf_get_int(f, v->val, "'mipsbake'", &n) < 0)
		rc = -1;
	else if (n != 1)
		rc = mf_error_at_node(f, v->val, "unsupported manifest version %s; expected 'mipsbake: 1'",
				   text(v->val));
	mf_kvs_release(&kv);
	return rc;
}

/* where a reader error (no mark) happened: the line and column of byte offset */
static struct pos offset_pos(const struct yfile *f, const struct buf *text, size_t offset)
{
	struct pos p = { f->shown, 1, 1 };

	for (size_t i = 0; i < offset && i < text->len; i++) {
		p.col++;
		if (text->data[i] == '\n') {
			p.line++;
			p.col = 1;
		}
	}
	return p;
}

/* "the flow sequence started here" for libyaml's "while parsing a flow sequence" */
static void yaml_context_note(const struct pos *at, const char *context)
{
	static const char *const verbs[] = { "while parsing ", "while scanning " };
	static const char *const articles[] = { "a ", "an " };

	for (size_t i = 0; i < ARRAY_LEN(verbs); i++)
		if (str_has_prefix(context, verbs[i]))
			context += strlen(verbs[i]);
	for (size_t i = 0; i < ARRAY_LEN(articles); i++)
		if (str_has_prefix(context, articles[i]))
			note_at(at, "the %s started here", context + strlen(articles[i]));
}

/* libyaml's own description of why the text is not YAML, and where its context began */
static void yaml_problem(struct yfile *f, const yaml_parser_t *p, const struct buf *text)
{
	struct pos pos = mf_mark_pos(f, &p->problem_mark);
	struct pos ctx = mf_mark_pos(f, &p->context_mark);
	struct buf b = BUF_INIT;

	if (p->error == YAML_MEMORY_ERROR)
		die("out of memory");
	buf_puts(&b, p->problem ? p->problem : "not valid YAML");
	if (p->error == YAML_READER_ERROR) {
		pos = offset_pos(f, text, p->problem_offset);
		if (p->problem_value != -1)
			buf_printf(&b, " (0x%02x)", (unsigned)p->problem_value);
	}
	if (p->context)
		buf_printf(&b, " %s", p->context);
	/* libyaml gives up on a plain or quoted key after 1024 characters, and says only that */
	if (p->context && !strcmp(p->context, "while scanning a simple key") &&
	    p->problem_mark.index - p->context_mark.index > 1024)
		buf_puts(&b, "; a YAML key is at most 1024 characters long, and this one is longer");
	if (mf_report_pos(f->ld, &pos, "%s", buf_str(&b)) && p->context &&
	    (ctx.line != pos.line || ctx.col != pos.col))
		yaml_context_note(&ctx, p->context);
	buf_release(&b);
}

/* a file holds one YAML document */
static void check_one_document(struct yfile *f, yaml_parser_t *p, const struct buf *text)
{
	yaml_document_t next;
	struct pos pos;

	if (!yaml_parser_load(p, &next)) {
		yaml_problem(f, p, text);
		return;
	}
	pos = mf_mark_pos(f, &next.start_mark);
	if (yaml_document_get_root_node(&next))
		mf_report_pos(f->ld, &pos, "expected one YAML document, found a second one");
	yaml_document_delete(&next);
}

static void read_document(struct yfile *f, yaml_parser_t *p, const struct buf *text)
{
	yaml_node_t *root = yaml_document_get_root_node(&f->doc);
	struct pos pos = { f->shown, 1, 1 };
	struct kv seen[MAX_FIELDS];

	if (!root) {
		mf_report_pos(f->ld, &pos, "empty %s; expected a mapping%s",
			   f->fragment ? "include" : "manifest",
			   f->fragment ? "" : " starting with 'mipsbake: 1'");
		return;
	}
	f->merged = xcalloc((size_t)(f->doc.nodes.top - f->doc.nodes.start), 1);
	pos = mf_node_pos(f, root);
	if (check_schema_version(f, root) == 0)
		mf_walk_fields(f, root, &mf_top_schema, "the manifest", &pos, f->ld->m, seen);
	free(f->merged);
	f->merged = NULL;
	check_one_document(f, p, text);
}

static void read_yaml_file(struct yfile *f)
{
	struct buf text = BUF_INIT;
	yaml_parser_t parser;

	if (!f->fragment && f->ld->text)
		buf_add(&text, f->ld->text->data, f->ld->text->len);
	else if (fs_read_regular(f->shown, "manifest", FS_INPUT_MAX, &text) < 0)
		return;
	f->text = &text;
	/* libyaml would read UTF-16 too, but positions and Go's own files are UTF-8 */
	if (text.len >= 2 && ((unsigned char)text.data[0] == 0xff || (unsigned char)text.data[0] == 0xfe) &&
	    ((unsigned char)text.data[1] == 0xfe || (unsigned char)text.data[1] == 0xff)) {
		mf_report_pos(f->ld, &(struct pos){ f->shown, 1, 1 }, "the file is UTF-16; a manifest is "
			      "UTF-8 text");
		buf_release(&text);
		return;
	}
	index_lines(f);
	if (!yaml_parser_initialize(&parser))
		die("out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text.data, text.len);
	if (!yaml_parser_load(&parser, &f->doc)) {
		yaml_problem(f, &parser, &text);
	} else {
		read_document(f, &parser, &text);
		yaml_document_delete(&f->doc);
	}
	yaml_parser_delete(&parser);
	buf_release(&text);
	free(f->lines);
	f->lines = NULL;
}

/* "include cycle: a -> b -> a", from where the chain first holds the file again */
static void include_cycle(struct loader *ld, size_t first, const struct pos *at)
{
	struct buf b = BUF_INIT;

	for (size_t i = first; i < ld->chain_shown.n; i++)
		buf_printf(&b, "%s -> ", ld->chain_shown.v[i]);
	buf_puts(&b, ld->chain_shown.v[first]);
	mf_report_pos(ld, at, "include cycle: %s", buf_str(&b));
	buf_release(&b);
}

/* read a file (once: a file included twice is read the first time only) */
static void load_file(struct loader *ld, const char *abs, const char *shown, int fragment,
		      const struct pos *from)
{
	struct manifest *m = ld->m;
	struct yfile f;

	for (size_t i = 0; i < ld->chain.n; i++) {
		if (!strcmp(ld->chain.v[i], abs)) {
			include_cycle(ld, i, from);
			return;
		}
	}
	if (strv_has(&m->abs_files, abs))
		return;
	strv_push(&m->files, shown);
	strv_push(&m->abs_files, abs);
	memset(&f, 0, sizeof(f));
	f.ld = ld;
	f.shown = m->files.v[m->files.n - 1];
	f.dir = path_dir(abs);
	f.shown_dir = path_dir(shown);
	f.fragment = fragment;
	strv_push(&ld->chain, abs);
	strv_push(&ld->chain_shown, shown);
	read_yaml_file(&f);
	free(ld->chain.v[--ld->chain.n]);
	free(ld->chain_shown.v[--ld->chain_shown.n]);
	free(f.dir);
	free(f.shown_dir);
}

/* the loader */

/* sort sv and drop repeats */
static void uniq_env(struct strv *sv)
{
	size_t n = 0;

	strv_sort(sv);
	for (size_t i = 0; i < sv->n; i++) {
		if (n > 0 && strcmp(sv->v[n - 1], sv->v[i]) == 0)
			free(sv->v[i]);
		else
			sv->v[n++] = sv->v[i];
	}
	sv->n = n;
	if (sv->v)
		sv->v[n] = NULL;
}

static void loader_init(struct loader *ld, struct manifest *m, const struct strv *searchdirs)
{
	memset(ld, 0, sizeof(*ld));
	ld->m = m;
	ld->searchdirs = searchdirs;
	mf_patterns_init(ld);
}

static void loader_release(struct loader *ld)
{
	mf_patterns_release(ld);
	strv_release(&ld->chain);
	strv_release(&ld->chain_shown);
	strmap_release(&ld->reported);
	for (size_t i = 0; i < ld->defined.cap; i++)
		if (ld->defined.keys && ld->defined.keys[i])
			free(ld->defined.vals[i]);
	strmap_release(&ld->defined);
}

/* manifest_load, the main manifest's text given or (NULL) read from path */
static int load(const char *path, const struct buf *text, const struct strv *searchdirs,
		struct manifest *m)
{
	struct loader ld;
	int errors = error_count;
	char *abs = path_abs(path);

	memset(m, 0, sizeof(*m));
	m->path = xstrdup(path);
	m->dir = path_dir(abs);
	m->schema = 1;
	m->size_warn = SIZE_WARN_DEFAULT;
	loader_init(&ld, m, searchdirs);
	ld.text = text;
	load_file(&ld, abs, path, 0, NULL);
	mf_check_refs(&ld);
	uniq_env(&m->env);
	if (ld.held_back)
		error_at(&(struct pos){ path, 0, 0 }, "%zu more error%s not shown", ld.held_back,
			 ld.held_back == 1 ? "" : "s");
	loader_release(&ld);
	free(abs);
	if (error_count == errors)
		return 0;
	manifest_release(m);
	return -1;
}

int manifest_load(const char *path, const struct strv *searchdirs, struct manifest *m)
{
	return load(path, NULL, searchdirs, m);
}

int manifest_load_buffer(const char *path, const struct buf *text, const struct strv *searchdirs,
			 struct manifest *m)
{
	return load(path, text, searchdirs, m);
}
