/* explain.c: 'mipsbake explain': Ninja's -n -d explain, each output mapped back to the
 * package or link it belongs to (through steps.json) and each reason said in mipsbake's words */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "check/explain.h"
#include "lib/builddir.h"
#include "lib/map.h"
#include "lib/os.h"
#include "lib/proc.h"
#include "plan/spec.h"
#include "run.h"
#include "lib/banned.h"

/* Ninja runs for as long as a dry run takes; it runs no compiler */
#define NINJA_TIMEOUT 3600

enum step_kind { STEP_PKG, STEP_STD, STEP_LINK, STEP_SIZES, STEP_REGEN };

/* what Ninja runs for one package of one configuration, one link, or one other edge */
struct step {
	enum step_kind kind;
	char *name;              /* how messages call it */
	char *path;              /* a package's import path; NULL otherwise */
	char *dir;               /* a package's source directory; NULL otherwise */
	size_t cfg;              /* its configuration (packages, std, links) */
	struct strv deps;        /* objkeys: a package's imports, a link's inputs */
	struct strv reasons;     /* why it runs, said directly by Ninja */
	int dirty;               /* Ninja runs it */
	int built;               /* Ninja's log has an output of it */
};

/* steps.json, and the steps made of it */
struct explain {
	const char *builddir;
	struct strv cfgs, labels; /* configuration names and labels, same index */
	struct strv dirs;        /* and the names of their directories (pkg/<dir>/ ...) */
	struct step *v;
	size_t n, cap;
	struct strmap by_key;    /* "<config>\n<objkey>" -> package step index + 1 */
	struct strmap by_out;    /* a link's output -> its step index + 1 */
	struct strv outs;        /* the Ninja targets specs name */
	struct strv unknown;     /* Ninja's lines it does not know, as they are */
	struct strv stamps;      /* the directories' digest stamps the dry run would write again */
	size_t commands;         /* how many commands the dry run listed */
	int maybe;               /* a step runs only if export data it reads changes */
};

static struct step *step_add(struct explain *x, enum step_kind kind, char *name, size_t cfg)
{
	struct step *s;

	xgrow(&x->v, &x->cap, x->n + 1, sizeof(*x->v));
	s = &x->v[x->n++];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->name = name;
	s->cfg = cfg;
	return s;
}

static const char *json_string(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void json_strings(const cJSON *o, const char *key, struct strv *into)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(o, key))
		if (cJSON_IsString(e))
			strv_push(into, e->valuestring);
}

static void load_packages(struct explain *x, const cJSON *cfg, size_t ci)
{
	const cJSON *p;

	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(cfg, "packages")) {
		const char *key = json_string(p, "key"), *path = json_string(p, "path");
		char *k;
		struct step *s;

		if (!key || !path)
			continue;
		s = step_add(x, STEP_PKG, xasprintf("%s (%s)", path, x->labels.v[ci]), ci);
		s->path = xstrdup(path);
		s->dir = json_string(p, "dir") ? xstrdup(json_string(p, "dir")) : NULL;
		json_strings(p, "imports", &s->deps);
		k = xasprintf("%s\n%s", x->cfgs.v[ci], key);
		strmap_put(&x->by_key, k, (void *)(x->n));
		free(k);
	}
}

/* the index of configuration name, or (size_t)-1 */
static size_t cfg_index(const struct explain *x, const char *name)
{
	for (size_t i = 0; name && i < x->cfgs.n; i++)
		if (!strcmp(x->cfgs.v[i], name))
			return i;
	return (size_t)-1;
}

