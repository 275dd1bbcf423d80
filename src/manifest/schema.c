/* manifest.c: read the YAML manifest and its includes into the model, checking every value */
#define _POSIX_C_SOURCE 200809L
#define PCRE2_CODE_UNIT_WIDTH 8

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>
#include <yaml.h>

#include "manifest/expand.h"
#include "manifest/manifest.h"
#include "lib/os.h"
#include "lib/banned.h"

/* the patterns values are checked against (PAT_NONE: none) */
enum pat {
	PAT_NONE, PAT_NAME, PAT_IMPORT, PAT_SIZE, PAT_PREFIX, PAT_CPU,
	PAT_NULL, PAT_BOOL, PAT_INT, PAT_NUMBER, PAT_GOVAR, PAT_COUNT
};

/* each pattern and what a value that fails it is told to be */
static const struct {
	const char *re;
	const char *expected;
} patterns[PAT_COUNT] = {
	[PAT_NAME] = { "^[A-Za-z0-9][A-Za-z0-9._-]*$",
		"letters, digits, '.', '_' and '-', starting with a letter or digit" },
	[PAT_IMPORT] = { "^[A-Za-z0-9_~+-][A-Za-z0-9_.~+-]*(/[A-Za-z0-9_.~+-]+)*$",
		"an import path such as 'example.com/minion', without '.' or '..' elements" },
	[PAT_SIZE] = { "^([0-9]+)(B|KiB|MiB|GiB|kB|MB|GB)?$",
		"a size such as 8MiB, 512KiB or 16777216" },
	[PAT_PREFIX] = { "^[A-Za-z0-9._+-]*$",
		"a tool prefix such as 'mipsel-linux-gnu-' (letters, digits, '.', '_', '+' and '-')" },
	[PAT_CPU] = { "^[A-Za-z0-9._+-]+$",
		"a qemu cpu model such as '24KEc' (letters, digits, '.', '_', '+' and '-')" },
	[PAT_NULL] = { "^(~|null|Null|NULL)?$", NULL },
	[PAT_BOOL] = { "^(true|True|TRUE|false|False|FALSE)$", NULL },
	[PAT_INT] = { "^[-+]?[0-9]+$", NULL },
	[PAT_NUMBER] = { "^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"
		"|^[-+]?\\.(inf|Inf|INF)$|^\\.(nan|NaN|NAN)$", NULL },
	[PAT_GOVAR] = { "^[A-Za-z0-9_~+-][A-Za-z0-9_.~+-]*(/[A-Za-z0-9_.~+-]+)*\\.[A-Za-z_][A-Za-z0-9_]*$",
		"a Go variable such as 'main.version' or 'example.com/x/build.Commit'" },
};

/* the most keys a mapping of the schema has */
#define MAX_FIELDS 16
/* values longer than this are cut short in messages */
#define SHOW_MAX 40

/* the state of one manifest_load */
struct loader {
	struct manifest *m;
	const struct strv *searchdirs;
	struct strv chain;          /* absolute paths of the files being read, outermost first */
	struct strv chain_shown;    /* the same files as shown in messages */
	struct strv reported;       /* errors printed so far, so that each is said once */
	pcre2_code *re[PAT_COUNT];
	pcre2_match_data *md;
};

/* one YAML file being read */
struct yfile {
	struct loader *ld;
	yaml_document_t doc;
	const char *shown;          /* the name in messages, owned by m->files */
	char *dir;                  /* absolute directory: the base of its relative paths */
	char *shown_dir;            /* that directory as shown in messages */
	int fragment;               /* an include rather than the main manifest */
	const struct buf *text;     /* the file's bytes, for positions inside a value */
	unsigned char *merged;      /* per node: already merged into the mapping being flattened */
};

/* a key and its value once merge keys are resolved, and the mapping that holds them */
struct kv {
	yaml_node_t *key, *val, *from;
};

/* a growable list of pairs */
struct kvs {
	struct kv *v;
	size_t n, cap;
};

/* how a field's value is read */
enum vkind { V_STR, V_PATH, V_STRV, V_PATHV, V_BOOL, V_SIZE, V_FN };

#define F_REQUIRED  1u   /* the mapping must have the key */
#define F_EMPTY_OK  2u   /* "" is a valid string (lists: a valid entry) */
#define F_NONEMPTY  4u   /* a list needs at least one entry */
#define F_MAIN_ONLY 8u   /* not allowed in an included file */
#define F_DIR      16u   /* a path that must be an existing directory */
#define F_FILE     32u   /* a path that must be an existing file */
#define F_EXPAND   64u   /* ${NAME} is expanded (paths always are) */

/* the field at pos_off of a struct: its offset plus one, so that 0 means none */
#define POS_AT(type, member) (offsetof(type, member) + 1)

struct field;
struct section;
/* read val, the value of field fd, into obj */
typedef void field_fn(struct yfile *f, const struct field *fd, yaml_node_t *val, void *obj);

/* one key of a mapping: what its value is, where it goes, how it is checked */
struct field {
	const char *key;
	enum vkind kind;
	size_t off;                 /* offset of the value in the object */
	size_t pos_off;             /* POS_AT of its struct pos (lists: of a struct pos array), or 0 */
	unsigned flags;
	enum pat pat;               /* strings: the pattern to match */
	const char *const *choices; /* strings: the allowed values, NULL-terminated */
	field_fn *fn;               /* V_FN: reads the value */
	const struct section *sec;  /* V_FN read_section_field: the definitions it holds */
};

/* the keys a mapping may hold */
struct schema {
	const struct field *fields;
	size_t n;
	int extensions;             /* keys starting with "x-" are allowed and ignored */
};

/* a top-level mapping of named definitions (toolchains, boards, dependencies, targets) */
struct section {
	const char *noun;
	enum pat pat;               /* the pattern of the names */
	const struct schema *schema;
	/* position of the definition called name, NULL when there is none */
	const struct pos *(*find)(const struct manifest *m, const char *name);
	/* append a definition with its defaults (taking name) and return it */
	void *(*add)(struct manifest *m, char *name, struct pos pos);
	/* checks across keys once every field is read; seen[i] is the pair of field i */
	void (*finish)(struct yfile *f, void *obj, const struct kv *seen, const char *what);
	/* free the last definition: a duplicate only checked */
	void (*drop)(struct manifest *m);
};

static void load_file(struct loader *ld, const char *abs, const char *shown, int fragment,
		      const struct pos *from);

/* diagnostics */

static struct pos node_pos(const struct yfile *f, const yaml_node_t *n)
{
	struct pos p = { f->shown, (int)n->start_mark.line + 1, (int)n->start_mark.column + 1 };

	return p;
}

/* print an error at p unless the very same one was printed; 1 when printed */
ATTR_PRINTF(3, 0) static int vreport(struct loader *ld, const struct pos *p, const char *fmt,
				     va_list ap)
{
	struct buf b = BUF_INIT;
	char *key;

	buf_vprintf(&b, fmt, ap);
	key = xasprintf("%s:%d:%d:%s", p->file, p->line, p->col, buf_str(&b));
	if (strv_has(&ld->reported, key)) {
		free(key);
		buf_release(&b);
		return 0;
	}
	strv_push_owned(&ld->reported, key);
	error_at(p, "%s", buf_str(&b));
	buf_release(&b);
	return 1;
}

