/* action.c: the description of each cached edge, read back from the text the backends wrote,
 * so that what Ninja runs and what the cache keys on cannot drift apart */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emit/action.h"
#include "emit/ninja.h"
#include "lib/builddir.h"
#include "lib/map.h"
#include "lib/os.h"
#include "lib/sha256.h"
#include "plan/toolchain.h"
#include "lib/banned.h"

/* the rules whose edges are cached actions; tree: the output is the whole directory of the
 * first output (go list -export writes files that no build line can name in advance);
 * restat: the rule has restat = 1, so an output restored with the bytes it had keeps its
 * mtime (the cutoff); any other rule's outputs must look new to Ninja once restored, or an
 * output older than an input would leave the edge dirty at every build */
static const struct {
	const char *rule;
	int tree, restat;
} cached[] = {
	{ "gc_std", 1, 1 },        { "gc_compile", 0, 1 },    { "gc_symabis", 0, 0 },    { "gc_asm", 0, 0 },
	{ "gc_cc", 0, 0 },         { "gc_pack", 0, 0 },       { "gc_link", 0, 0 },       { "cgo_gen", 0, 0 },
	{ "cgo_dynimport", 0, 0 }, { "gccgo_compile", 0, 0 }, { "gccgo_export", 0, 1 },  { "gccgo_linkobj", 0, 1 },
	{ "gccgo_cc", 0, 0 },      { "gccgo_archive", 0, 0 }, { "gccgo_link", 0, 0 },    { "gccgo_link_nss", 0, 0 },
	{ "gccgo_early", 0, 1 },
};

/* the index of rule in cached[], -1 when its edges are not actions */
static int cached_rule(const char *rule)
{
	for (size_t i = 0; i < ARRAY_LEN(cached); i++)
		if (strcmp(cached[i].rule, rule) == 0)
			return (int)i;
	return -1;
}

/* tool digests by "dev ino size mtime path", kept in the build directory between runs:
 * hashing a compiler (16 MB) at every regeneration would cost more than the regeneration;
 * a new build directory finds them in the probe cache */
#define TOOLS_FILE ".mipsbake-tools"
static struct strmap tool_memo;
static int memo_loaded, memo_dirty;

static void load_tools(const char *builddir)
{
	char *path = path_join(builddir, TOOLS_FILE);
	struct buf b = BUF_INIT;

	memo_loaded = 1;
	if (fs_is_file(path) && fs_read_file(path, &b) == 0) {
		for (char *line = b.data, *nl; line && (nl = strchr(line, '\n')); line = nl + 1) {
			*nl = '\0';
			if (nl - line > 66 && line[64] == ' ')
				strmap_put(&tool_memo, line + 65, xstrndup(line, 64));
		}
	}
	buf_release(&b);
	free(path);
}

void action_save_tools(const struct gen_opts *o)
{
	struct buf b = BUF_INIT;
	char *path = path_join(o->builddir, TOOLS_FILE);

	for (size_t i = 0; memo_dirty && i < tool_memo.cap; i++)
		if (tool_memo.keys[i])
			buf_printf(&b, "%s %s\n", (char *)tool_memo.vals[i], tool_memo.keys[i]);
	if (memo_dirty)
		fs_write_if_changed(path, buf_str(&b), b.len);
	memo_dirty = 0;
	buf_release(&b);
	free(path);
}

/* the SHA-256 of the executable at path, NULL when it is none */
static const char *tool_digest(const char *builddir, const char *path)
{
	struct stat st;
	char *key, hex[65];
	const char *d;

	if (!memo_loaded)
		load_tools(builddir);
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || access(path, X_OK) != 0)
		return NULL;
	key = xasprintf("%lu %lu %lld %lld.%09ld %s", (unsigned long)st.st_dev, (unsigned long)st.st_ino,
			(long long)st.st_size, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec, path);
	if (!(d = strmap_get(&tool_memo, key)) && toolchain_file_digest(path, hex) == 0) {
		strmap_put(&tool_memo, key, xstrdup(hex));
		memo_dirty = 1;
		d = strmap_get(&tool_memo, key);
	}
	free(key);
	return d;
}