static int load_links(struct explain *x, const cJSON *root, const struct strv *specs, struct strv *matched)
{
	const cJSON *l;

	cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(root, "links")) {
		const char *name = json_string(l, "name"), *out = json_string(l, "out");
		size_t ci = cfg_index(x, json_string(l, "config"));
		struct step *s;

		if (!name || !out || ci == (size_t)-1)
			continue;
		s = step_add(x, STEP_LINK, xstrdup(name), ci);
		json_strings(l, "inputs", &s->deps);
		strmap_put(&x->by_out, out, (void *)(x->n));
		for (size_t i = 0; i < specs->n; i++)
			if (json_string(l, "target") &&
			    select_matches(specs->v[i], json_string(l, "target"), json_string(l, "board"),
					   json_string(l, "toolchain"))) {
				strv_push(&x->outs, out);
				strv_push(matched, specs->v[i]);
			}
	}
	for (size_t i = 0; i < specs->n; i++)
		if (!strv_has(matched, specs->v[i]))
			return error("no variant is named '%s' (TARGET[/BOARD][/TOOLCHAIN])", specs->v[i]);
	return 0;
}

/* the configurations with their packages and standard library, then the links */
static int load_steps(struct explain *x, const cJSON *root, const struct strv *specs)
{
	struct strv matched = STRV_INIT;
	const cJSON *c;
	int rc;

	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(root, "configs")) {
		const char *name = json_string(c, "name"), *label = json_string(c, "label");
		const char *dir = json_string(c, "dir");
		size_t ci = x->cfgs.n;

		if (!name || !label || !dir)
			continue;
		strv_push(&x->cfgs, name);
		strv_push(&x->dirs, dir);
		strv_push(&x->labels, label);
		step_add(x, STEP_STD, xasprintf("the standard library (%s)", label), ci);
		load_packages(x, c, ci);
	}
	rc = load_links(x, root, specs, &matched);
	step_add(x, STEP_SIZES, xstrdup("the size check"), 0);
	step_add(x, STEP_REGEN, xstrdup("build.ninja is regenerated"), 0);
	strv_release(&matched);
	return rc;
}

static void explain_release(struct explain *x)
{
	for (size_t i = 0; i < x->n; i++) {
		free(x->v[i].name);
		free(x->v[i].path);
		free(x->v[i].dir);
		strv_release(&x->v[i].deps);
		strv_release(&x->v[i].reasons);
	}
	free(x->v);
	strv_release(&x->cfgs);
	strv_release(&x->dirs);
	strv_release(&x->labels);
	strmap_release(&x->by_key);
	strmap_release(&x->by_out);
	strv_release(&x->outs);
	strv_release(&x->unknown);
	strv_release(&x->stamps);
	x->v = NULL;
	x->n = x->cap = 0;
}

/* read <builddir>/steps.json into x (released first); -1 after reporting */
static int explain_load(struct explain *x, const struct strv *specs)
{
	char *path = path_join(x->builddir, STEPS_FILE);
	struct buf b = BUF_INIT;
	cJSON *root = NULL;
	int rc = fs_read_file(path, &b);

	explain_release(x);
	if (rc == 0 && !(root = cJSON_ParseWithLength(b.data, b.len)))
		rc = error("'%s' is not JSON; 'mipsbake gen' writes it again", path);
	if (rc == 0)
		rc = load_steps(x, root, specs);
	cJSON_Delete(root);
	buf_release(&b);
	free(path);
	return rc < 0 ? -1 : 0;
}

/* the index of the configuration whose directory starts node + 4 ("pkg/", "exp/", "std/");
 * *rest what follows it */
static size_t node_cfg(const struct explain *x, const char *node, const char **rest)
{
	for (size_t ci = 0; ci < x->dirs.n; ci++) {
		size_t n = strlen(x->dirs.v[ci]);

		if (!strncmp(node + 4, x->dirs.v[ci], n) && node[4 + n] == '/') {
			*rest = node + 5 + n;
			return ci;
		}
	}
	return (size_t)-1;
}

static struct step *std_step(struct explain *x, size_t ci)
{
	for (size_t i = 0; i < x->n; i++)
		if (x->v[i].kind == STEP_STD && x->v[i].cfg == ci)
			return &x->v[i];
	return NULL;
}