/* report an error at p; 1 when printed (not said before) */
ATTR_PRINTF(3, 4) static int report_pos(struct loader *ld, const struct pos *p, const char *fmt,
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
ATTR_PRINTF(3, 4) static int report(struct yfile *f, const yaml_node_t *n, const char *fmt, ...)
{
	struct pos p = node_pos(f, n);
	va_list ap;
	int printed;

	va_start(ap, fmt);
	printed = vreport(f->ld, &p, fmt, ap);
	va_end(ap);
	return printed;
}

/* report an error at node n of f (once); returns -1 */
ATTR_PRINTF(3, 4) static int error_at_node(struct yfile *f, const yaml_node_t *n, const char *fmt,
					   ...)
{
	struct pos p = node_pos(f, n);
	va_list ap;

	va_start(ap, fmt);
	vreport(f->ld, &p, fmt, ap);
	va_end(ap);
	return -1;
}

/* append "'a', 'b' or 'c'" */
static void put_choices(struct buf *b, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "%s'%s'", i == 0 ? "" : i + 1 == n ? " or " : ", ", v[i]);
}

/* the candidate closest to word when close enough for "did you mean", else NULL */
static const char *closest(const char *word, const char *const *cands, size_t n)
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

/* scalars */

static const char *text(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

static size_t text_len(const yaml_node_t *n)
{
	return n->data.scalar.length;
}

/* 1 when n is a scalar whose text is s */
static int text_is(const yaml_node_t *n, const char *s)
{
	return n->type == YAML_SCALAR_NODE && text_len(n) == strlen(s) && !strcmp(text(n), s);
}

static int matches(struct loader *ld, enum pat p, const char *s, size_t len)
{
	return pcre2_match(ld->re[p], (PCRE2_SPTR)s, len, 0, 0, ld->md, NULL) >= 0;
}

/* what a node holds, as YAML's core schema resolves plain scalars */
enum vtype { T_MAPPING, T_LIST, T_NULL, T_BOOL, T_INT, T_NUMBER, T_STRING };

static enum vtype type_of(struct loader *ld, const yaml_node_t *n)
{
	static const enum pat pats[] = { PAT_NULL, PAT_BOOL, PAT_INT, PAT_NUMBER };
	static const enum vtype types[] = { T_NULL, T_BOOL, T_INT, T_NUMBER };

	if (n->type == YAML_MAPPING_NODE)
		return T_MAPPING;
	if (n->type == YAML_SEQUENCE_NODE)
		return T_LIST;
	if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return T_STRING;
	for (size_t i = 0; i < ARRAY_LEN(pats); i++)
		if (matches(ld, pats[i], text(n), text_len(n)))
			return types[i];
	return T_STRING;
}

/* how n is named in "expected X, found Y" */
static char *describe(struct loader *ld, const yaml_node_t *n)
{
	enum vtype t = type_of(ld, n);
	size_t len = t >= T_NULL ? text_len(n) : 0;
	int shown = len > SHOW_MAX ? SHOW_MAX : (int)len;
	const char *more = len > SHOW_MAX ? "..." : "";

	switch (t) {
	case T_MAPPING:
		return xstrdup("a mapping");
	case T_LIST:
		return xstrdup("a list");
	case T_NULL:
		return xstrdup(len ? "null" : "an empty value");
	case T_BOOL:
		return xasprintf("the boolean '%s'", text(n));
	case T_INT:
		return xasprintf("the integer %.*s%s", shown, text(n), more);
	case T_NUMBER:
		return xasprintf("the number %.*s%s", shown, text(n), more);
	case T_STRING:
		break;
	}
	return xasprintf("the string '%.*s%s'", shown, text(n), more);
}

/* report at node at that n is not what label needs; returns -1 */
static int type_error_at(struct yfile *f, const yaml_node_t *at, const yaml_node_t *n,
			 const char *expected, const char *label)
{
	char *found = describe(f->ld, n);

	report(f, at, "expected %s for %s, found %s", expected, label, found);
	free(found);
	return -1;
}

/* report that n is not what label needs; returns -1 */
static int type_error(struct yfile *f, const yaml_node_t *n, const char *expected,
		      const char *label)
{
	return type_error_at(f, n, n, expected, label);
}

/* typed values: each reads node n for label ("'cpu'"), returns 0, or -1 after reporting */

static int get_str(struct yfile *f, const yaml_node_t *n, const char *label, unsigned flags,
		   char **out)
{
	const char *s;

	if (n->type != YAML_SCALAR_NODE || type_of(f->ld, n) == T_NULL)
		return type_error(f, n, "a string", label);
	s = text(n);
	for (size_t i = 0; i < text_len(n); i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			return error_at_node(f, n, "control character 0x%02x in %s; "
					     "expected printable text", c, label);
	}
	if (!text_len(n) && !(flags & F_EMPTY_OK))
		return error_at_node(f, n, "empty string for %s; expected a value", label);
	*out = xstrndup(s, text_len(n));
	return 0;
}

static int get_bool(struct yfile *f, const yaml_node_t *n, const char *label, int *out)
{
	if (type_of(f->ld, n) != T_BOOL)
		return type_error(f, n, "a boolean (true or false)", label);
	*out = text(n)[0] == 't' || text(n)[0] == 'T';
	return 0;
}

/* an integer; one beyond a long's range reads as LONG_MIN or LONG_MAX */
static int get_int(struct yfile *f, const yaml_node_t *n, const char *label, long *out)
{
	if (type_of(f->ld, n) != T_INT)
		return type_error(f, n, "an integer", label);
	*out = strtol(text(n), NULL, 10);
	return 0;
}

/* 1 when no element of s (split at '/') is "", "." or ".." */
static int elements_ok(const char *s)
{
	while (1) {
		size_t n = strcspn(s, "/");

		if (n == 0 || (n == 1 && s[0] == '.') ||
		    (n == 2 && s[0] == '.' && s[1] == '.'))
			return 0;
		if (!s[n])
			return 1;
		s += n + 1;
	}
}

/* 1 when an element of s (split at '/') is ".." */
static int has_dotdot(const char *s)
{
	while (1) {
		size_t n = strcspn(s, "/");

		if (n == 2 && s[0] == '.' && s[1] == '.')
			return 1;
		if (!s[n])
			return 0;
		s += n + 1;
	}
}

/* check s, read from n, against pattern p */
static int check_pattern(struct yfile *f, const yaml_node_t *n, enum pat p, const char *label,
			 const char *s)
{
	const char *noun = p == PAT_IMPORT ? "import path" : p == PAT_NAME ? "name" : "value";

	if (p == PAT_NONE)
		return 0;
	if (matches(f->ld, p, s, strlen(s)) && (p != PAT_IMPORT || elements_ok(s)))
		return 0;
	return error_at_node(f, n, "bad %s '%s' for %s; expected %s", noun, s, label,
			     patterns[p].expected);
}

/* the index of n's value in choices (NULL-terminated) */
static int get_choice(struct yfile *f, const yaml_node_t *n, const char *label,
		      const char *const *choices)
{
	struct buf b = BUF_INIT;
	size_t count = 0;
	char *s;

	if (get_str(f, n, label, 0, &s) < 0)
		return -1;
	for (; choices[count]; count++) {
		if (!strcmp(s, choices[count])) {
			free(s);
			return (int)count;
		}
	}
	put_choices(&b, choices, count);
	report(f, n, "bad value '%s' for %s; expected %s", s, label, buf_str(&b));
	buf_release(&b);
	free(s);
	return -1;
}

/* bytes in digits (a decimal number of ndigits) times unit; -1 on overflow */
static int size_value(const char *digits, size_t ndigits, uint64_t unit, uint64_t *out)
{
	uint64_t v = 0;

	for (size_t i = 0; i < ndigits; i++) {
		unsigned d = (unsigned)(digits[i] - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (v > UINT64_MAX / unit)
		return -1;
	*out = v * unit;
	return 0;
}

/* the multiplier of a size unit of len bytes at s ("" is bytes) */
static uint64_t size_unit(const char *s, size_t len)
{
	static const struct {
		const char *name;
		uint64_t mult;
	} units[] = {
		{ "kB", 1000 }, { "MB", 1000000 }, { "GB", 1000000000 },
		{ "KiB", 1u << 10 }, { "MiB", 1u << 20 }, { "GiB", 1u << 30 },
	};

	for (size_t i = 0; i < ARRAY_LEN(units); i++)
		if (strlen(units[i].name) == len && !memcmp(s, units[i].name, len))
			return units[i].mult;
	return 1;
}

/* the bytes of size string s: 0, -1 when it is no size, -2 when it is too large */
static int parse_size(struct loader *ld, const char *s, uint64_t *out)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ld->md);
	int rc = pcre2_match(ld->re[PAT_SIZE], (PCRE2_SPTR)s, strlen(s), 0, 0, ld->md, NULL);
	uint64_t unit = 1;

	if (rc < 0)
		return -1;
	if (rc > 2)
		unit = size_unit(s + ov[4], ov[5] - ov[4]);
	return size_value(s + ov[2], ov[3] - ov[2], unit, out) < 0 ? -2 : 0;
}

static int get_size(struct yfile *f, const yaml_node_t *n, const char *label, uint64_t *out)
{
	char *s;
	int rc;

	if (n->type != YAML_SCALAR_NODE || type_of(f->ld, n) == T_NULL)
		return type_error(f, n, "a size", label);
	if (get_str(f, n, label, 0, &s) < 0)
		return -1;
	rc = parse_size(f->ld, s, out);
	if (rc == -1)
		report(f, n, "bad size '%s' for %s; expected %s", s, label,
		       patterns[PAT_SIZE].expected);
	else if (rc == -2)
		report(f, n, "size '%s' for %s is too large; expected at most %ju bytes", s, label,
		       (uintmax_t)UINT64_MAX);
	else if (*out == 0)
		rc = error_at_node(f, n, "size 0 for %s; expected a size greater than zero", label);
	free(s);
	return rc < 0 ? -1 : 0;
}

/* how path s of file f is shown in messages: relative to where mipsbake runs when f is */
static char *shown_path(const struct yfile *f, const char *s)
{
	if (path_is_abs(s) || !strcmp(f->shown_dir, "."))
		return xstrdup(s);
	return path_join(f->shown_dir, s);
}

/* check that path abs (written s) is an existing directory (F_DIR) or file (F_FILE) */
static int check_exists(struct yfile *f, const yaml_node_t *n, const char *s, const char *abs,
			unsigned flags)
{
	const char *kind = flags & F_DIR ? "directory" : "file";
	int ok = flags & F_DIR ? fs_is_dir(abs) : fs_is_file(abs);
	char *shown;

	if (!(flags & (F_DIR | F_FILE)) || ok)
		return 0;
	shown = shown_path(f, s);
	if (fs_exists(abs))
		report(f, n, "'%s' is not a %s", shown, kind);
	else
		report(f, n, "%s '%s' does not exist", kind, shown);
	free(shown);
	return -1;
}

/* the position of byte off of node n's text as written in the file */
static struct pos raw_pos(const struct yfile *f, const yaml_node_t *n, size_t off)
{
	struct pos p = node_pos(f, n);
	const char *raw = f->text->data + n->start_mark.index;

	for (size_t i = 0; i < off; i++) {
		if (raw[i] == '\n') {
			p.line++;
			p.col = 1;
		} else if (((unsigned char)raw[i] & 0xc0) != 0x80) {
			p.col++;
		}
	}
	return p;
}

/* report why expanding node n (of label) failed, at the reference that failed */
static void expand_error(struct yfile *f, const yaml_node_t *n, const char *label,
			 enum expand_rc rc, const struct expand_err *e)
{
	const char *raw = f->text->data + n->start_mark.index;
	size_t len = n->end_mark.index - n->start_mark.index;
	struct pos at = raw_pos(f, n, expand_find(raw, len, e->nth));

	if (rc == EXPAND_UNSET)
		report_pos(f->ld, &at, "environment variable '%s' in %s is not set; set it, or write "
			   "'$$' for a literal '$'", e->name, label);
	else if (rc == EXPAND_BAD_NAME)
		report_pos(f->ld, &at, "bad variable name '%s' in %s; expected letters, digits and '_', "
			   "not starting with a digit", e->name, label);
	else
		report_pos(f->ld, &at, "unterminated '${' in %s; expected '${NAME}', or '$$' for a "
			   "literal '$'", label);
}

/* s, read from n for label, with ${NAME} and $$ expanded; takes s; NULL after reporting */
static char *expand(struct yfile *f, const yaml_node_t *n, const char *label, char *s)
{
	struct buf b = BUF_INIT;
	struct expand_err e;
	enum expand_rc rc;

	if (!strchr(s, '$'))
		return s;
	rc = expand_vars(s, &b, &f->ld->m->env, &e);
	free(s);
	if (rc == EXPAND_OK)
		return buf_detach(&b);
	expand_error(f, n, label, rc, &e);
	free(e.name);
	buf_release(&b);
	return NULL;
}

/*
 * Every path of a manifest passes here: ${NAME} is expanded, then it is taken relative to
 * the directory of the file that holds it and made absolute.
 */
static int get_path(struct yfile *f, const yaml_node_t *n, const char *label, unsigned flags,
		    char **out)
{
	char *s, *joined;
	int rc;

	if (get_str(f, n, label, 0, &s) < 0 || !(s = expand(f, n, label, s)))
		return -1;
	if (!*s) {
		free(s);
		return error_at_node(f, n, "empty path for %s after expanding variables", label);
	}
	joined = path_join(f->dir, s);
	*out = path_abs(joined);
	free(joined);
	rc = check_exists(f, n, s, *out, flags);
	free(s);
	if (rc < 0) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

/* mappings and merge keys ("<<: *anchor", "<<: [*a, *b]") */

static yaml_node_t *node_at(struct yfile *f, int i)
{
	return yaml_document_get_node(&f->doc, i);
}

static int is_merge_key(const yaml_node_t *k)
{
	return text_is(k, "<<") && k->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

/* the pair of out whose key is k's text, NULL when none */
static struct kv *kvs_find(const struct kvs *out, const yaml_node_t *k)
{
	for (size_t i = 0; i < out->n; i++) {
		const yaml_node_t *o = out->v[i].key;

		if (text_len(o) == text_len(k) && !memcmp(text(o), text(k), text_len(k)))
			return &out->v[i];
	}
	return NULL;
}

/* add a pair unless its key is there: a duplicate when from the same mapping */
static void add_pair(struct yfile *f, struct kvs *out, const struct kv *p, const char *what)
{
	struct kv *old;

	if (p->key->type != YAML_SCALAR_NODE) {
		type_error(f, p->key, "a string key", what);
		return;
	}
	old = kvs_find(out, p->key);
	if (old && old->from == p->from) {
		struct pos first = node_pos(f, old->key);

		if (report(f, p->key, "duplicate key '%s' in %s", text(p->key), what))
			note_at(&first, "'%s' first given here", text(old->key));
	}
	if (old)
		return;
	xgrow(&out->v, &out->cap, out->n + 1, sizeof(*out->v));
	out->v[out->n++] = *p;
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
		type_error_at(f, use_site(k, v), v, expected, "'<<'");
		return;
	}
	for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++) {
		yaml_node_t *item = node_at(f, *i);

		if (item->type == YAML_MAPPING_NODE)
			merge_into(f, item, out, what);
		else
			type_error_at(f, use_site(k, item), item, expected, "'<<'");
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
		struct kv kv = { node_at(f, p->key), node_at(f, p->value), map };

		if (!is_merge_key(kv.key))
			add_pair(f, out, &kv, what);
	}
	for (yaml_node_pair_t *p = start; p < top; p++)
		if (is_merge_key(node_at(f, p->key)))
			merge_value(f, node_at(f, p->key), node_at(f, p->value), out, what);
}

/* the pairs of mapping map (of what) with merge keys resolved; -1 when map is no mapping */
static int flatten(struct yfile *f, yaml_node_t *map, const char *what, struct kvs *out)
{
	size_t nnodes = (size_t)(f->doc.nodes.top - f->doc.nodes.start);

	if (map->type != YAML_MAPPING_NODE)
		return type_error(f, map, "a mapping", what);
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

	for (size_t i = 0; i < s->n; i++)
		keys[i] = s->fields[i].key;
	best = closest(text(k), keys, s->n);
	if (best) {
		buf_printf(&b, "did you mean '%s'?", best);
	} else {
		buf_puts(&b, "expected ");
		put_choices(&b, keys, s->n);
	}
	report(f, k, "unknown key '%s' in %s; %s", text(k), what, buf_str(&b));
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
		i = get_choice(f, v, label, fd->choices);
		if (i >= 0)
			s = xstrdup(fd->choices[i]);
	} else if (fd->kind == V_PATH) {
		get_path(f, v, label, fd->flags, &s);
	} else if (get_str(f, v, label, fd->flags, &s) == 0 &&
		   check_pattern(f, v, fd->pat, label, s) < 0) {
		free(s);
		s = NULL;
	}
	if (s) {
		free(*dst);
		*dst = s;
	}
}

