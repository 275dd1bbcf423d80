/* values.c: the manifest's typed values: strings, patterns, choices, sizes, paths, regexes */
#define _POSIX_C_SOURCE 200809L

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/os.h"
#include "manifest/expand.h"
#include "manifest/loader.h"
#include "lib/banned.h"

/* each pattern and what a value that fails it is told to be */

static const struct {
	const char *re;
	const char *expected;
} patterns[PAT_COUNT] = {
	[PAT_NAME] = { "^[A-Za-z0-9][A-Za-z0-9._-]*$",
		"letters, digits, '.', '_' and '-', starting with a letter or digit" },
	[PAT_IMPORT] = { "^[A-Za-z0-9_~+][A-Za-z0-9_.~+-]*(/[A-Za-z0-9_.~+-]+)*$",
		"an import path such as 'example.com/minion', without '.' or '..' elements" },
	[PAT_SIZE] = { "^([0-9]+)(B|KiB|MiB|GiB|kB|MB|GB)?$",
		"a size such as 8MiB, 512KiB or 16777216" },
	[PAT_PREFIX] = { "^[A-Za-z0-9._+-]*$",
		"a tool prefix such as 'mipsel-linux-gnu-' (letters, digits, '.', '_', '+' and '-')" },
	[PAT_CPU] = { "^[A-Za-z0-9][A-Za-z0-9._+-]*$",
		"a qemu cpu model such as '24KEc' (letters, digits, '.', '_', '+' and '-', starting "
		"with a letter or digit)" },
	[PAT_NULL] = { "^(~|null|Null|NULL)?$", NULL },
	[PAT_BOOL] = { "^(true|True|TRUE|false|False|FALSE)$", NULL },
	[PAT_INT] = { "^[-+]?[0-9]+$", NULL },
	[PAT_NUMBER] = { "^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"
		"|^[-+]?\\.(inf|Inf|INF)$|^\\.(nan|NaN|NAN)$", NULL },
	[PAT_GOVAR] = { "^[A-Za-z0-9_~+][A-Za-z0-9_.~+-]*(/[A-Za-z0-9_.~+-]+)*\\.[A-Za-z_][A-Za-z0-9_]*$",
		"a Go variable such as 'main.version' or 'example.com/x/build.Commit'" },
	/* the characters a release allows in the version it puts into file names */
	[PAT_VERSION] = { "^[A-Za-z0-9][A-Za-z0-9._+-]*$",
		"'git' or a version such as 'v1.2.3' (letters, digits, '.', '_', '+' and '-', "
		"starting with a letter or digit)" },
	/* a build tag as //go:build lines spell one (go/build/constraint's isValidTag) */
	[PAT_TAG] = { "^[A-Za-z0-9_.]+$", "a build tag such as 'netgo' (letters, digits, '_' and '.')" },
};

void mf_patterns_init(struct loader *ld)
{
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

void mf_patterns_release(struct loader *ld)
{
	for (int i = 0; i < PAT_COUNT; i++)
		pcre2_code_free(ld->re[i]);
	pcre2_match_data_free(ld->md);
}

int mf_matches(struct loader *ld, enum pat p, const char *s, size_t len)
{
	return pcre2_match(ld->re[p], (PCRE2_SPTR)s, len, 0, 0, ld->md, NULL) >= 0;
}

/* what a node holds, as YAML's core schema resolves plain scalars */

enum vtype mf_type_of(struct loader *ld, const yaml_node_t *n)
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
		if (mf_matches(ld, pats[i], text(n), text_len(n)))
			return types[i];
	return T_STRING;
}

/* how n is named in "expected X, found Y" */
static char *describe(struct loader *ld, const yaml_node_t *n)
{
	enum vtype t = mf_type_of(ld, n);
	struct buf b = BUF_INIT;

	switch (t) {
	case T_MAPPING:
		return xstrdup("a mapping");
	case T_LIST:
		return xstrdup("a list");
	case T_NULL:
		return xstrdup(text_len(n) ? "null" : "an empty value");
	case T_BOOL:
		buf_puts(&b, "the boolean '");
		break;
	case T_INT:
		buf_puts(&b, "the integer ");
		break;
	case T_NUMBER:
		buf_puts(&b, "the number ");
		break;
	case T_STRING:
		buf_puts(&b, "the string '");
		break;
	}
	buf_add_printable(&b, text(n), text_len(n), SHOW_MAX);
	if (t == T_BOOL || t == T_STRING)
		buf_putc(&b, '\'');
	return buf_detach(&b);
}