/* the configuration's top-level variables, name -> Ninja text of the value */
struct scope {
	struct strmap vars;
	struct strv owned;
	struct buf text;         /* every top-level line, with this machine's paths replaced */
};

/* s (n bytes of Ninja text) without its escapes; a token that is one "$name" is the
 * variable's value, and *var is set */
static char *unescape(const char *s, size_t n, const struct scope *sc, int *var)
{
	struct buf b = BUF_INIT;
	const char *end = s + n;

	*var = 0;
	if (n > 1 && s[0] == '$' && strspn(s + 1, "abcdefghijklmnopqrstuvwxyz_0123456789") == n - 1) {
		char *name = xstrndup(s + 1, n - 1);
		const char *v = strmap_get(&sc->vars, name);

		free(name);
		*var = 1;
		return v ? unescape(v, strlen(v), sc, &(int){ 0 }) : xstrdup("");
	}
	for (; s < end; s++) {
		if (*s == '$' && s + 1 < end && s[1] == '{' && strncmp(s, "${pipe}", 7) == 0) {
			buf_putc(&b, '|');
			s += 6;
		} else if (*s == '$' && s + 1 < end) {
			buf_putc(&b, *++s);
		} else {
			buf_putc(&b, *s);
		}
	}
	return buf_detach(&b);
}

/* the one shell word w (as sh_quote writes it) unquoted; NULL when it is several */
static char *sh_unquote(const char *w)
{
	struct buf b = BUF_INIT;

	if (w[0] != '\'')
		return strchr(w, ' ') ? NULL : xstrdup(w);
	for (const char *s = w + 1; *s; s++) {
		if (strncmp(s, "'\\''", 4) == 0) {
			buf_putc(&b, '\'');
			s += 3;
		} else if (*s == '\'') {
			if (s[1])
				return buf_release(&b), NULL;
		} else {
			buf_putc(&b, *s);
		}
	}
	return buf_detach(&b);
}

/* text with each pairs[2i] replaced by pairs[2i+1], appended to out; a pair is looked for
 * only where a byte is the first of one (every edge's text goes through here) */
static void canon(struct buf *out, const char *text, size_t n, const struct strv *pairs)
{
	const char *end = text + n;
	unsigned char first[256] = { 0 };
	size_t np = pairs->n / 2, *lens = xcalloc(np + 1, sizeof(*lens));

	for (size_t i = 0; i < np; i++)
		if ((lens[i] = strlen(pairs->v[2 * i])) > 0)
			first[(unsigned char)pairs->v[2 * i][0]] = 1;
	while (text < end) {
		const char *run = text;
		size_t i;

		while (text < end && !first[(unsigned char)*text])
			text++;
		buf_add(out, run, (size_t)(text - run));
		if (text == end)
			break;
		for (i = 0; i < np; i++)
			if (lens[i] && (size_t)(end - text) >= lens[i] && memcmp(text, pairs->v[2 * i], lens[i]) == 0)
				break;
		if (i < np) {
			buf_puts(out, pairs->v[2 * i + 1]);
			text += lens[i];
		} else {
			buf_putc(out, *text++);
		}
	}
	free(lens);
}

/* the paths of this machine every action's text is stripped of */
static void machine_pairs(const struct gen_opts *o, const struct config *c, struct strv *pairs)
{
	strv_push(pairs, o->builddir);
	strv_push(pairs, ".");
	strv_push(pairs, o->self);
	strv_push(pairs, "mipsbake");
	if (c->ti->goroot) {
		strv_push(pairs, c->ti->goroot);
		strv_push(pairs, "GOROOT");
	}
}

/* the end of the line at s */
static const char *line_end(const char *s, const char *end)
{
	const char *nl = memchr(s, '\n', (size_t)(end - s));

	return nl ? nl + 1 : end;
}

/* collect the top-level variables and lines of the configuration's text, and the digests
 * of every executable they name (compilers, assemblers, linkers, mipsbake itself) */