/* append list v's strings (paths for V_PATHV) to sv, their positions to *posv when not NULL */
static void read_list_items(struct yfile *f, const struct field *fd, yaml_node_t *v,
			    struct strv *sv, struct pos **posv, const char *label)
{
	yaml_node_item_t *i;

	for (i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++) {
		yaml_node_t *item = node_at(f, *i);
		char *s;
		int rc = fd->kind == V_PATHV ? get_path(f, item, label, fd->flags, &s)
					     : get_str(f, item, label, fd->flags, &s);

		if (rc < 0 || (fd->flags & F_EXPAND && !(s = expand(f, item, label, s))))
			continue;
		strv_push_owned(sv, s);
		if (posv) {
			*posv = xrealloc(*posv, sv->n * sizeof(**posv));
			(*posv)[sv->n - 1] = node_pos(f, item);
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
		type_error(f, v, "a list", label);
		return;
	}
	if (v->data.sequence.items.start == v->data.sequence.items.top && fd->flags & F_NONEMPTY) {
		report(f, v, "empty list for %s; expected at least one entry", label);
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
		get_bool(f, v, label, at_off(obj, fd->off));
		break;
	case V_SIZE:
		get_size(f, v, label, at_off(obj, fd->off));
		break;
	case V_FN:
		fd->fn(f, fd, v, obj);
		break;
	}
	if (fd->pos_off && fd->kind != V_STRV && fd->kind != V_PATHV)
		*(struct pos *)at_off(obj, fd->pos_off - 1) = node_pos(f, v);
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
static void walk_fields(struct yfile *f, yaml_node_t *map, const struct schema *s,
			const char *what, const struct pos *owner, void *obj, struct kv *seen)
{
	struct kvs kv = { NULL, 0, 0 };
	char guessed[MAX_FIELDS] = { 0 };

	memset(seen, 0, MAX_FIELDS * sizeof(*seen));
	if (flatten(f, map, what, &kv) < 0)
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
			report(f, kv.v[i].key, "'%s' is only allowed in the main manifest, not in an include",
			       fd->key);
		else
			read_field(f, fd, kv.v[i].val, obj);
	}
	for (size_t i = 0; i < s->n; i++)
		if (s->fields[i].flags & F_REQUIRED && !seen[i].key && !guessed[i])
			report_pos(f->ld, owner, "missing required key '%s' in %s", s->fields[i].key, what);
	free(kv.v);
}

/* the pair of key in seen, NULL when absent */
static const struct kv *seen_key(const struct kv *seen, const char *key)
{
	for (size_t i = 0; i < MAX_FIELDS; i++)
		if (seen[i].key && text_is(seen[i].key, key))
			return &seen[i];
	return NULL;
}

/* field readers */

static const char *const compiler_names[] = { "gccgo", "gc", NULL };
static const char *const link_names[] = { "static", "static-libgo", "dynamic", NULL };
static const char *const goarch_names[] = { "mips", "mipsle", "mips64", "mips64le", NULL };
static const char *const gomips_names[] = { "hardfloat", "softfloat", NULL };
static const char *const endian_names[] = { "big", "little", NULL };
static const char *const fpu_emulation_names[] = { "none", "kernel", NULL };

static void read_nothing(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	(void)f, (void)fd, (void)v, (void)obj;
}

static void read_compiler(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_toolchain *t = obj;
	int i = get_choice(f, v, "'compiler'", compiler_names);

	(void)fd;
	if (i >= 0)
		t->compiler = (enum compiler)i;
}

static void read_link(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_target *t = obj;
	int i = get_choice(f, v, "'link'", link_names);

	(void)fd;
	if (i >= 0)
		t->link = (enum link_mode)i;
}

static void read_goroot(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_toolchain *t = obj;
	char *s = NULL;

	(void)fd;
	if (text_is(v, "auto"))
		s = xstrdup("auto");
	else
		get_path(f, v, "'goroot'", 0, &s);
	if (s) {
		free(t->goroot);
		t->goroot = s;
	}
}

static void read_subdir(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_dep *d = obj;
	char *s;

	(void)fd;
	if (get_str(f, v, "'subdir'", 0, &s) < 0)
		return;
	if (path_is_abs(s) || has_dotdot(s)) {
		report(f, v, "bad subdir '%s'; expected a relative path inside the repository, "
		       "without '..'", s);
		free(s);
		return;
	}
	free(d->subdir);
	d->subdir = s;
}

/* 1 when s is "." or "./dir" without ".." elements, or an import path */
static int main_ok(struct yfile *f, const char *s)
{
	if (!strcmp(s, ".") || !strcmp(s, "./"))
		return 1;
	if (str_has_prefix(s, "./"))
		return !has_dotdot(s + 2);
	return matches(f->ld, PAT_IMPORT, s, strlen(s)) && elements_ok(s);
}

static void read_main(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_target *t = obj;
	char *s;

	(void)fd;
	if (get_str(f, v, "'main'", 0, &s) < 0)
		return;
	if (!main_ok(f, s)) {
		report(f, v, "bad main package '%s'; expected './dir' inside the module or an import path",
		       s);
		free(s);
		return;
	}
	free(t->main);
	t->main = s;
}

/* a PCRE2 pattern (for 'expect' and 'stderr'), checked by compiling it; NULL after reporting */
static char *get_regex(struct yfile *f, const yaml_node_t *v, const char *key)
{
	char *label = xasprintf("'%s'", key);
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	pcre2_code *re = NULL;
	int code;
	char *s = NULL;

	if (get_str(f, v, label, F_EMPTY_OK, &s) == 0)
		re = pcre2_compile((PCRE2_SPTR)s, strlen(s), 0, &code, &off, NULL);
	if (s && !re) {
		pcre2_get_error_message(code, msg, sizeof(msg));
		report(f, v, "bad regular expression for %s: %s at offset %zu", label, (char *)msg,
		       (size_t)off);
		free(s);
		s = NULL;
	}
	pcre2_code_free(re);
	free(label);
	return s;
}

/* replace *dst with s when s is not NULL */
static void set_str(char **dst, char *s)
{
	if (!s)
		return;
	free(*dst);
	*dst = s;
}

static void read_expect(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_test *t = obj;

	(void)fd;
	set_str(&t->expect, get_regex(f, v, "expect"));
}

static void read_expect_stderr(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_test *t = obj;

	(void)fd;
	set_str(&t->expect_stderr, get_regex(f, v, "stderr"));
}

/* the longest 'timeout' a test may have: an hour */
#define TIMEOUT_MAX 3600

static void read_timeout(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_test *t = obj;
	long n = 0;

	(void)fd;
	if (get_int(f, v, "'timeout'", &n) < 0)
		return;
	if (n < 1 || n > TIMEOUT_MAX)
		report(f, v, "timeout %s is out of range; expected 1 to %d seconds", text(v), TIMEOUT_MAX);
	else
		t->timeout = (int)n;
}

static void read_exit(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_test *t = obj;
	long n = 0;

	(void)fd;
	if (get_int(f, v, "'exit'", &n) < 0)
		return;
	if (n < 0 || n > 255)
		report(f, v, "exit status %s is out of range; expected 0 to 255", text(v));
	else
		t->exit_code = (int)n;
}

static void read_fpu_emulation(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_board *b = obj;
	int i = get_choice(f, v, "'fpu_emulation'", fpu_emulation_names);

	(void)fd;
	if (i >= 0)
		b->fpu_emulation = i;
}

/* a percentage "N%" from 1% to 100%; -1 after reporting */
static int get_percent(struct yfile *f, const yaml_node_t *v, const char *label)
{
	const char *s;
	size_t len, digits;
	int n;

	if (type_of(f->ld, v) != T_STRING || text_len(v) < 2 || text(v)[text_len(v) - 1] != '%')
		return type_error(f, v, "a percentage such as '80%'", label);
	s = text(v);
	len = text_len(v);
	digits = strspn(s, "0123456789");
	n = digits == len - 1 && digits <= 3 ? atoi(s) : -1;
	if (n < 1 || n > 100)
		return error_at_node(f, v, "bad percentage '%s' for %s; expected 1%% to 100%%, such as '80%%'",
				     s, label);
	return n;
}

/* size_warn of a board */
static void read_size_warn(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_board *b = obj;
	int n = get_percent(f, v, "'size_warn'");

	(void)fd;
	if (n > 0)
		b->size_warn = n;
}

/* size_warn of the manifest: the default of every board */
static void read_size_warn_top(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct manifest *m = obj;
	int n = get_percent(f, v, "'size_warn'");

	(void)fd;
	if (n > 0)
		m->size_warn = n;
}

#define TEST(m) offsetof(struct mf_test, m)
static const struct field test_fields[] = {
	{ .key = "args", .kind = V_STRV, .off = TEST(args), .flags = F_EMPTY_OK },
	{ .key = "expect", .kind = V_FN, .fn = read_expect,
	  .pos_off = POS_AT(struct mf_test, expect_pos) },
	{ .key = "stderr", .kind = V_FN, .fn = read_expect_stderr,
	  .pos_off = POS_AT(struct mf_test, stderr_pos) },
	{ .key = "exit", .kind = V_FN, .fn = read_exit },
	{ .key = "timeout", .kind = V_FN, .fn = read_timeout },
};
static const struct schema test_schema = { test_fields, ARRAY_LEN(test_fields), 0 };

static void read_tests(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_target *t = obj;
	struct kv seen[MAX_FIELDS];

	(void)fd;
	if (v->type != YAML_SEQUENCE_NODE) {
		type_error(f, v, "a list", "'test'");
		return;
	}
	for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++) {
		yaml_node_t *item = node_at(f, *i);
		char *what = xasprintf("test %zu of target '%s'", t->ntests + 1, t->name);
		struct mf_test *x;

		t->tests = xrealloc(t->tests, (t->ntests + 1) * sizeof(*t->tests));
		x = memset(&t->tests[t->ntests++], 0, sizeof(*x));
		x->pos = node_pos(f, item);
		x->timeout = TEST_TIMEOUT;
		walk_fields(f, item, &test_schema, what, &x->pos, x, seen);
		free(what);
	}
}