/* the package step of configuration ci whose objkey is rest up to end */
static struct step *package_step(struct explain *x, size_t ci, const char *rest, const char *end)
{
	char *key = xasprintf("%s\n%.*s", x->cfgs.v[ci], (int)(end - rest), rest);
	size_t i = (size_t)strmap_get(&x->by_key, key);

	free(key);
	return i ? &x->v[i - 1] : NULL;
}

/* the step of a package's object "pkg/<config>/<objkey>/<file>" or export data
 * "exp/<config>/<objkey>.<ext>", or of the standard library "std/<config>/..." or (compiled
 * per package) objkey "_std/..."; NULL if none */
static struct step *config_step(struct explain *x, const char *node)
{
	const char *rest = NULL, *end;
	int exp = str_has_prefix(node, "exp/"), std = str_has_prefix(node, "std/");
	size_t ci = exp || std || str_has_prefix(node, "pkg/") ? node_cfg(x, node, &rest) : (size_t)-1;

	if (ci == (size_t)-1)
		return NULL;
	if (std || str_has_prefix(rest, "_std/")) /* the gc standard library, one step or per package */
		return std_step(x, ci);
	end = strrchr(rest, exp ? '.' : '/');
	return end ? package_step(x, ci, rest, end) : NULL;
}

/* the step that writes node (as Ninja spells it, relative to the build directory); NULL if none */
static struct step *step_of(struct explain *x, const char *node)
{
	size_t i = (size_t)strmap_get(&x->by_out, node);

	if (i)
		return &x->v[i - 1];
	if (str_has_prefix(node, "link/") && str_has_suffix(node, ".importcfg")) {
		char *out = xstrndup(node + 5, strlen(node) - 5 - strlen(".importcfg"));

		i = (size_t)strmap_get(&x->by_out, out);
		free(out);
		if (i)
			return &x->v[i - 1];
	}
	for (i = 0; i < x->n; i++)
		if ((x->v[i].kind == STEP_SIZES && !strcmp(node, SIZES_STAMP)) ||
		    (x->v[i].kind == STEP_REGEN && !strcmp(node, "build.ninja")))
			return &x->v[i];
	return config_step(x, node);
}

/* a source file as the user knows it: "src/<root>/..." (gccgo's view of a source root, a
 * symbolic link) resolved, a relative path joined to the build directory; newly allocated */
static char *source_path(const struct explain *x, const char *node)
{
	char link[4096];
	const char *slash = str_has_prefix(node, "src/") ? strchr(node + 4, '/') : NULL;

	if (path_is_abs(node))
		return xstrdup(node);
	if (slash) {
		char *root = xasprintf("%s/%.*s", x->builddir, (int)(slash - node), node);
		ssize_t n = readlink(root, link, sizeof(link) - 1);

		free(root);
		if (n > 0) {
			link[n] = '\0';
			return xasprintf("%s%s", link, slash);
		}
	}
	return path_join(x->builddir, node);
}

/* path below dir ("" when path is dir), NULL when it is not */
static const char *below_dir(const char *path, const char *dir)
{
	size_t n = dir ? strlen(dir) : 0;

	if (!n || strncmp(path, dir, n) != 0 || (path[n] != '/' && path[n] != '\0'))
		return NULL;
	return path[n] == '/' ? path + n + 1 : path + n;
}

/* "<file> changed" for a source of s: below its package directory, else from the current
 * directory, else absolute */
static char *source_changed(const struct explain *x, const struct step *s, const char *node)
{
	char *path = source_path(x, node), *cwd = getcwd(NULL, 0), *r;
	const char *rel = below_dir(path, s->dir);

	if (!rel || !*rel)
		rel = below_dir(path, cwd);
	r = xasprintf("%s changed", rel && *rel ? rel : path);
	free(path);
	free(cwd);
	return r;
}

/* the directories a digest stamp's text names (dirlist_text's "# <dir>" lines), relative to
 * the current directory when below it */