static void scope_read(struct scope *sc, const struct buf *b, const struct gen_opts *o, const struct config *c)
{
	const char *s = buf_str(b), *end = s + b->len;
	struct strv pairs = STRV_INIT, digests = STRV_INIT;
	const char *self = tool_digest(o->builddir, o->self);

	machine_pairs(o, c, &pairs);
	strv_pushf(&digests, "tool mipsbake %s", self ? self : "?");
	for (const char *e; s < end; s = e) {
		const char *eq = strstr(s, " = ");

		e = line_end(s, end);
		if (*s == ' ' || str_has_prefix(s, "build ") || *s == '\n')
			continue;
		canon(&sc->text, s, (size_t)(e - s), &pairs);
		if (*s != '#' && eq && eq < e) {
			char *name = xstrndup(s, (size_t)(eq - s)), *val = xstrndup(eq + 3, (size_t)(e - eq - 4));
			int var;
			char *word = unescape(val, strlen(val), sc, &var), *path = sh_unquote(word);
			const char *d = path && path_is_abs(path) ? tool_digest(o->builddir, path) : NULL;

			if (d)
				strv_pushf(&digests, "tool %s %s", name, d);
			strmap_put(&sc->vars, name, val);
			strv_push_owned(&sc->owned, val);
			free(name);
			free(word);
			free(path);
		}
	}
	strv_sort(&digests);
	for (size_t i = 0; i < digests.n; i++)
		buf_printf(&sc->text, "%s\n", digests.v[i]);
	strv_release(&pairs);
	strv_release(&digests);
}

static void scope_release(struct scope *sc)
{
	strmap_release(&sc->vars);
	strv_release(&sc->owned);
	buf_release(&sc->text);
}

/* one edge as its build line and variables say */
struct edge {
	char *rule;
	struct strv outs, ins;   /* unescaped; ins without tools ($var that is an absolute path) */
	char *pkg;               /* its "pkg" variable, NULL: none */
};

static void edge_release(struct edge *e)
{
	free(e->rule);
	strv_release(&e->outs);
	strv_release(&e->ins);
	free(e->pkg);
}

/* the tokens of build line s (up to its newline) into e */
static void parse_build_line(const char *s, const char *end, const struct scope *sc, struct edge *e)
{
	int part = 0;            /* 0 outputs, 1 rule, 2 inputs, 3 order-only */

	for (s += strlen("build "); s < end && *s != '\n' && part < 3;) {
		size_t n = 0;
		int var, colon;
		char *tok;

		while (s + n < end && s[n] != ' ' && s[n] != '\n')
			n += s[n] == '$' && s + n + 1 < end ? 2 : 1;
		colon = part == 0 && n && s[n - 1] == ':' && (n < 2 || s[n - 2] != '$');
		tok = unescape(s, n - (size_t)colon, sc, &var);
		if (part == 1)
			e->rule = xstrdup(tok), part = 2;
		else if (strcmp(tok, "||") == 0)
			part = 3;
		else if (*tok && strcmp(tok, "|") != 0 && !(var && path_is_abs(tok)))
			strv_push(part == 0 ? &e->outs : &e->ins, tok);
		if (colon)
			part = 1;
		free(tok);
		s += n;
		while (s < end && *s == ' ')
			s++;
	}
}

/* the source directory of the package at import path ip in c, NULL: none */
static const char *pkg_dir(const struct config *c, const char *ip)
{
	const struct pkg *pkg = strmap_get(&c->pkgs, ip);

	for (size_t i = 0; !pkg && i < c->ntest_order; i++)
		if (strcmp(c->test_order[i]->path, ip) == 0)
			pkg = c->test_order[i];
	return pkg ? pkg->dir : NULL;
}

/* the description of edge e (its text from s to end) */
static void describe(struct buf *d, const struct edge *e, int tree, int restat, const struct scope *sc,
		     const char *s, const char *end, const struct gen_opts *o, const struct config *c)
{
	struct buf logic = BUF_INIT;
	struct strv pairs = STRV_INIT;
	const char *dir = e->pkg ? pkg_dir(c, e->pkg) : NULL;
	char hex[65];

	if (dir) {
		strv_push(&pairs, dir);
		strv_push(&pairs, e->pkg);
	}
	machine_pairs(o, c, &pairs);
	buf_puts(&logic, "mipsbake-action 1\n");
	buf_add(&logic, sc->text.data, sc->text.len);
	canon(&logic, s, (size_t)(end - s), &pairs);
	sha256_hex(logic.data, logic.len, hex);
	buf_printf(d, "kind %s\nlogic %s\n", e->rule, hex);
	if (restat)
		buf_puts(d, "restat 1\n");
	if (tree) {
		char *top = path_dir(e->outs.v[0]);

		buf_printf(d, "tree %s\n", top);
		free(top);
	}
	for (size_t i = 0; !tree && i < e->outs.n; i++)
		buf_printf(d, "out %s\n", e->outs.v[i]);
	for (size_t i = 0; i < e->ins.n; i++)
		buf_printf(d, "in %s\n", e->ins.v[i]);
	buf_release(&logic);
	strv_release(&pairs);
}