/* one entry of "include:" */
static void include_one(struct yfile *f, const yaml_node_t *n)
{
	const struct strv *dirs = f->ld->searchdirs;
	struct buf searched = BUF_INIT;
	struct pos at = node_pos(f, n);
	char *name, *joined, *abs = NULL, *shown = NULL;

	if (get_str(f, n, "'include'", 0, &name) < 0 || !(name = expand(f, n, "'include'", name)))
		return;
	buf_printf(&searched, "'%s'", f->shown_dir);
	for (size_t i = 0; !abs && i <= (dirs ? dirs->n : 0); i++) {
		joined = path_join(i == 0 ? f->dir : dirs->v[i - 1], name);
		if (i > 0)
			buf_printf(&searched, ", '%s'", dirs->v[i - 1]);
		if (fs_is_file(joined)) {
			abs = path_abs(joined);
			shown = i == 0 ? shown_path(f, name) : xstrdup(joined);
		}
		free(joined);
	}
	if (abs)
		load_file(f->ld, abs, shown, 1, &at);
	else if (path_is_abs(name))
		report(f, n, "include '%s' not found", name);
	else
		report(f, n, "include '%s' not found; searched %s", name, buf_str(&searched));
	buf_release(&searched);
	free(name);
	free(abs);
	free(shown);
}