/* report at node at that n is not what label needs; returns -1 */
int mf_type_error_at(struct yfile *f, const yaml_node_t *at, const yaml_node_t *n,
			 const char *expected, const char *label)
{
	char *found = describe(f->ld, n);

	mf_report(f, at, "expected %s for %s, found %s", expected, label, found);
	free(found);
	return -1;
}

/* report that n is not what label needs; returns -1 */
int mf_type_error(struct yfile *f, const yaml_node_t *n, const char *expected,
		      const char *label)
{
	return mf_type_error_at(f, n, n, expected, label);
}

/* typed values: each reads node n for label ("'cpu'"), returns 0, or -1 after reporting */

int mf_get_str(struct yfile *f, const yaml_node_t *n, const char *label, unsigned flags,
		   char **out)
{
	const char *s;

	if (n->type != YAML_SCALAR_NODE || mf_type_of(f->ld, n) == T_NULL)
		return mf_type_error(f, n, "a string", label);
	s = text(n);
	for (size_t i = 0; i < text_len(n); i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			return mf_error_at_node(f, n, "control character 0x%02x in %s; "
					     "expected printable text", c, label);
	}
	if (!text_len(n) && !(flags & F_EMPTY_OK))
		return mf_error_at_node(f, n, "empty string for %s; expected a value", label);
	*out = xstrndup(s, text_len(n));
	return 0;
}

int mf_get_bool(struct yfile *f, const yaml_node_t *n, const char *label, int *out)
{
	if (mf_type_of(f->ld, n) != T_BOOL)
		return mf_type_error(f, n, "a boolean (true or false)", label);
	*out = text(n)[0] == 't' || text(n)[0] == 'T';
	return 0;
}

/* an integer; one beyond a long's range reads as LONG_MIN or LONG_MAX */
int mf_get_int(struct yfile *f, const yaml_node_t *n, const char *label, long *out)
{
	if (mf_type_of(f->ld, n) != T_INT)
		return mf_type_error(f, n, "an integer", label);
	*out = strtol(text(n), NULL, 10);
	return 0;
}

/* 1 when no element of s (split at '/') is "", "." or ".." */
int mf_elements_ok(const char *s)
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

/* check s, read from n, against pattern p */
int mf_check_pattern(struct yfile *f, const yaml_node_t *n, enum pat p, const char *label,
			 const char *s)
{
	const char *noun = p == PAT_IMPORT ? "import path" : p == PAT_NAME ? "name" : "value";
	char *shown;

	if (p == PAT_NONE)
		return 0;
	if (mf_matches(f->ld, p, s, strlen(s)) && (p != PAT_IMPORT || mf_elements_ok(s)))
		return 0;
	shown = mf_shown_str(s);
	mf_error_at_node(f, n, "bad %s '%s' for %s; expected %s", noun, shown, label,
			 patterns[p].expected);
	free(shown);
	return -1;
}

/* the index of n's value in choices (NULL-terminated) */
int mf_get_choice(struct yfile *f, const yaml_node_t *n, const char *label,
		      const char *const *choices)
{
	struct buf b = BUF_INIT;
	size_t count = 0;
	char *s;

	if (mf_get_str(f, n, label, 0, &s) < 0)
		return -1;
	for (; choices[count]; count++) {
		if (!strcmp(s, choices[count])) {
			free(s);
			return (int)count;
		}
	}
	mf_put_choices(&b, choices, count);
	free(s);
	s = mf_shown(n);
	mf_report(f, n, "bad value '%s' for %s; expected %s", s, label, buf_str(&b));
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

int mf_get_size(struct yfile *f, const yaml_node_t *n, const char *label, uint64_t *out)
{
	char *s;
	int rc;

	if (n->type != YAML_SCALAR_NODE || mf_type_of(f->ld, n) == T_NULL)
		return mf_type_error(f, n, "a size", label);
	if (mf_get_str(f, n, label, 0, &s) < 0)
		return -1;
	rc = parse_size(f->ld, s, out);
	if (rc == -1)
		mf_report(f, n, "bad size '%s' for %s; expected %s", s, label,
		       patterns[PAT_SIZE].expected);
	else if (rc == -2)
		mf_report(f, n, "size '%s' for %s is too large; expected at most %ju bytes", s, label,
		       (uintmax_t)UINT64_MAX);
	else if (*out == 0)
		rc = mf_error_at_node(f, n, "size 0 for %s; expected a size greater than zero", label);
	free(s);
	return rc < 0 ? -1 : 0;
}

/* how path s of file f is shown in messages: relative to where mipsbake runs when f is */
char *mf_shown_path(const struct yfile *f, const char *s)
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
	shown = mf_shown_path(f, s);
	if (fs_exists(abs))
		mf_report(f, n, "'%s' is not a %s", shown, kind);
	else
		mf_report(f, n, "%s '%s' does not exist", kind, shown);
	free(shown);
	return -1;
}