/* the descriptions of one configuration's actions, by key (the first output) */
struct pack {
	struct strv keys, texts;     /* texts[i]: the description of keys[i] */
};

/* add the description of the edge at s..end (a cached rule's) to pack, and its "act" line
 * (its key) to out */
static void annotate_edge(struct buf *out, const char *s, const char *end, const struct scope *sc,
			  const struct gen_opts *o, const struct config *c, struct pack *pack)
{
	struct edge e = { NULL, STRV_INIT, STRV_INIT, NULL };
	struct buf d = BUF_INIT;
	const char *pkg = strstr(s, "\n  pkg = ");
	int i;

	parse_build_line(s, end, sc, &e);
	if (pkg && pkg < end)
		e.pkg = unescape(pkg + 9, (size_t)(line_end(pkg + 1, end) - pkg - 10), sc, &(int){ 0 });
	if (e.rule && (i = cached_rule(e.rule)) >= 0 && e.outs.n > 0) {
		describe(&d, &e, cached[i].tree, cached[i].restat, sc, s, end, o, c);
		strv_push(&pack->keys, e.outs.v[0]);
		strv_push_owned(&pack->texts, buf_detach(&d));
		ninja_var_word(out, 1, "act", e.outs.v[0]);
	}
	edge_release(&e);
}

/* the order of pack's entries by key */
static const struct strv *sort_keys;

static int by_key(const void *a, const void *b)
{
	return strcmp(sort_keys->v[*(const size_t *)a], sort_keys->v[*(const size_t *)b]);
}

/* the pack's text, sorted by key (as act get's search needs it), into path when it changed */
static int pack_write(const struct pack *pack, const char *path)
{
	struct buf t = BUF_INIT;
	size_t *order = xcalloc(pack->keys.n + 1, sizeof(*order));
	int rc;

	for (size_t i = 0; i < pack->keys.n; i++)
		order[i] = i;
	sort_keys = &pack->keys;
	qsort(order, pack->keys.n, sizeof(*order), by_key);
	buf_puts(&t, ACTIONS_MAGIC "\n");
	for (size_t i = 0; i < pack->keys.n; i++)
		buf_printf(&t, "@ %s\n%s", pack->keys.v[order[i]], pack->texts.v[order[i]]);
	rc = fs_write_if_changed(path, t.data, t.len) < 0 ? -1 : 0;
	free(order);
	buf_release(&t);
	return rc;
}

int action_annotate(struct buf *b, const struct gen_opts *o, const struct config *c)
{
	struct scope sc = { STRMAP_INIT, STRV_INIT, BUF_INIT };
	struct pack pack = { STRV_INIT, STRV_INIT };
	struct buf out = BUF_INIT;
	const char *s = buf_str(b), *end = s + b->len;
	char *rel = xasprintf("cfg/%s" ACTIONS_SUFFIX, c->dir), *path = path_join(o->builddir, rel);
	int rc;

	scope_read(&sc, b, o, c);
	ninja_var_word(&out, 0, "actions", rel);
	while (s < end) {
		const char *e = line_end(s, end);

		if (str_has_prefix(s, "build ")) {
			while (e < end && str_has_prefix(e, "  "))
				e = line_end(e, end);
			buf_add(&out, s, (size_t)(e - s));
			annotate_edge(&out, s, e, &sc, o, c, &pack);
		} else {
			buf_add(&out, s, (size_t)(e - s));
		}
		s = e;
	}
	rc = pack_write(&pack, path);
	buf_release(b);
	*b = out;
	scope_release(&sc);
	strv_release(&pack.keys);
	strv_release(&pack.texts);
	free(rel);
	free(path);
	return rc;
}