static void read_include(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	(void)fd, (void)obj;
	if (v->type == YAML_SCALAR_NODE) {
		include_one(f, v);
		return;
	}
	if (v->type != YAML_SEQUENCE_NODE) {
		type_error(f, v, "a string or a list of strings", "'include'");
		return;
	}
	for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++)
		include_one(f, node_at(f, *i));
}

/* one named definition of a section */
static void read_definition(struct yfile *f, const struct kv *p, const struct section *sec)
{
	struct manifest *m = f->ld->m;
	struct pos pos = node_pos(f, p->key);
	const struct pos *first;
	struct kv seen[MAX_FIELDS];
	char *label = xasprintf("a %s", sec->noun), *name, *what;
	void *obj;

	if (get_str(f, p->key, label, 0, &name) < 0)
		name = xstrndup(text(p->key), text_len(p->key));
	else
		check_pattern(f, p->key, sec->pat, label, name);
	first = sec->find(m, name);
	if (first && report(f, p->key, "%s '%s' is already defined", sec->noun, name))
		note_at(first, "%s '%s' first defined here", sec->noun, name);
	what = xasprintf("%s '%s'", sec->noun, name);
	obj = sec->add(m, name, pos);
	walk_fields(f, p->val, sec->schema, what, &pos, obj, seen);
	if (sec->finish)
		sec->finish(f, obj, seen, what);
	if (first)
		sec->drop(m);
	free(what);
	free(label);
}

static void read_section_field(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct kvs kv = { NULL, 0, 0 };
	char *label = xasprintf("'%s'", fd->key);

	(void)obj;
	if (flatten(f, v, label, &kv) == 0)
		for (size_t i = 0; i < kv.n; i++)
			read_definition(f, &kv.v[i], fd->sec);
	free(kv.v);
	free(label);
}

/* definitions */

static void toolchain_release(struct mf_toolchain *t)
{
	free(t->name);
	free(t->prefix);
	free(t->bindir);
	free(t->goroot);
	free(t->sysroot);
	strv_release(&t->cflags);
	strv_release(&t->ldflags);
}

static void board_release(struct mf_board *b)
{
	free(b->name);
	free(b->goarch);
	free(b->gomips);
	free(b->cpu);
	free(b->toolchain);
	free(b->soc);
	free(b->core);
	free(b->endian);
}

static void dep_release(struct mf_dep *d)
{
	free(d->importpath);
	free(d->path);
	free(d->git);
	free(d->rev);
	free(d->subdir);
	strv_release(&d->patches);
	free(d->patch_pos);
}

static void target_release(struct mf_target *t)
{
	free(t->name);
	free(t->main);
	strv_release(&t->boards);
	free(t->board_pos);
	strv_release(&t->toolchains);
	free(t->toolchain_pos);
	strv_release(&t->defines);
	strv_release(&t->stamps);
	for (size_t i = 0; i < t->ntests; i++) {
		strv_release(&t->tests[i].args);
		free(t->tests[i].expect);
		free(t->tests[i].expect_stderr);
	}
	free(t->tests);
}