static void stamp_dirs(const char *text, struct strv *dirs)
{
	char *cwd = getcwd(NULL, 0);

	for (const char *s = text; s && *s; s = strchr(s, '\n'), s = s ? s + 1 : NULL) {
		char *dir;
		const char *rel;

		if (!str_has_prefix(s, "# "))
			continue;
		dir = xstrndup(s + 2, strcspn(s + 2, "\n"));
		rel = below_dir(dir, cwd);
		strv_push(dirs, rel && *rel ? rel : dir);
		free(dir);
	}
	free(cwd);
}

/* "what a build reads of <dir> changed" for the digest stamp node; a stamp shared by several
 * directories names the first few ("of one of a, b, c and 9 more"); NULL when node is no
 * stamp */
static char *stamp_changed(const struct explain *x, const char *node)
{
	char *path = str_has_prefix(node, DIRS_DIR "/") ? path_join(x->builddir, node) : NULL;
	struct buf b = BUF_INIT, what = BUF_INIT;
	struct strv dirs = STRV_INIT;
	char *r = NULL;

	if (path && fs_read_file(path, &b) == 0)
		stamp_dirs(buf_str(&b), &dirs);
	for (size_t i = 0; i < dirs.n && i < 3; i++)
		buf_printf(&what, "%s%s", i ? ", " : "", dirs.v[i]);
	if (dirs.n > 3)
		buf_printf(&what, " and %zu more", dirs.n - 3);
	if (dirs.n > 0)
		r = xasprintf("what a build reads of %s%s changed", dirs.n > 1 ? "one of " : "", buf_str(&what));
	strv_release(&dirs);
	buf_release(&what);
	buf_release(&b);
	free(path);
	return r;
}

/* why s runs when its output is older than input node */
static char *input_changed(struct explain *x, const struct step *s, const char *node)
{
	const struct step *in = step_of(x, node);
	char *stamp = in ? NULL : stamp_changed(x, node);

	if (stamp)
		return stamp;
	if (!in)
		return source_changed(x, s, node);
	if (in == s)
		return xasprintf("its %s changed", path_base(node));
	if (in->kind == STEP_STD)
		return xstrdup("the standard library changed");
	if (in->kind != STEP_PKG)
		return xasprintf("%s changed", node);
	if (s->kind == STEP_LINK)
		return xasprintf("the link's input %s changed", in->path);
	return xasprintf("%s's export data changed", in->path);
}

static void add_reason(struct step *s, char *why)
{
	s->dirty = 1;
	if (!strv_has(&s->reasons, why))
		strv_push(&s->reasons, why);
	free(why);
}

/* "<prefix><a><mid><b><suffix>" of line: a and b newly allocated; 0 when it has no such form */
static int split2(const char *line, const char *prefix, const char *mid, char **a, char **b)
{
	const char *s = line + strlen(prefix), *m, *end = strrchr(line, '(');

	if (!str_has_prefix(line, prefix) || !(m = strstr(s, mid)) || !end || end < m + strlen(mid) + 1)
		return 0;
	*a = xstrndup(s, (size_t)(m - s));
	*b = xstrndup(m + strlen(mid), (size_t)(end - 1 - m - strlen(mid)));
	return 1;
}

/* a line naming one output and the input it is older than; 0 when line has another form */
static int older_line(struct explain *x, const char *line)
{
	static const char *const prefixes[] = { "output ", "restat of output ", "recorded mtime of " };
	char *out = NULL, *in = NULL;
	struct step *s;
	int ok = 0;

	for (size_t i = 0; i < ARRAY_LEN(prefixes) && !ok; i++)
		ok = split2(line, prefixes[i], " older than most recent input ", &out, &in);
	if (ok && (s = step_of(x, out)))
		add_reason(s, input_changed(x, s, in));
	else if (ok)
		strv_push(&x->unknown, line);
	free(out);
	free(in);
	return ok;
}

