/* loader.h: the manifest loader's parts: the YAML walk (walk.c), the typed value readers
 * (values.c) and the schema of each section (schema.c) */
#ifndef MIPSBAKE_LOADER_H
#define MIPSBAKE_LOADER_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif

#include <stddef.h>
#include <string.h>

#include <pcre2.h>
#include <yaml.h>

#include "lib/map.h"
#include "lib/util.h"
#include "manifest/manifest.h"

/* the patterns values are checked against (PAT_NONE: none) */
enum pat {
	PAT_NONE, PAT_NAME, PAT_IMPORT, PAT_SIZE, PAT_PREFIX, PAT_CPU,
	PAT_NULL, PAT_BOOL, PAT_INT, PAT_NUMBER, PAT_GOVAR, PAT_VERSION, PAT_TAG, PAT_COUNT
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
	struct strmap reported;     /* errors printed so far, so that each is said once */
	size_t printed;             /* how many were printed */
	size_t held_back;           /* errors past ERRORS_SHOWN, counted and not printed */
	const struct buf *text;     /* the main manifest's text when given, not read from disk */
	struct strmap defined;      /* "noun\nname" of each definition -> its struct pos (owned) */
	pcre2_code *re[PAT_COUNT];
	pcre2_match_data *md;
};

/* the most errors one load prints; "and N more" follows */
#define ERRORS_SHOWN 50

/* one YAML file being read */
struct yfile {
	struct loader *ld;
	yaml_document_t doc;
	const char *shown;          /* the name in messages, owned by m->files */
	char *dir;                  /* absolute directory: the base of its relative paths */
	char *shown_dir;            /* that directory as shown in messages */
	int fragment;               /* an include rather than the main manifest */
	const struct buf *text;     /* the file's bytes, for positions inside a value */
	size_t *lines;              /* byte offset of each line's start, as libyaml counts lines */
	size_t nlines;
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
	struct strmap index;        /* key text (escaped, so NUL bytes count) -> index + 1 */
};
#define KVS_INIT { NULL, 0, 0, STRMAP_INIT }
/* free the pairs and the index */
void mf_kvs_release(struct kvs *kv);

/* how a field's value is read */
enum vkind { V_STR, V_PATH, V_STRV, V_PATHV, V_BOOL, V_SIZE, V_FN };

#define F_REQUIRED  1u   /* the mapping must have the key */
#define F_EMPTY_OK  2u   /* "" is a valid string (lists: a valid entry) */
#define F_NONEMPTY  4u   /* a list needs at least one entry */
#define F_MAIN_ONLY 8u   /* not allowed in an included file */
#define F_DIR      16u   /* a path that must be an existing directory */
#define F_FILE     32u   /* a path that must be an existing file */
#define F_EXPAND   64u   /* ${NAME} is expanded (paths always are) */
#define F_SHIPPED 128u   /* paths: "mipsbake:NAME" is kept as written (a file shipped with mipsbake) */

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
	/* append a definition with its defaults (taking name) and return it */
	void *(*add)(struct manifest *m, char *name, struct pos pos);
	/* checks across keys once every field is read; seen[i] is the pair of field i */
	void (*finish)(struct yfile *f, void *obj, const struct kv *seen, const char *what);
	/* free the last definition: a duplicate only checked */
	void (*drop)(struct manifest *m);
};

/* what a node holds, as YAML's core schema resolves plain scalars */
enum vtype { T_MAPPING, T_LIST, T_NULL, T_BOOL, T_INT, T_NUMBER, T_STRING };