static const struct pos *find_toolchain(const struct manifest *m, const char *name)
{
	const struct mf_toolchain *t = manifest_toolchain(m, name);

	return t ? &t->pos : NULL;
}

static void *add_toolchain(struct manifest *m, char *name, struct pos pos)
{
	struct mf_toolchain *t;

	m->toolchains = xrealloc(m->toolchains, (m->ntoolchains + 1) * sizeof(*t));
	t = memset(&m->toolchains[m->ntoolchains++], 0, sizeof(*t));
	t->name = name;
	t->pos = pos;
	t->prefix = xstrdup("");
	return t;
}

static void drop_toolchain(struct manifest *m)
{
	toolchain_release(&m->toolchains[--m->ntoolchains]);
}

/* gccgo-only and gc-only keys; gc's goroot defaults to "auto" */
static void finish_toolchain(struct yfile *f, void *obj, const struct kv *seen, const char *what)
{
	struct mf_toolchain *t = obj;
	const struct kv *c = seen_key(seen, "compiler");
	const char *other = t->compiler == COMPILER_GC ? "prefix" : "goroot";
	const struct kv *wrong = seen_key(seen, other);

	if (!c || !text_is(c->val, compiler_name(t->compiler)))
		return;
	if (wrong)
		report(f, wrong->key, "'%s' is only for %s toolchains; %s uses %s", other,
		       compiler_name(t->compiler == COMPILER_GC ? COMPILER_GCCGO : COMPILER_GC),
		       what, compiler_name(t->compiler));
	if (t->compiler == COMPILER_GC && !t->goroot)
		t->goroot = xstrdup("auto");
}

static const struct pos *find_board(const struct manifest *m, const char *name)
{
	const struct mf_board *b = manifest_board(m, name);

	return b ? &b->pos : NULL;
}

static void *add_board(struct manifest *m, char *name, struct pos pos)
{
	struct mf_board *b;

	m->boards = xrealloc(m->boards, (m->nboards + 1) * sizeof(*b));
	b = memset(&m->boards[m->nboards++], 0, sizeof(*b));
	b->name = name;
	b->pos = pos;
	b->gomips = xstrdup("hardfloat");
	b->fpu = -1;
	return b;
}

static void drop_board(struct manifest *m)
{
	board_release(&m->boards[--m->nboards]);
}

/* the byte order a GOARCH has: "big" or "little" */
static const char *goarch_endian(const char *goarch)
{
	return str_has_suffix(goarch, "le") ? "little" : "big";
}

/* endian, when given, agrees with goarch */
static void finish_board(struct yfile *f, void *obj, const struct kv *seen, const char *what)
{
	struct mf_board *b = obj;
	const struct kv *e = seen_key(seen, "endian");
	const char *want;

	if (!b->goarch || !b->endian || !e)
		return;
	want = goarch_endian(b->goarch);
	if (strcmp(b->endian, want) != 0)
		report(f, e->val, "%s is '%s' endian, but goarch '%s' is %s endian; expected "
		       "'endian: %s', or a goarch for %s endian", what, b->endian, b->goarch, want, want,
		       b->endian);
}

static const struct pos *find_dep(const struct manifest *m, const char *name)
{
	for (size_t i = 0; i < m->ndeps; i++)
		if (!strcmp(m->deps[i].importpath, name))
			return &m->deps[i].pos;
	return NULL;
}

static void *add_dep(struct manifest *m, char *name, struct pos pos)
{
	struct mf_dep *d;

	m->deps = xrealloc(m->deps, (m->ndeps + 1) * sizeof(*d));
	d = memset(&m->deps[m->ndeps++], 0, sizeof(*d));
	d->importpath = name;
	d->pos = pos;
	return d;
}

static void drop_dep(struct manifest *m)
{
	dep_release(&m->deps[--m->ndeps]);
}

/* 1 when a comes after b in a file */
static int pos_after(const yaml_node_t *a, const yaml_node_t *b)
{
	return a->start_mark.index > b->start_mark.index;
}

/* exactly one of path and git; rev with git; git-only keys */
static void finish_dep(struct yfile *f, void *obj, const struct kv *seen, const char *what)
{
	static const char *const git_only[] = { "rev", "subdir", "patches" };
	struct mf_dep *d = obj;
	const struct kv *path = seen_key(seen, "path"), *git = seen_key(seen, "git");

	if (path && git) {
		const yaml_node_t *later = pos_after(path->key, git->key) ? path->key : git->key;

		report(f, later, "%s has both 'path' and 'git'; expected one of them", what);
	} else if (!path && !git) {
		report_pos(f->ld, &d->pos, "missing 'path' or 'git' in %s", what);
	} else if (git && !seen_key(seen, "rev")) {
		report_pos(f->ld, &d->pos, "missing required key 'rev' in %s; "
			   "expected the tag, branch or commit to build", what);
	}
	for (size_t i = 0; path && !git && i < ARRAY_LEN(git_only); i++) {
		const struct kv *k = seen_key(seen, git_only[i]);

		if (k)
			report(f, k->key, "'%s' is only for 'git' dependencies; %s has a 'path'",
			       git_only[i], what);
	}
}

static const struct pos *find_target(const struct manifest *m, const char *name)
{
	const struct mf_target *t = manifest_target(m, name);

	return t ? &t->pos : NULL;
}

static void *add_target(struct manifest *m, char *name, struct pos pos)
{
	struct mf_target *t;

	m->targets = xrealloc(m->targets, (m->ntargets + 1) * sizeof(*t));
	t = memset(&m->targets[m->ntargets++], 0, sizeof(*t));
	t->name = name;
	t->pos = pos;
	t->link = LINK_STATIC;
	return t;
}

static void drop_target(struct manifest *m)
{
	target_release(&m->targets[--m->ntargets]);
}

/* the schema */

#define TC(m) offsetof(struct mf_toolchain, m)
static const struct field toolchain_fields[] = {
	{ .key = "compiler", .kind = V_FN, .fn = read_compiler, .flags = F_REQUIRED },
	{ .key = "prefix", .kind = V_STR, .off = TC(prefix), .flags = F_EMPTY_OK, .pat = PAT_PREFIX },
	{ .key = "bindir", .kind = V_PATH, .off = TC(bindir) },
	{ .key = "goroot", .kind = V_FN, .fn = read_goroot },
	{ .key = "sysroot", .kind = V_PATH, .off = TC(sysroot) },
	{ .key = "cflags", .kind = V_STRV, .off = TC(cflags), .flags = F_EXPAND },
	{ .key = "ldflags", .kind = V_STRV, .off = TC(ldflags), .flags = F_EXPAND },
};
static const struct schema toolchain_schema = { toolchain_fields, ARRAY_LEN(toolchain_fields), 0 };

#define BOARD(m) offsetof(struct mf_board, m)
static const struct field board_fields[] = {
	{ .key = "goarch", .kind = V_STR, .off = BOARD(goarch), .flags = F_REQUIRED,
	  .choices = goarch_names },
	{ .key = "gomips", .kind = V_STR, .off = BOARD(gomips), .choices = gomips_names },
	{ .key = "endian", .kind = V_STR, .off = BOARD(endian), .choices = endian_names },
	{ .key = "soc", .kind = V_STR, .off = BOARD(soc) },
	{ .key = "core", .kind = V_STR, .off = BOARD(core) },
	{ .key = "cpu", .kind = V_STR, .off = BOARD(cpu), .pat = PAT_CPU },
	{ .key = "fpu", .kind = V_BOOL, .off = BOARD(fpu) },
	{ .key = "fpu_emulation", .kind = V_FN, .fn = read_fpu_emulation },
	{ .key = "flash", .kind = V_SIZE, .off = BOARD(flash),
	  .pos_off = POS_AT(struct mf_board, flash_pos) },
	{ .key = "ram", .kind = V_SIZE, .off = BOARD(ram) },
	{ .key = "tmpfs", .kind = V_SIZE, .off = BOARD(tmpfs),
	  .pos_off = POS_AT(struct mf_board, tmpfs_pos) },
	{ .key = "size_warn", .kind = V_FN, .fn = read_size_warn },
	{ .key = "toolchain", .kind = V_STR, .off = BOARD(toolchain),
	  .pos_off = POS_AT(struct mf_board, toolchain_pos) },
};
static const struct schema board_schema = { board_fields, ARRAY_LEN(board_fields), 0 };