/* "<prefix><node><suffix>": node newly allocated, NULL when line has another form */
static char *node_of(const char *line, const char *prefix, const char *suffix)
{
	size_t n = strlen(line), p = strlen(prefix), q = strlen(suffix);

	if (n <= p + q || !str_has_prefix(line, prefix) || !str_has_suffix(line, suffix))
		return NULL;
	return xstrndup(line + p, n - p - q);
}

static void mark_sizes(struct explain *x)
{
	for (size_t i = 0; i < x->n; i++)
		if (x->v[i].kind == STEP_SIZES)
			x->v[i].dirty = 1;
}

/* 1 when line is about a directory's digest stamp, which then goes to x->stamps: a dry run
 * cannot know whether writing it again changes it, so that explain writes it first */
static int stamp_line(struct explain *x, const char *line)
{
	static const char *const prefixes[] = { "", "output ", "restat of output ", "recorded mtime of ",
						"command line changed for ", "command line not found in log for " };

	for (size_t i = 0; i < ARRAY_LEN(prefixes); i++) {
		size_t n = strlen(prefixes[i]);
		char *node;

		if (!str_has_prefix(line, prefixes[i]) || !str_has_prefix(line + n, DIRS_DIR "/"))
			continue;
		node = xstrndup(line + n, strcspn(line + n, " "));
		if (!strv_has(&x->stamps, node))
			strv_push(&x->stamps, node);
		free(node);
		return 1;
	}
	return 0;
}

/* one line of Ninja's -d explain, without its "ninja explain: " */
static void explain_line(struct explain *x, const char *line)
{
	static const struct {
		const char *prefix, *suffix, *why; /* why NULL: "is dirty", a step that runs */
	} forms[] = {
		{ "output ", " doesn't exist", "never built" },
		{ "command line changed for ", "", "the command changed" },
		{ "command line not found in log for ", "", "not in Ninja's log (built by another Ninja, or never)" },
		{ "", " is dirty", NULL },
	};
	char *node = NULL;
	size_t i;
	struct step *s;

	if (stamp_line(x, line) || older_line(x, line))
		return;
	for (i = 0; i < ARRAY_LEN(forms) && !node; i++)
		node = node_of(line, forms[i].prefix, forms[i].suffix);
	s = node ? step_of(x, node) : NULL;
	if (s && forms[i - 1].why)
		add_reason(s, xstrdup(forms[i - 1].why));
	else if (s)
		s->dirty = 1;
	else if (node && !forms[i - 1].why && !strcmp(node, "all"))
		mark_sizes(x); /* the size check, the default target, is what waits for all */
	else
		strv_push(&x->unknown, line);
	free(node);
}

/* the steps s waits for that run: the imports of a package, the inputs of a link */
static void dirty_inputs(struct explain *x, const struct step *s, struct strv *names)
{
	for (size_t i = 0; i < s->deps.n; i++) {
		char *k = xasprintf("%s\n%s", x->cfgs.v[s->cfg], s->deps.v[i]);
		size_t j = (size_t)strmap_get(&x->by_key, k);

		if (j && x->v[j - 1].dirty)
			strv_push(names, x->v[j - 1].path);
		free(k);
	}
}

/* "a", "a and b", "a, b and c" */
static void put_list(struct buf *b, const struct strv *v)
{
	for (size_t i = 0; i < v->n; i++)
		buf_printf(b, "%s%s", i == 0 ? "" : i + 1 == v->n ? " and " : ", ", v->v[i]);
}