/* the position of byte off of node n's text as written in the file */
static struct pos raw_pos(const struct yfile *f, const yaml_node_t *n, size_t off)
{
	struct pos p = mf_node_pos(f, n);
	const char *raw = f->text->data + mf_mark_offset(f, &n->start_mark);

	for (size_t i = 0; i < off; i++) {
		if (raw[i] == '\n') {
			p.line++;
			p.col = 1;
		} else {
			p.col++;
		}
	}
	return p;
}

/* report why expanding node n (of label) failed, at the reference that failed */
static void expand_error(struct yfile *f, const yaml_node_t *n, const char *label,
			 enum expand_rc rc, const struct expand_err *e)
{
	size_t start = mf_mark_offset(f, &n->start_mark);
	const char *raw = f->text->data + start;
	size_t len = mf_mark_offset(f, &n->end_mark) - start;
	struct pos at = raw_pos(f, n, expand_find(raw, len, e->nth));

	if (rc == EXPAND_UNSET)
		mf_report_pos(f->ld, &at, "environment variable '%s' in %s is not set; set it, or write "
			   "'$$' for a literal '$'", e->name, label);
	else if (rc == EXPAND_CONTROL)
		mf_report_pos(f->ld, &at, "environment variable '%s' in %s holds control character "
			      "0x%02x; expected printable text", e->name, label, e->control);
	else if (rc == EXPAND_BAD_NAME)
		mf_report_pos(f->ld, &at, "bad variable name '%s' in %s; expected letters, digits and '_', "
			   "not starting with a digit", e->name, label);
	else
		mf_report_pos(f->ld, &at, "unterminated '${' in %s; expected '${NAME}', or '$$' for a "
			   "literal '$'", label);
}

/* s, read from n for label, with ${NAME} and $$ expanded; takes s; NULL after reporting */
char *mf_expand(struct yfile *f, const yaml_node_t *n, const char *label, char *s)
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
int mf_get_path(struct yfile *f, const yaml_node_t *n, const char *label, unsigned flags,
		    char **out)
{
	char *s, *joined;
	int rc;

	if (mf_get_str(f, n, label, 0, &s) < 0 || !(s = mf_expand(f, n, label, s)))
		return -1;
	if (!*s) {
		free(s);
		return mf_error_at_node(f, n, "empty path for %s after expanding variables", label);
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

/* a PCRE2 pattern (for 'expect' and 'stderr'), checked by compiling it; NULL after reporting */
char *mf_get_regex(struct yfile *f, const yaml_node_t *v, const char *key)
{
	char *label = xasprintf("'%s'", key);
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	pcre2_code *re = NULL;
	int code;
	char *s = NULL;

	if (mf_get_str(f, v, label, F_EMPTY_OK, &s) == 0)
		re = pcre2_compile((PCRE2_SPTR)s, strlen(s), 0, &code, &off, NULL);
	if (s && !re) {
		pcre2_get_error_message(code, msg, sizeof(msg));
		mf_report(f, v, "bad regular expression for %s: %s at offset %zu", label, (char *)msg,
		       (size_t)off);
		free(s);
		s = NULL;
	}
	pcre2_code_free(re);
	free(label);
	return s;
}

/* a percentage "N%" from 1% to 100%; -1 after reporting */
int mf_get_percent(struct yfile *f, const yaml_node_t *v, const char *label)
{
	const char *s;
	size_t len, digits;
	int n;

	if (mf_type_of(f->ld, v) != T_STRING || text_len(v) < 2 || text(v)[text_len(v) - 1] != '%')
		return mf_type_error(f, v, "a percentage such as '80%'", label);
	s = text(v);
	len = text_len(v);
	digits = strspn(s, "0123456789");
	n = digits == len - 1 && digits <= 3 ? atoi(s) : -1;
	if (n < 1 || n > 100)
		return mf_error_at_node(f, v, "bad percentage '%s' for %s; expected 1%% to 100%%, such as '80%%'",
				     s, label);
	return n;
}