#define DEP(m) offsetof(struct mf_dep, m)
static const struct field dep_fields[] = {
	{ .key = "path", .kind = V_PATH, .off = DEP(path), .flags = F_DIR },
	{ .key = "git", .kind = V_STR, .off = DEP(git) },
	{ .key = "rev", .kind = V_STR, .off = DEP(rev) },
	{ .key = "subdir", .kind = V_FN, .fn = read_subdir },
	{ .key = "patches", .kind = V_PATHV, .off = DEP(patches), .flags = F_FILE,
	  .pos_off = POS_AT(struct mf_dep, patch_pos) },
};
static const struct schema dep_schema = { dep_fields, ARRAY_LEN(dep_fields), 0 };

/* define: a mapping of Go string variables to the values the linker sets (-X) */
static void read_defines(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	struct mf_target *t = obj;

	(void)fd;
	if (v->type != YAML_MAPPING_NODE) {
		type_error(f, v, "a mapping", "'define'");
		return;
	}
	for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node_at(f, p->key), *val = node_at(f, p->value);
		char *name = NULL, *value = NULL;

		if (get_str(f, k, "a 'define' name", 0, &name) == 0 &&
		    check_pattern(f, k, PAT_GOVAR, "'define'", name) == 0 &&
		    get_str(f, val, "a 'define' value", F_EMPTY_OK, &value) == 0)
			strv_pushf(&t->defines, "%s=%s", name, value);
		free(name);
		free(value);
	}
}

/* stamp: a mapping of Go string variables to what a release sets them to */
static void read_stamps(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj)
{
	static const char *const whats[] = { "version", "commit", "date", NULL };
	struct mf_target *t = obj;

	(void)fd;
	if (v->type != YAML_MAPPING_NODE) {
		type_error(f, v, "a mapping", "'stamp'");
		return;
	}
	for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node_at(f, p->key), *val = node_at(f, p->value);
		char *name = NULL, *label;
		int what;

		if (get_str(f, k, "a 'stamp' name", 0, &name) < 0 ||
		    check_pattern(f, k, PAT_GOVAR, "'stamp'", name) < 0) {
			free(name);
			continue;
		}
		label = xasprintf("'%s' in 'stamp'", name);
		if ((what = get_choice(f, val, label, whats)) >= 0)
			strv_pushf(&t->stamps, "%s=%s", name, whats[what]);
		free(label);
		free(name);
	}
}

#define TARGET(m) offsetof(struct mf_target, m)
static const struct field target_fields[] = {
	{ .key = "main", .kind = V_FN, .fn = read_main, .flags = F_REQUIRED,
	  .pos_off = POS_AT(struct mf_target, main_pos) },
	{ .key = "boards", .kind = V_STRV, .off = TARGET(boards), .flags = F_REQUIRED | F_NONEMPTY,
	  .pos_off = POS_AT(struct mf_target, board_pos) },
	{ .key = "toolchains", .kind = V_STRV, .off = TARGET(toolchains), .flags = F_NONEMPTY,
	  .pos_off = POS_AT(struct mf_target, toolchain_pos) },
	{ .key = "link", .kind = V_FN, .fn = read_link },
	{ .key = "strip", .kind = V_BOOL, .off = TARGET(strip) },
	{ .key = "persist", .kind = V_BOOL, .off = TARGET(persist) },
	{ .key = "define", .kind = V_FN, .fn = read_defines },
	{ .key = "stamp", .kind = V_FN, .fn = read_stamps },
	{ .key = "test", .kind = V_FN, .fn = read_tests },
};
static const struct schema target_schema = { target_fields, ARRAY_LEN(target_fields), 0 };

static const struct section toolchain_section = {
	"toolchain", PAT_NAME, &toolchain_schema, find_toolchain, add_toolchain, finish_toolchain,
	drop_toolchain,
};
static const struct section board_section = {
	"board", PAT_NAME, &board_schema, find_board, add_board, finish_board, drop_board,
};
static const struct section dep_section = {
	"dependency", PAT_IMPORT, &dep_schema, find_dep, add_dep, finish_dep, drop_dep,
};
static const struct section target_section = {
	"target", PAT_NAME, &target_schema, find_target, add_target, NULL, drop_target,
};

#define MF(m) offsetof(struct manifest, m)
static const struct field top_fields[] = {
	{ .key = "mipsbake", .kind = V_FN, .fn = read_nothing },
	{ .key = "module", .kind = V_STR, .off = MF(module), .flags = F_MAIN_ONLY, .pat = PAT_IMPORT,
	  .pos_off = POS_AT(struct manifest, module_pos) },
	{ .key = "version", .kind = V_STR, .off = MF(version), .flags = F_MAIN_ONLY },
	{ .key = "size_warn", .kind = V_FN, .fn = read_size_warn_top, .flags = F_MAIN_ONLY },
	{ .key = "include", .kind = V_FN, .fn = read_include },
	{ .key = "toolchains", .kind = V_FN, .fn = read_section_field, .sec = &toolchain_section },
	{ .key = "boards", .kind = V_FN, .fn = read_section_field, .sec = &board_section },
	{ .key = "dependencies", .kind = V_FN, .fn = read_section_field, .sec = &dep_section },
	{ .key = "targets", .kind = V_FN, .fn = read_section_field, .sec = &target_section },
};
static const struct schema top_schema = { top_fields, ARRAY_LEN(top_fields), 1 };

/* files */