/* why s runs when Ninja said only that its inputs are rebuilt; restat may yet spare it */
static void indirect_reason(struct explain *x, const struct step *s, struct buf *b)
{
	struct strv names = STRV_INIT;
	int std = s->kind == STEP_PKG || s->kind == STEP_LINK;

	dirty_inputs(x, s, &names);
	if (std && std_step(x, s->cfg) && std_step(x, s->cfg)->dirty)
		strv_push(&names, "the standard library");
	if (s->kind == STEP_SIZES) {
		buf_puts(b, "a binary is linked again");
	} else if (names.n && s->kind == STEP_LINK) {
		buf_printf(b, "the link's input%s ", names.n > 1 ? "s" : "");
		put_list(b, &names);
		buf_printf(b, " %s rebuilt", names.n > 1 ? "are" : "is");
	} else if (names.n) {
		x->maybe = 1;
		buf_puts(b, "the export data of ");
		put_list(b, &names);
		buf_puts(b, " may change");
	} else {
		buf_puts(b, "an input is rebuilt");
	}
	strv_release(&names);
}

/* mark the steps with an output in Ninja's log (.ninja_log: "start end mtime path hash" lines) */
static void read_log(struct explain *x)
{
	char *path = path_join(x->builddir, ".ninja_log");
	struct buf b = BUF_INIT;

	for (const char *s = fs_is_file(path) && fs_read_file(path, &b) == 0 ? buf_str(&b) : ""; *s;
	     s += strcspn(s, "\n"), s += *s == '\n') {
		const char *f = s;
		struct step *st;
		char *node;

		for (int i = 0; i < 3 && *f != '#'; i++)
			f += strcspn(f, "\t\n"), f += *f == '\t';
		if (*s == '#' || f == s)
			continue;
		node = xstrndup(f, strcspn(f, "\t\n"));
		if ((st = step_of(x, node)))
			st->built = 1;
		free(node);
	}
	buf_release(&b);
	free(path);
}

/* a link asked for by name has no edge above it to say its inputs are dirty: say it here */
static void dirty_targets(struct explain *x)
{
	for (size_t i = 0; i < x->outs.n; i++) {
		struct step *s = step_of(x, x->outs.v[i]);
		struct strv names = STRV_INIT;

		if (s && !s->dirty) {
			dirty_inputs(x, s, &names);
			s->dirty = names.n > 0 || (std_step(x, s->cfg) && std_step(x, s->cfg)->dirty);
		}
		strv_release(&names);
	}
}

/* one line per step that runs, in the order of steps.json */
static void print_steps(struct explain *x, int regen_only)
{
	for (size_t i = 0; i < x->n; i++) {
		struct step *s = &x->v[i];
		struct buf b = BUF_INIT;

		if (!s->dirty || (s->kind == STEP_REGEN) != regen_only)
			continue;
		for (size_t j = 0; j < s->reasons.n; j++)
			buf_printf(&b, "%s%s", j ? "; " : "", s->reasons.v[j]);
		if (!s->reasons.n && !s->built)
			buf_puts(&b, "never built");
		else if (!s->reasons.n)
			indirect_reason(x, s, &b);
		printf("%s: %s\n", s->name, buf_str(&b));
		buf_release(&b);
	}
	for (size_t i = 0; i < x->unknown.n; i++)
		printf("%s\n", x->unknown.v[i]);
}

/* the most commands a dry run's status lines "[k/N] ..." count */
static size_t count_commands(const char *out)
{
	size_t most = 0, k, n;

	for (const char *s = out; *s; s += strcspn(s, "\n"), s += *s == '\n')
		if (sscanf(s, "[%zu/%zu]", &k, &n) == 2 && n > most)
			most = n;
	return most;
}

/* run Ninja in the build directory with extra, then targets; its output in r; -1 after reporting */
static int ninja(const struct explain *x, const char *const *extra, const struct strv *targets,
		 struct proc_result *r)
{
	struct strv argv = STRV_INIT;
	char *prog = run_find_ninja();
	int rc;

	if (!prog)
		return error("ninja not found (set MIPSBAKE_NINJA); on Debian: apt-get install ninja-build");
	strv_push_owned(&argv, prog);
	strv_push(&argv, "-C");
	strv_push(&argv, x->builddir);
	for (; *extra; extra++)
		strv_push(&argv, *extra);
	for (size_t i = 0; targets && i < targets->n; i++)
		strv_push(&argv, targets->v[i]);
	memset(r, 0, sizeof(*r));
	rc = proc_run(argv.v, NINJA_TIMEOUT, r);
	strv_release(&argv);
	return rc;
}