/* scalars */
static inline const char *text(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

static inline size_t text_len(const yaml_node_t *n)
{
	return n->data.scalar.length;
}

/* 1 when n is a scalar whose text is s */
static inline int text_is(const yaml_node_t *n, const char *s)
{
	return n->type == YAML_SCALAR_NODE && text_len(n) == strlen(s) && !strcmp(text(n), s);
}

/* walk.c: diagnostics (each said once), merge keys, schema-driven reading, includes, files */
/* the most bytes of a key or value a message repeats */
#define ECHO_MAX 200
/* the scalar n for a message: control bytes escaped, cut after ECHO_MAX bytes (newly allocated) */
char *mf_shown(const yaml_node_t *n);
/* the same for string s */
char *mf_shown_str(const char *s);
/* the byte offset in f's text of mark m (libyaml counts characters, not bytes) */
size_t mf_mark_offset(const struct yfile *f, const yaml_mark_t *m);
/* the position of mark m: its line, and its column in bytes as compilers count them */
struct pos mf_mark_pos(const struct yfile *f, const yaml_mark_t *m);
/* the position of node n's start */
struct pos mf_node_pos(const struct yfile *f, const yaml_node_t *n);
/* report an error at p; 1 when printed (not said before) */
ATTR_PRINTF(3, 4) int mf_report_pos(struct loader *ld, const struct pos *p, const char *fmt,
					...);
/* report an error at node n of f; 1 when printed (not said before) */
ATTR_PRINTF(3, 4) int mf_report(struct yfile *f, const yaml_node_t *n, const char *fmt, ...);
/* report an error at node n of f (once); returns -1 */
ATTR_PRINTF(3, 4) int mf_error_at_node(struct yfile *f, const yaml_node_t *n, const char *fmt,
					   ...);
/* append "'a', 'b' or 'c'" */
void mf_put_choices(struct buf *b, const char *const *v, size_t n);
/* the candidate closest to word when close enough for "did you mean", else NULL */
const char *mf_closest(const char *word, const char *const *cands, size_t n);
yaml_node_t *mf_node_at(struct yfile *f, int i);
/* the pairs of mapping map (of what) with merge keys resolved; -1 when map is no mapping */
int mf_flatten(struct yfile *f, yaml_node_t *map, const char *what, struct kvs *out);
/*
 * Read mapping map (of what, defined at owner) into obj following schema s; seen[i] is set
 * to the pair of s->fields[i] (zero when absent). A missing required key is not reported
 * when an unknown key was taken for a misspelling of it.
 */
void mf_walk_fields(struct yfile *f, yaml_node_t *map, const struct schema *s,
			const char *what, const struct pos *owner, void *obj, struct kv *seen);
/* the pair of key in seen, NULL when absent */
const struct kv *mf_seen_key(const struct kv *seen, const char *key);
void mf_read_include(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj);
void mf_read_section(struct yfile *f, const struct field *fd, yaml_node_t *v, void *obj);

/* values.c: typed values; each reads node n for label ("'cpu'"), returns 0, or -1 after reporting */
void mf_patterns_init(struct loader *ld);
void mf_patterns_release(struct loader *ld);
int mf_matches(struct loader *ld, enum pat p, const char *s, size_t len);
enum vtype mf_type_of(struct loader *ld, const yaml_node_t *n);
/* report at node at that n is not what label needs; returns -1 */
int mf_type_error_at(struct yfile *f, const yaml_node_t *at, const yaml_node_t *n,
			 const char *expected, const char *label);
/* report that n is not what label needs; returns -1 */
int mf_type_error(struct yfile *f, const yaml_node_t *n, const char *expected,
		      const char *label);
int mf_get_str(struct yfile *f, const yaml_node_t *n, const char *label, unsigned flags,
		   char **out);
int mf_get_bool(struct yfile *f, const yaml_node_t *n, const char *label, int *out);
/* an integer; one beyond a long's range reads as LONG_MIN or LONG_MAX */
int mf_get_int(struct yfile *f, const yaml_node_t *n, const char *label, long *out);
/* 1 when no element of s (split at '/') is "", "." or ".." */
int mf_elements_ok(const char *s);
/* check s, read from n, against pattern p */
int mf_check_pattern(struct yfile *f, const yaml_node_t *n, enum pat p, const char *label,
			 const char *s);
/* the index of n's value in choices (NULL-terminated) */
int mf_get_choice(struct yfile *f, const yaml_node_t *n, const char *label,
		      const char *const *choices);
int mf_get_size(struct yfile *f, const yaml_node_t *n, const char *label, uint64_t *out);
/* how path s of file f is shown in messages: relative to where mipsbake runs when f is */
char *mf_shown_path(const struct yfile *f, const char *s);
/* s, read from n for label, with ${NAME} and $$ expanded; takes s; NULL after reporting */
char *mf_expand(struct yfile *f, const yaml_node_t *n, const char *label, char *s);
/*
 * Every path of a manifest passes here: ${NAME} is expanded, then it is taken relative to
 * the directory of the file that holds it and made absolute.
 */
int mf_get_path(struct yfile *f, const yaml_node_t *n, const char *label, unsigned flags,
		    char **out);
/* a PCRE2 pattern (for 'expect' and 'stderr'), checked by compiling it; NULL after reporting */
char *mf_get_regex(struct yfile *f, const yaml_node_t *v, const char *key);
/* a percentage "N%" from 1% to 100%; -1 after reporting */
int mf_get_percent(struct yfile *f, const yaml_node_t *v, const char *label);

/* schema.c */
void mf_check_refs(struct loader *ld);
/* the keys of the top-level mapping */
extern const struct schema mf_top_schema;

#endif