/* check "mipsbake:" (required in the main manifest); -1 when the rest must not be read */
static int check_schema_version(struct yfile *f, yaml_node_t *root)
{
	struct kvs kv = { NULL, 0, 0 };
	struct pos pos = node_pos(f, root);
	const struct kv *v = NULL;
	long n = 1;
	int rc = 0;

	if (flatten(f, root, "the manifest", &kv) < 0)
		return -1;
	for (size_t i = 0; i < kv.n; i++)
		if (text_is(kv.v[i].key, "mipsbake"))
			v = &kv.v[i];
	if (!v && !f->fragment)
		report_pos(f->ld, &pos, "missing required key 'mipsbake' in the manifest; "
			   "expected 'mipsbake: 1'");
	if (v && get_int(f, v->val, "'mipsbake'", &n) < 0)
		rc = -1;
	else if (n != 1)
		rc = error_at_node(f, v->val, "unsupported manifest version %s; expected 'mipsbake: 1'",
				   text(v->val));
	free(kv.v);
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
	struct pos pos = { f->shown, (int)p->problem_mark.line + 1, (int)p->problem_mark.column + 1 };
	struct pos ctx = { f->shown, (int)p->context_mark.line + 1, (int)p->context_mark.column + 1 };
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
	if (report_pos(f->ld, &pos, "%s", buf_str(&b)) && p->context &&
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
	pos.file = f->shown;
	pos.line = (int)next.start_mark.line + 1;
	pos.col = (int)next.start_mark.column + 1;
	if (yaml_document_get_root_node(&next))
		report_pos(f->ld, &pos, "expected one YAML document, found a second one");
	yaml_document_delete(&next);
}

static void read_document(struct yfile *f, yaml_parser_t *p, const struct buf *text)
{
	yaml_node_t *root = yaml_document_get_root_node(&f->doc);
	struct pos pos = { f->shown, 1, 1 };
	struct kv seen[MAX_FIELDS];

	if (!root) {
		report_pos(f->ld, &pos, "empty %s; expected a mapping%s",
			   f->fragment ? "include" : "manifest",
			   f->fragment ? "" : " starting with 'mipsbake: 1'");
		return;
	}
	f->merged = xcalloc((size_t)(f->doc.nodes.top - f->doc.nodes.start), 1);
	pos = node_pos(f, root);
	if (check_schema_version(f, root) == 0)
		walk_fields(f, root, &top_schema, "the manifest", &pos, f->ld->m, seen);
	free(f->merged);
	f->merged = NULL;
	check_one_document(f, p, text);
}

static void read_yaml_file(struct yfile *f)
{
	struct buf text = BUF_INIT;
	yaml_parser_t parser;

	if (fs_read_file(f->shown, &text) < 0)
		return;
	f->text = &text;
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
}

/* "include cycle: a -> b -> a", from where the chain first holds the file again */
static void include_cycle(struct loader *ld, size_t first, const struct pos *at)
{
	struct buf b = BUF_INIT;

	for (size_t i = first; i < ld->chain_shown.n; i++)
		buf_printf(&b, "%s -> ", ld->chain_shown.v[i]);
	buf_puts(&b, ld->chain_shown.v[first]);
	report_pos(ld, at, "include cycle: %s", buf_str(&b));
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

/* references between definitions */

static void unknown_ref(struct loader *ld, const struct pos *at, const char *noun,
			const char *name, const char *what, const struct strv *known)
{
	const char *const *v = (const char *const *)known->v;
	const char *best = closest(name, v, known->n);
	struct buf b = BUF_INIT;

	if (best)
		buf_printf(&b, "did you mean '%s'?", best);
	else if (known->n == 0)
		buf_printf(&b, "no %ss are defined", noun);
	else {
		buf_puts(&b, "expected ");
		put_choices(&b, v, known->n);
	}
	report_pos(ld, at, "unknown %s '%s' in %s; %s", noun, name, what, buf_str(&b));
	buf_release(&b);
}

/* a name listed twice in a target's boards or toolchains */
static int listed_twice(struct loader *ld, const struct strv *names, const struct pos *posv,
			size_t i, const char *noun, const char *what)
{
	for (size_t j = 0; j < i; j++) {
		if (strcmp(names->v[j], names->v[i]))
			continue;
		if (report_pos(ld, &posv[i], "%s '%s' is listed twice in %s", noun, names->v[i], what))
			note_at(&posv[j], "first listed here");
		return 1;
	}
	return 0;
}

static void check_target_boards(struct loader *ld, const struct mf_target *t, const char *what,
				const struct strv *names)
{
	for (size_t i = 0; i < t->boards.n; i++) {
		const struct mf_board *b = manifest_board(ld->m, t->boards.v[i]);

		if (listed_twice(ld, &t->boards, t->board_pos, i, "board", what))
			continue;
		if (!b)
			unknown_ref(ld, &t->board_pos[i], "board", t->boards.v[i], what, names);
		else if (!b->toolchain && !t->toolchains.n &&
			 report_pos(ld, &t->board_pos[i], "board '%s' has no 'toolchain' and %s names "
				    "no 'toolchains'; expected one of them", b->name, what))
			note_at(&b->pos, "board '%s' is defined here", b->name);
	}
}

static void check_refs(struct loader *ld)
{
	struct manifest *m = ld->m;
	struct strv tcs = STRV_INIT, boards = STRV_INIT;

	for (size_t i = 0; i < m->ntoolchains; i++)
		strv_push(&tcs, m->toolchains[i].name);
	for (size_t i = 0; i < m->nboards; i++)
		strv_push(&boards, m->boards[i].name);
	for (size_t i = 0; i < m->nboards; i++) {
		const struct mf_board *b = &m->boards[i];
		char *what = xasprintf("board '%s'", b->name);

		if (b->toolchain && !manifest_toolchain(m, b->toolchain))
			unknown_ref(ld, &b->toolchain_pos, "toolchain", b->toolchain, what, &tcs);
		free(what);
	}
	for (size_t i = 0; i < m->ntargets; i++) {
		const struct mf_target *t = &m->targets[i];
		char *what = xasprintf("target '%s'", t->name);

		check_target_boards(ld, t, what, &boards);
		for (size_t j = 0; j < t->toolchains.n; j++)
			if (!listed_twice(ld, &t->toolchains, t->toolchain_pos, j, "toolchain", what) &&
			    !manifest_toolchain(m, t->toolchains.v[j]))
				unknown_ref(ld, &t->toolchain_pos[j], "toolchain", t->toolchains.v[j],
					    what, &tcs);
		free(what);
	}
	strv_release(&tcs);
	strv_release(&boards);
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
	for (int i = PAT_NONE + 1; i < PAT_COUNT; i++) {
		PCRE2_SIZE off;
		int code;

		ld->re[i] = pcre2_compile((PCRE2_SPTR)patterns[i].re, PCRE2_ZERO_TERMINATED,
					  PCRE2_DOLLAR_ENDONLY, &code, &off, NULL);
		if (!ld->re[i])
			die("internal error: pattern %d does not compile", i);
	}
	ld->md = pcre2_match_data_create(4, NULL);
	if (!ld->md)
		die("out of memory");
}

static void loader_release(struct loader *ld)
{
	for (int i = 0; i < PAT_COUNT; i++)
		pcre2_code_free(ld->re[i]);
	pcre2_match_data_free(ld->md);
	strv_release(&ld->chain);
	strv_release(&ld->chain_shown);
	strv_release(&ld->reported);
}

int manifest_load(const char *path, const struct strv *searchdirs, struct manifest *m)
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
	load_file(&ld, abs, path, 0, NULL);
	check_refs(&ld);
	uniq_env(&m->env);
	loader_release(&ld);
	free(abs);
	if (error_count == errors)
		return 0;
	manifest_release(m);
	return -1;
}

void manifest_release(struct manifest *m)
{
	for (size_t i = 0; i < m->ntoolchains; i++)
		toolchain_release(&m->toolchains[i]);
	for (size_t i = 0; i < m->nboards; i++)
		board_release(&m->boards[i]);
	for (size_t i = 0; i < m->ndeps; i++)
		dep_release(&m->deps[i]);
	for (size_t i = 0; i < m->ntargets; i++)
		target_release(&m->targets[i]);
	free(m->toolchains);
	free(m->boards);
	free(m->deps);
	free(m->targets);
	free(m->path);
	free(m->dir);
	free(m->module);
	free(m->version);
	strv_release(&m->files);
	strv_release(&m->abs_files);
	strv_release(&m->env);
	memset(m, 0, sizeof(*m));
}

const struct mf_toolchain *manifest_toolchain(const struct manifest *m, const char *name)
{
	for (size_t i = 0; i < m->ntoolchains; i++)
		if (!strcmp(m->toolchains[i].name, name))
			return &m->toolchains[i];
	return NULL;
}

const struct mf_board *manifest_board(const struct manifest *m, const char *name)
{
	for (size_t i = 0; i < m->nboards; i++)
		if (!strcmp(m->boards[i].name, name))
			return &m->boards[i];
	return NULL;
}

const struct mf_target *manifest_target(const struct manifest *m, const char *name)
{
	for (size_t i = 0; i < m->ntargets; i++)
		if (!strcmp(m->targets[i].name, name))
			return &m->targets[i];
	return NULL;
}

const char *compiler_name(enum compiler c)
{
	return c == COMPILER_GC ? "gc" : "gccgo";
}

const char *link_mode_name(enum link_mode l)
{
	return link_names[l];
}