/* Ninja's dry run with -d explain, read into x's steps; Ninja's status, -1 after reporting */
static int ask_ninja(struct explain *x)
{
	static const char *const args[] = { "-n", "-d", "explain", NULL };
	struct proc_result r;
	int rc = ninja(x, args, &x->outs, &r);
	const char *s = buf_str(&r.err);

	for (size_t n; rc == 0 && *s; s += n + (s[n] == '\n')) {
		char *line;

		n = strcspn(s, "\n");
		line = xstrndup(s, n);
		if (str_has_prefix(line, "ninja explain: "))
			explain_line(x, line + strlen("ninja explain: "));
		else if (r.status != 0 || *line)
			fprintf(stderr, "%s\n", line);
		free(line);
	}
	x->commands = count_commands(buf_str(&r.out));
	dirty_targets(x);
	read_log(x);
	if (rc == 0 && r.status != 0)
		rc = r.status;
	proc_result_release(&r);
	return rc;
}

/* Ninja builds targets for real (build.ninja, or the stamps); its output only when that fails */
static int ninja_build(const struct explain *x, const struct strv *targets)
{
	static const char *const args[] = { NULL };
	struct proc_result r;
	int rc = ninja(x, args, targets, &r);

	if (rc == 0 && r.status != 0) {
		fputs(buf_str(&r.out), stderr);
		fputs(buf_str(&r.err), stderr);
		rc = error("could not build '%s' in '%s'", targets->v[0], x->builddir);
	} else if (rc == 0) {
		fputs(buf_str(&r.err), stderr);
	}
	proc_result_release(&r);
	return rc;
}

/* Ninja regenerates build.ninja for real */
static int regenerate(const struct explain *x)
{
	struct strv target = STRV_INIT;
	int rc;

	strv_push(&target, "build.ninja");
	rc = ninja_build(x, &target);
	strv_release(&target);
	return rc;
}

/* the stamps a dry run would write again written for real (cheap, and they change nothing
 * else), then the dry run again: it then knows whether build.ninja is regenerated */
static int refresh_stamps(struct explain *x, const struct strv *specs)
{
	struct strv stamps = STRV_INIT;
	int rc;

	strv_extend(&stamps, &x->stamps);
	rc = ninja_build(x, &stamps) < 0 || explain_load(x, specs) < 0 ? 1 : ask_ninja(x);
	strv_release(&stamps);
	return rc;
}

static int regen_dirty(const struct explain *x)
{
	return x->n > 0 && x->v[x->n - 1].kind == STEP_REGEN && x->v[x->n - 1].dirty;
}

int explain_main(const char *builddir, const struct strv *specs)
{
	struct explain x;
	int rc;

	memset(&x, 0, sizeof(x));
	x.builddir = builddir;
	rc = explain_load(&x, specs) < 0 ? 1 : ask_ninja(&x);
	if (rc == 0 && x.stamps.n)
		rc = refresh_stamps(&x, specs);
	if (rc == 0 && regen_dirty(&x)) {
		print_steps(&x, 1);
		rc = regenerate(&x) < 0 || explain_load(&x, specs) < 0 ? 1 : ask_ninja(&x);
	}
	if (rc == 0)
		print_steps(&x, 0);
	if (rc == 0 && x.commands)
		printf("Ninja would run %s%zu command%s%s\n", x.maybe ? "up to " : "", x.commands,
		       x.commands == 1 ? "" : "s", x.maybe ? " (fewer when export data comes out the same)" : "");
	else if (rc == 0 && !regen_dirty(&x))
		puts("nothing to do: everything is up to date");
	explain_release(&x);
	return rc < 0 ? 1 : rc;
}
