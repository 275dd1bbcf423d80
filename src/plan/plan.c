/* plan.c: variants, configurations and the Go package graph of each configuration */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/modules.h"
#include "lib/gostring.h"
#include "lib/os.h"
#include "lib/sha256.h"
#include "plan/cgopolicy.h"
#include "plan/plan.h"
#include "lib/banned.h"

char *plan_main_path(const struct manifest *m, const struct mf_target *t)
{
	const char *rel = t->main;

	if (rel[0] != '.')
		return xstrdup(rel);
	if (!m->module) {
		error_at(&t->main_pos, "main '%s' is relative, so the manifest needs 'module:' "
			 "(the import path of '%s')", rel, m->dir);
		return NULL;
	}
	rel += rel[1] == '/' ? 2 : 1;
	while (*rel == '/')
		rel++;
	if (!*rel)
		return xstrdup(m->module);
	return xasprintf("%s/%s", m->module, rel);
}

/* the value of p->scanned for a directory //go:embed patterns read (any other: &p->scanned) */
static char embed_dir_mark;

void plan_mark_scanned(struct plan *p, const char *path)
{
	if (strmap_get(&p->scanned, path) != &embed_dir_mark)
		strmap_put(&p->scanned, path, &p->scanned);
}

void plan_mark_embed_dir(struct plan *p, const char *dir)
{
	strmap_put(&p->scanned, dir, &embed_dir_mark);
}

int plan_is_embed_dir(const struct plan *p, const char *path)
{
	return strmap_get(&p->scanned, path) == &embed_dir_mark;
}

/* the probed toolchain tc, probing it the first time */
static struct tc_info *probe(struct plan *p, const struct mf_toolchain *tc, const struct mf_board *b)
{
	struct tc_info *ti;

	for (size_t i = 0; i < p->ntis; i++)
		if (p->tis[i]->tc == tc)
			return p->tis[i];
	ti = xcalloc(1, sizeof(*ti));
	if (toolchain_probe(tc, b, ti) < 0) {
		toolchain_release(ti);
		free(ti);
		return NULL;
	}
	xgrow(&p->tis, &p->cap_tis, p->ntis + 1, sizeof(*p->tis));
	p->tis[p->ntis++] = ti;
	return ti;
}

/* the float mode of tc on board b: the board's GOMIPS for gc; for gccgo the toolchain's own,
 * which its libgo was built with (a board asking for the other is told once) */
static const char *float_mode(struct plan *p, const struct tc_info *ti, const struct mf_board *b)
{
	const char *mode = ti->soft_float ? "softfloat" : "hardfloat";
	char *key;

	if (ti->tc->compiler == COMPILER_GC || strcmp(mode, b->gomips) == 0)
		return b->gomips;
	if (b->fpu == 0) /* check_fpu's warning says it, with the cure */
		return mode;
	key = xasprintf("%s\n%s", ti->tc->name, b->name);
	if (!strmap_get(&p->warned, key))
		warn_at(&b->pos, "board '%s' asks for gomips: %s, but gccgo toolchain '%s' and its libgo are %s; "
			"its binaries for this board are %s", b->name, b->gomips, ti->tc->name, mode, mode);
	strmap_put(&p->warned, key, p);
	free(key);
	return mode;
}

/* the GOARCH a gccgo compiles for, from its target triple's first part ("mipsel-linux-gnu",
 * "mips64el-linux-gnuabi64", "mipsisa32r2el-...", "mips-openwrt-linux-musl"); NULL when no MIPS */
static const char *machine_goarch(const char *machine)
{
	size_t n = machine ? strcspn(machine, "-") : 0;
	int le = n >= 2 && machine[n - 2] == 'e' && machine[n - 1] == 'l';
	int is64 = str_has_prefix(machine ? machine : "", "mips64") ||
		   str_has_prefix(machine ? machine : "", "mipsisa64");

	if (!machine || !str_has_prefix(machine, "mips"))
		return NULL;
	return is64 ? (le ? "mips64le" : "mips64") : (le ? "mipsle" : "mips");
}

int plan_toolchain_fits(struct plan *p, const struct mf_toolchain *tc, const struct mf_board *b)
{
	struct tc_info *ti = tc->compiler == COMPILER_GCCGO ? probe(p, tc, b) : NULL;
	const char *arch = ti ? machine_goarch(ti->machine) : NULL;

	return !arch || strcmp(arch, b->goarch) == 0;
}

/* a gccgo builds for one GOARCH: the board's must be it, or its binaries are for another CPU */
static int check_machine(const struct tc_info *ti, const struct mf_board *b)
{
	const char *arch = ti->tc->compiler == COMPILER_GCCGO ? machine_goarch(ti->machine) : NULL;

	if (!arch || strcmp(arch, b->goarch) == 0)
		return 0;
	error_at(&b->pos, "board '%s' is goarch %s, but gccgo toolchain '%s' compiles for %s "
		 "('%s'); expected a toolchain for %s", b->name, b->goarch, ti->tc->name, arch,
		 ti->machine, b->goarch);
	note_at(&ti->tc->pos, "toolchain '%s' is defined here", ti->tc->name);
	return -1;
}

/* the toolchain's, the board's and the target's build tags, in that order, each once */
static void merge_tags(const struct mf_toolchain *tc, const struct mf_board *b,
		       const struct mf_target *t, struct strv *tags)
{
	const struct strv *from[] = { &tc->tags, &b->tags, &t->tags };

	for (size_t i = 0; i < ARRAY_LEN(from); i++)
		for (size_t j = 0; j < from[i]->n; j++)
			if (!strv_has(tags, from[i]->v[j]))
				strv_push(tags, from[i]->v[j]);
}

/* append the words of sv to b, each ended by a NUL byte, then a newline */
static void key_words(struct buf *b, const struct strv *sv)
{
	for (size_t i = 0; i < sv->n; i++) {
		buf_puts(b, sv->v[i]);
		buf_putc(b, '\0');
	}
	buf_putc(b, '\n');
}

/* the configuration's name: "<toolchain>-<goarch>-<gomips>", and when tags, gcflags or asmflags
 * are given "+" and 12 hex digits of the SHA-256 of them (tags sorted), so that the names of
 * configurations without them never change */
static char *config_name(const struct mf_toolchain *tc, const struct mf_board *b, const char *mode,
			 const struct strv *tags, const struct mf_target *t, int cgo)
{
	struct buf key = BUF_INIT;
	struct strv sorted = STRV_INIT;
	char hex[65];
	const char *cg = cgo == (tc->compiler == COMPILER_GCCGO) ? "" : cgo ? "-cgo" : "-nocgo";

	if (tags->n == 0 && t->gcflags.n == 0 && t->asmflags.n == 0)
		return xasprintf("%s-%s-%s%s", tc->name, b->goarch, mode, cg);
	strv_extend(&sorted, tags);
	strv_sort(&sorted);            /* the order of tags changes nothing */
	key_words(&key, &sorted);
	key_words(&key, &t->gcflags);
	key_words(&key, &t->asmflags);
	sha256_hex(key.data, key.len, hex);
	buf_release(&key);
	strv_release(&sorted);
	return xasprintf("%s-%s-%s%s+%.12s", tc->name, b->goarch, mode, cg, hex);
}

/* the directory name of the configuration called name: the fewest hex digits (at least 6) of
 * the SHA-256 of name that no other configuration of p has, so that it never changes for a
 * configuration the manifest keeps */
static char *config_dir(const struct plan *p, const char *name)
{
	char hex[65];
	int len = 6, taken;

	sha256_hex(name, strlen(name), hex);
	do {
		taken = 0;
		for (size_t i = 0; i < p->ncfgs; i++)
			taken |= strncmp(p->cfgs[i]->dir, hex, (size_t)len) == 0;
	} while (taken && ++len < 64);
	return xstrndup(hex, (size_t)len);
}

/* the configuration for target t on board b with tc, created the first time */
struct config *plan_config_for(struct plan *p, const struct mf_toolchain *tc, const struct mf_board *b,
			       const struct mf_target *t)
{
	struct tc_info *ti = probe(p, tc, b);
	const char *mode = ti && check_machine(ti, b) == 0 ? float_mode(p, ti, b) : NULL;
	struct strv tags = STRV_INIT;
	char *name, *cc = NULL, *sysroot = NULL;
	struct config *c;
	int cgo = t->cgo >= 0 ? t->cgo : b->cgo >= 0 ? b->cgo : tc->compiler == COMPILER_GCCGO;

	if (!mode)
		return NULL;
	merge_tags(tc, b, t, &tags);
	name = config_name(tc, b, mode, &tags, t, cgo);
	for (size_t i = 0; i < p->ncfgs; i++) {
		if (strcmp(p->cfgs[i]->name, name) == 0) {
			free(name);
			strv_release(&tags);
			return p->cfgs[i];
		}
	}
	if (cgo && tc->compiler == COMPILER_GC && !(cc = toolchain_gc_cc(tc, b, b->goarch, &sysroot))) {
		free(name);
		strv_release(&tags);
		return NULL;
	}
	c = xcalloc(1, sizeof(*c));
	c->name = name;
	c->dir = config_dir(p, name);
	c->cgo = cgo;
	c->cc = cc;
	c->ccq = cc ? go_quote_word(cc) : NULL;
	c->sysroot = cc ? sysroot : tc->sysroot ? xstrdup(tc->sysroot) : NULL;
	c->tags = tags;
	c->gcflags = &t->gcflags;
	c->asmflags = &t->asmflags;
	c->ctx.tags = &c->tags;
	c->tc = tc;
	c->first_board = b;
	c->goarch = b->goarch;
	c->gomips = mode;
	c->ti = ti;
	c->ctx.goos = "linux";
	c->ctx.goarch = b->goarch;
	c->ctx.compiler = compiler_name(tc->compiler);
	c->ctx.go_minor = ti->go_minor;
	c->ctx.cgo = cgo;
	if (!p->memo)
		p->memo = xcalloc(1, sizeof(*p->memo));
	c->ctx.memo = p->memo;
	xgrow(&p->cfgs, &p->cap_cfgs, p->ncfgs + 1, sizeof(*p->cfgs));
	p->cfgs[p->ncfgs++] = c;
	return c;
}

/* ip is prefix or below it: the rest after prefix ("" or "/x/y"), else NULL */
static const char *below(const char *ip, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(ip, prefix, n) != 0 || (ip[n] != '\0' && ip[n] != '/'))
		return NULL;
	return ip + n;
}

/* the dependency whose import path is the longest prefix of ip, NULL if none */
static const struct mf_dep *dep_for(const struct manifest *m, const char *ip)
{
	const struct mf_dep *best = NULL;

	for (size_t i = 0; i < m->ndeps; i++)
		if (below(ip, m->deps[i].importpath) &&
		    (!best || strlen(m->deps[i].importpath) > strlen(best->importpath)))
			best = &m->deps[i];
	return best;
}

/* the directory ip would have in the module, NULL when the module does not cover ip */
static char *module_dir(const struct manifest *m, const char *ip)
{
	const char *rest = m->module ? below(ip, m->module) : NULL;

	return rest ? xasprintf("%s%s", m->dir, rest) : NULL;
}

/* the directory ip would have in its dependency, NULL when no dependency covers ip */
static char *dep_dir(const struct plan *p, const char *ip)
{
	const struct mf_dep *dep = dep_for(p->m, ip);
	const char *root = dep ? p->src[dep - p->m->deps].dir : NULL;

	return root ? xasprintf("%s%s", root, below(ip, dep->importpath)) : NULL;
}

const char *plan_module_of(const struct plan *p, const struct pkg *pkg, const char **version)
{
	char *mod = module_dir(p->m, pkg->path);
	const struct mf_dep *dep = dep_for(p->m, pkg->path);
	int in_module = mod && pkg->dir && !strcmp(mod, pkg->dir);

	free(mod);
	*version = in_module || !dep ? NULL : dep->modversion;
	return in_module ? p->m->module : dep ? dep->importpath : NULL;
}

char *plan_locate(const struct plan *p, const char *ip)
{
	char *dirs[2] = { module_dir(p->m, ip), dep_dir(p, ip) };
	char *found = NULL;

	for (size_t i = 0; i < 2; i++) {
		if (!found && dirs[i] && fs_is_dir(dirs[i]))
			found = dirs[i];
		else
			free(dirs[i]);
	}
	return found;
}

/* the Go version of pkg's module, as cmd/go gives it to the compiler: go.mod's go line, 1.16
 * for a module that has none; newer when the toolchain's Go is older */
void plan_set_lang(const struct plan *p, const struct config *c, struct pkg *pkg)
{
	const struct mf_dep *dep = dep_for(p->m, pkg->path);
	char *mod = module_dir(p->m, pkg->path);
	char have[16];

	if (mod && !strcmp(mod, pkg->dir))
		pkg->lang = p->m->gomod ? (p->m->go ? p->m->go : "1.16") : NULL;
	else if (dep && dep->from_gomod)
		pkg->lang = p->src[dep - p->m->deps].go ? p->src[dep - p->m->deps].go :
			    dep->gover ? dep->gover : "1.16";
	free(mod);
	snprintf(have, sizeof(have), "1.%d", c->ti->go_minor);
	pkg->newer = pkg->lang && go_version_less(have, pkg->lang);
}

int plan_need_dep(struct plan *p, const char *ip)
{
	const struct mf_dep *dep = dep_for(p->m, ip);
	char *mod = dep && p->fetch ? module_dir(p->m, ip) : NULL;
	int in_module = mod && fs_is_dir(mod);

	free(mod);
	if (!dep || !p->fetch || in_module)
		return 0;
	return fetch_need(p->fetch, (size_t)(dep - p->m->deps));
}

/* the record of import ip at from, made the first time */
static struct missing *missing_at(struct plan *p, const char *ip, const struct pos *from)
{
	struct missing *x;

	for (size_t i = 0; i < p->nmissing; i++) {
		x = &p->missing[i];
		if (x->from.line == from->line && x->from.col == from->col && strcmp(x->ip, ip) == 0 &&
		    strcmp(x->from.file ? x->from.file : "", from->file ? from->file : "") == 0)
			return x;
	}
	p->missing = xappend(p->missing, p->nmissing, sizeof(*p->missing));
	x = &p->missing[p->nmissing++];
	memset(x, 0, sizeof(*x));
	x->from = *from;
	x->ip = xstrdup(ip);
	return x;
}

/* forget the imports found nowhere; with report, say each first */
static void missing_flush(struct plan *p, int report)
{
	for (size_t i = 0; i < p->nmissing; i++) {
		struct missing *x = &p->missing[i];

		if (report)
			error_at(&x->from, "%s", x->msg);
		if (report && x->cfgs.n > 1) {
			struct buf b = BUF_INIT;

			for (size_t j = 0; j < x->cfgs.n; j++)
				buf_printf(&b, "%s'%s'", j ? ", " : "", x->cfgs.v[j]);
			note_at(&x->from, "the same in %zu configurations: %s", x->cfgs.n, buf_str(&b));
			buf_release(&b);
		}
		free(x->ip);
		free(x->msg);
		strv_release(&x->cfgs);
	}
	free(p->missing);
	p->missing = NULL;
	p->nmissing = 0;
}

void plan_report_missing(struct plan *p)
{
	missing_flush(p, 1);
}

/* an import that resolves nowhere, listing the places searched: kept for
 * plan_report_missing, which says it once for every configuration that shares it */
static void not_found(struct plan *p, const struct config *c, const char *ip, const struct pos *from)
{
	const struct manifest *m = p->m;
	char *mod = module_dir(m, ip), *dep = dep_dir(p, ip);
	struct missing *x = missing_at(p, ip, from);
	struct buf b = BUF_INIT;

	strv_push(&x->cfgs, c->name);
	if (x->msg) {
		free(mod);
		free(dep);
		return;
	}
	buf_printf(&b, "the standard library of toolchain '%s' ('%s')", c->tc->name, c->ti->stddir);
	if (mod)
		buf_printf(&b, ", module '%s' ('%s')", m->module, mod);
	if (dep)
		buf_printf(&b, ", dependency '%s' ('%s')", dep_for(m, ip)->importpath, dep);
	if (!mod && !dep)
		buf_printf(&b, "; neither the module%s%s%s nor any dependency covers it", m->module ? " '" : "",
			   m->module ? m->module : "", m->module ? "'" : "");
	x->msg = xasprintf("cannot find package '%s'; searched %s", ip, buf_str(&b));
	buf_release(&b);
	free(mod);
	free(dep);
}

static void cycle_error(const struct stack *st, const struct pkg *to, const struct pos *from)
{
	struct buf b = BUF_INIT;
	size_t i = st->n;

	while (i > 0 && st->v[i - 1] != to)
		i--;
	for (i = i ? i - 1 : 0; i < st->n; i++)
		buf_printf(&b, "%s -> ", st->v[i]->path);
	buf_puts(&b, to->path);
	error_at(from, "import cycle not allowed: %s", buf_str(&b));
	buf_release(&b);
}

void plan_add_dep(struct pkg *pkg, struct pkg *dep)
{
	for (size_t i = 0; i < pkg->ndeps; i++)
		if (pkg->deps[i] == dep)
			return;
	xgrow(&pkg->deps, &pkg->cap_deps, pkg->ndeps + 1, sizeof(*pkg->deps));
	pkg->deps[pkg->ndeps++] = dep;
}


/* refuse chosen file names no build file can carry (control characters such as newline) */
static int check_names(const struct pkg *pkg, const struct strv *names)
{
	int rc = 0;

	for (size_t i = 0; i < names->n; i++) {
		for (const unsigned char *s = (const unsigned char *)names->v[i]; *s; s++) {
			if (*s < 0x20 || *s == 0x7f) {
				rc = error("'%s': a file name with control characters is not supported", pkg->dir);
				break;
			}
		}
	}
	return rc;
}

/* resolve pkg's //go:embed patterns; the directories they read are scanned ones: a file
 * added to one may be embedded. -1 after reporting */
static int resolve_embeds(struct plan *p, struct pkg *pkg)
{
	int rc;

	if (pkg->src.nembeds == 0)
		return 0;
	rc = embed_resolve(&pkg->src, &pkg->embed);
	for (size_t i = 0; i < pkg->embed.dirs.n; i++)
		plan_mark_embed_dir(p, pkg->embed.dirs.v[i]);
	return rc < 0 || check_names(pkg, &pkg->embed.files) < 0 ? -1 : 0;
}

/* the #cgo lines of pkg's cgo files, for ctx, held to cmd/go's allowlist and the manifest's
 * cgo_allow: and cgo_disallow:, with pkg-config's flags added; the .pc files pkg-config read
 * are scanned ones. -1 after reporting */
static int read_cgo_directives(struct plan *p, const struct config *c, struct pkg *pkg)
{
	struct strv read = STRV_INIT;
	int rc = 0;

	for (size_t i = 0; i < pkg->src.cgo_files.n; i++) {
		char *path = path_join(pkg->dir, pkg->src.cgo_files.v[i]);
		struct buf t = BUF_INIT;
		struct cgo_preamble *pre = NULL;
		int n = fs_read_file(path, &t) < 0 ? -1 : cgo_preambles_find(path, t.data, t.len, &pre);

		if (n < 0)
			rc = -1;
		for (int j = 0; j < n; j++)
			if (pre[j].len > 0 && cgo_directives_parse(path, t.data + pre[j].off, pre[j].len, pre[j].line,
								   &c->ctx, pkg->dir, &pkg->cgo) < 0)
				rc = -1;
		free(pre);
		buf_release(&t);
		free(path);
	}
	if (rc == 0 && cgo_policy_apply(p->m, c->tc, &pkg->cgo, &read) < 0)
		rc = -1;
	for (size_t i = 0; i < read.n; i++)
		plan_mark_scanned(p, read.v[i]);
	strv_release(&read);
	return rc;
}

/* scan pkg's directory and resolve its imports; -1 after reporting */
static int visit(struct plan *p, struct config *c, struct stack *st, struct pkg *pkg, const struct pos *from)
{
	int rc = goscan_dir(&c->ctx, pkg->dir, &pkg->src);

	plan_mark_scanned(p, pkg->dir);
	for (size_t i = 0; i < pkg->src.paths.n; i++)
		plan_mark_scanned(p, pkg->src.paths.v[i]);
	if (rc == 1 && pkg->src.cgo_ignored > 0)
		return error_at(from, "no buildable Go files for %s/%s (%s compiler) in '%s': its Go files "
				"import \"C\" and cgo is off%s; 'cgo: true' on the target or the board builds "
				"them", c->ctx.goos, c->goarch, c->ctx.compiler, pkg->dir,
				c->tc->compiler == COMPILER_GC ? " (for gc it is off unless asked for, as go build "
				"has it when cross-compiling)" : "");
	if (rc == 1)
		return error_at(from, "no buildable Go files for %s/%s (%s compiler) in '%s'", c->ctx.goos,
				c->goarch, c->ctx.compiler, pkg->dir);
	if (rc < 0)
		return -1;
	return plan_visit_scanned(p, c, st, pkg, from, 0);
}

int plan_visit_scanned(struct plan *p, struct config *c, struct stack *st, struct pkg *pkg,
		       const struct pos *from, int test)
{
	int bad = 0;

	if (check_names(pkg, &pkg->src.go_files) < 0 || check_names(pkg, &pkg->src.cgo_files) < 0 ||
	    check_names(pkg, &pkg->src.c_files) < 0 || read_cgo_directives(p, c, pkg) < 0 ||
	    check_names(pkg, &pkg->src.s_files) < 0 || resolve_embeds(p, pkg) < 0)
		return -1;
	xgrow(&st->v, &st->cap, st->n + 1, sizeof(*st->v));
	st->v[st->n++] = pkg;
	pkg->state = 1;
	for (size_t i = 0; i < pkg->src.nimports; i++) {
		const struct go_import *imp = &pkg->src.imports[i];
		struct pkg *dep;

		if (strcmp(imp->path, "C") == 0)
			continue;
		dep = plan_resolve(p, c, st, imp->path, &imp->pos);
		if (!dep)
			bad = -1;
		else if (!dep->std && strcmp(dep->src.name, "main") == 0)
			bad = error_at(&imp->pos, "import of package main '%s' is not allowed", dep->path);
		else if (!dep->std)
			plan_add_dep(pkg, dep);
	}
	/* what cgo's output imports (cmd/go's load adds them): gccgo has them in libgo */
	for (size_t i = 0; i < 2 && pkg->src.cgo_files.n > 0 && c->tc->compiler == COMPILER_GC; i++)
		if (!plan_resolve(p, c, st, i ? "syscall" : "runtime/cgo", from))
			bad = -1;
	st->n--;
	pkg->state = 2;
	if (test) {
		xgrow(&c->test_order, &c->cap_test_order, c->ntest_order + 1, sizeof(*c->test_order));
		c->test_order[c->ntest_order++] = pkg;
	} else {
		xgrow(&c->order, &c->cap_order, c->norder + 1, sizeof(*c->order));
		c->order[c->norder++] = pkg;
	}
	return bad;
}

static struct pkg *new_pkg(struct config *c, const char *ip)
{
	struct pkg *pkg = xcalloc(1, sizeof(*pkg));

	pkg->path = xstrdup(ip);
	strmap_put(&c->pkgs, ip, pkg);
	return pkg;
}

struct pkg *plan_resolve(struct plan *p, struct config *c, struct stack *st, const char *ip,
			 const struct pos *from)
{
	struct pkg *pkg = strmap_get(&c->pkgs, ip);
	char *dir;
	int rc;

	if (pkg) {
		if (pkg->state == 1) {
			cycle_error(st, pkg, from);
			return NULL;
		}
		return pkg->dir || pkg->std ? pkg : NULL;
	}
	if (strcmp(ip, "unsafe") == 0 || toolchain_is_std(c->ti, ip)) {
		pkg = new_pkg(c, ip);
		pkg->std = 1;
		pkg->state = 2;
		return pkg;
	}
	if ((rc = plan_need_dep(p, ip)) < 0) {
		if (rc == -1)
			note_at(from, "'%s' is imported here", ip);
		new_pkg(c, ip)->state = 2;
		return NULL;
	}
	if (!(dir = plan_locate(p, ip))) {
		not_found(p, c, ip, from);
		new_pkg(c, ip)->state = 2;
		return NULL;
	}
	pkg = new_pkg(c, ip);
	pkg->dir = dir;
	plan_set_lang(p, c, pkg);
	if (visit(p, c, st, pkg, from) < 0) {
		free(pkg->dir);
		pkg->dir = NULL;
		return NULL;
	}
	return pkg;
}

/* depth-first post-order of pkg's dependencies, appended to v->link */
void plan_link_order(struct variant *v, struct pkg *pkg, struct strmap *seen)
{
	if (strmap_get(seen, pkg->path))
		return;
	strmap_put(seen, pkg->path, pkg);
	for (size_t i = 0; i < pkg->ndeps; i++)
		plan_link_order(v, pkg->deps[i], seen);
	xgrow(&v->link, &v->cap_link, v->nlink + 1, sizeof(*v->link));
	v->link[v->nlink++] = pkg;
}

static struct pkg *resolve_main(struct plan *p, struct config *c, const struct mf_target *t)
{
	char *ip = plan_main_path(p->m, t);
	struct stack st = { NULL, 0, 0 };
	struct pkg *pkg = NULL;

	if (ip) {
		pkg = strmap_get(&c->pkgs, ip);
		if (!pkg)
			pkg = plan_resolve(p, c, &st, ip, &t->main_pos);
		if (pkg && (pkg->std || strcmp(pkg->src.name, "main") != 0)) {
			error_at(&t->main_pos, "main '%s' is package '%s', not a command (package main)", t->main,
				 pkg->std ? ip : pkg->src.name);
			pkg = NULL;
		}
	}
	if (pkg)
		pkg->is_main = 1;
	free(st.v);
	free(ip);
	return pkg;
}

char *plan_set_package(const struct variant *v, const char *set)
{
	const char *dot = strchr(set, '=');

	while (dot > set && dot[-1] != '.')
		dot--;
	if (dot - set == 5 && strncmp(set, "main.", 5) == 0)
		return xstrdup(v->main->path);
	return xasprintf("%.*s", (int)(dot - set - 1), set);
}

/* 1 when v links the package called ip */
static int links_package(const struct variant *v, const char *ip)
{
	for (size_t i = 0; i < v->nlink; i++)
		if (strcmp(v->link[i]->path, ip) == 0)
			return 1;
	return 0;
}

/* the variables v's link sets: defines, and in a release the stamps; -1 after reporting */
static int variant_sets(const struct plan *p, struct variant *v)
{
	const struct mf_target *t = v->target;
	int rc = 0;

	strv_extend(&v->sets, &t->defines);
	for (size_t i = 0; i < t->stamps.n; i++) {
		const char *s = t->stamps.v[i], *eq = strchr(s, '='), *what = eq + 1;
		const char *val = !p->stamp ? NULL : !strcmp(what, "version") ? p->stamp->version :
				  !strcmp(what, "commit") ? p->stamp->commit : p->stamp->date;

		if (val)
			strv_pushf(&v->sets, "%.*s=%s", (int)(eq - s), s, val);
	}
	for (size_t i = 0; i < v->sets.n && rc == 0; i++) {
		char *ip = plan_set_package(v, v->sets.v[i]);

		if (!links_package(v, ip))
			rc = error_at(&t->pos, "target '%s' sets '%.*s', but package '%s' is not one of the "
				      "target's packages (the main package or a dependency outside the "
				      "standard library)", t->name, (int)strcspn(v->sets.v[i], "="),
				      v->sets.v[i], ip);
		free(ip);
	}
	strv_sort(&v->sets);
	return rc;
}

static int add_variant(struct plan *p, const struct mf_target *t, const struct mf_board *b,
		       const struct mf_toolchain *tc)
{
	struct config *c = plan_config_for(p, tc, b, t);
	struct strmap seen = STRMAP_INIT;
	struct variant *v;
	struct pkg *main;

	if (!c || !(main = resolve_main(p, c, t)))
		return -1;
	xgrow(&p->vars, &p->cap_vars, p->nvars + 1, sizeof(*p->vars));
	v = &p->vars[p->nvars++];
	memset(v, 0, sizeof(*v));
	v->target = t;
	v->board = b;
	v->cfg = c;
	v->main = main;
	v->out = xasprintf("out/%s/%s/%s/%s", t->name, b->name, tc->name, t->name);
	plan_link_order(v, main, &seen);
	strmap_release(&seen);
	return variant_sets(p, v);
}

/* every toolchain the target uses on board b */
static int target_on_board(struct plan *p, const struct mf_target *t, const struct mf_board *b)
{
	const struct manifest *m = p->m;
	int rc = 0;

	if (t->toolchains.n == 0)
		return add_variant(p, t, b, manifest_toolchain(m, b->toolchain));
	for (size_t i = 0; i < t->toolchains.n; i++)
		if (add_variant(p, t, b, manifest_toolchain(m, t->toolchains.v[i])) < 0)
			rc = -1;
	return rc;
}

/* "name=value\n" for each variable of v in package pkg, sorted */
static char *pkg_sets(const struct variant *v, const struct pkg *pkg)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < v->sets.n; i++) {
		const char *s = v->sets.v[i], *name = strchr(s, '=');
		char *ip = plan_set_package(v, s);

		while (name > s && name[-1] != '.')
			name--;
		if (strcmp(ip, pkg->path) == 0)
			buf_printf(&b, "%s\n", name);
		free(ip);
	}
	return buf_detach(&b);
}

/*
 * gccgo has no -X: a variable is set by a generated file compiled into its package, and a
 * package is compiled once per configuration. So every variant of a configuration that links
 * a package must set the same variables in it to the same values. -1 after reporting.
 */
static int check_gccgo_sets(struct plan *p)
{
	int rc = 0;

	for (size_t i = 0; i < p->nvars; i++) {
		struct variant *v = &p->vars[i];

		if (v->cfg->tc->compiler != COMPILER_GCCGO)
			continue;
		for (size_t j = 0; j < v->nlink; j++) {
			struct pkg *pkg = v->link[j];
			char *sets = pkg_sets(v, pkg);

			if (!pkg->sets) {
				pkg->sets = sets;
				pkg->sets_by = v;
				continue;
			}
			if (strcmp(sets, pkg->sets) != 0) {
				rc = error_at(&v->target->pos, "target '%s' and target '%s' set different "
					      "variables of package '%s'; with gccgo (configuration '%s') the "
					      "package is compiled once for both", pkg->sets_by->target->name,
					      v->target->name, pkg->path, v->cfg->name);
				note_at(&pkg->sets_by->target->pos, "target '%s' is defined here",
					pkg->sets_by->target->name);
			}
			free(sets);
		}
	}
	return rc;
}

int plan_links_glibc_nss(const struct variant *v)
{
	/* the standard packages that bring in net (libgo's, with cgo's resolver) or os/user */
	static const char *const users[] = { "net", "os/user", "crypto/tls", "log/syslog", "expvar" };

	if (v->cfg->tc->compiler != COMPILER_GCCGO || v->target->link != LINK_STATIC)
		return 0;
	/* the link holds the packages outside the standard library: their imports say */
	for (size_t i = 0; i < v->nlink; i++) {
		for (size_t k = 0; k < v->link[i]->src.nimports; k++) {
			const char *path = v->link[i]->src.imports[k].path;

			if (str_has_prefix(path, "net/"))
				return 1;
			for (size_t j = 0; j < ARRAY_LEN(users); j++)
				if (strcmp(path, users[j]) == 0)
					return 1;
		}
	}
	return 0;
}

/* once for the plan: the static gccgo binaries whose name service needs the build
 * machine's glibc (the linker warns of it for every such link, and mipsbake keeps that out) */
static void note_glibc_nss(const struct plan *p)
{
	struct buf who = BUF_INIT;
	size_t n = 0;

	for (size_t i = 0; i < p->nvars; i++) {
		const struct variant *v = &p->vars[i];

		if (plan_links_glibc_nss(v) && n++ == 0)
			buf_printf(&who, "%s/%s/%s", v->target->name, v->board->name, v->cfg->tc->name);
	}
	if (n > 1)
		buf_printf(&who, " and %zu more", n - 1);
	if (n)
		note("%s link%s glibc statically with package net or os/user: looking up hosts, "
		     "services or users then needs the build machine's glibc NSS libraries on the "
		     "board, which OpenWrt (musl) does not have; build with gc (its resolver is Go), "
		     "or with 'link: static-libgo' or 'link: dynamic'", buf_str(&who), n > 1 ? "" : "s");
	buf_release(&who);
}

int plan_make(const struct manifest *m, const struct dep_source *src, struct fetch_session *fetch,
	      const struct stamp_values *stamp, struct plan *p)
{
	int rc = 0;

	memset(p, 0, sizeof(*p));
	p->m = m;
	p->src = src;
	p->fetch = fetch;
	p->stamp = stamp;
	for (size_t i = 0; i < m->ntargets; i++) {
		const struct mf_target *t = &m->targets[i];

		for (size_t j = 0; j < t->boards.n; j++)
			if (target_on_board(p, t, manifest_board(m, t->boards.v[j])) < 0)
				rc = -1;
	}
	plan_report_missing(p);
	if (rc == 0)
		rc = check_gccgo_sets(p);
	if (rc == 0)
		note_glibc_nss(p);
	return rc;
}

/* a main in the module: its directory exists and holds package main for c; -1 after reporting */
static int check_main_dir(const struct plan *p, const struct config *c, const struct mf_target *t,
			  const char *ip)
{
	char *dir = module_dir(p->m, ip);
	struct go_pkg pkg;
	int rc = 0, got;

	if (!dir)
		return 0;        /* a dependency's: it may be fetched yet */
	memset(&pkg, 0, sizeof(pkg));
	if (!fs_is_dir(dir))
		rc = error_at(&t->main_pos, "main '%s': no directory '%s' in module '%s'", t->main, dir,
			      p->m->module);
	else if ((got = goscan_dir(&c->ctx, dir, &pkg)) == 1)
		rc = error_at(&t->main_pos, "main '%s': no buildable Go files for %s/%s (%s compiler) in '%s'",
			      t->main, c->ctx.goos, c->goarch, c->ctx.compiler, dir);
	else if (got < 0)
		rc = -1;
	else if (strcmp(pkg.name, "main") != 0)
		rc = error_at(&t->main_pos, "main '%s' is package '%s', not a command (package main)",
			      t->main, pkg.name);
	go_pkg_release(&pkg);
	free(dir);
	return rc;
}

/* the configuration of target t on board b with toolchain tc, kept in *first when it is
 * the target's first; -1 after reporting */
static int check_config(struct plan *p, const struct mf_target *t, const struct mf_board *b,
			const struct mf_toolchain *tc, struct config **first)
{
	struct config *c = plan_config_for(p, tc, b, t);

	if (c && !*first)
		*first = c;
	return c ? 0 : -1;
}

/* the checks of target t that read no dependency: each board x toolchain, then its main
 * once (for the first configuration: where the main is does not depend on the board) */
static int check_target(struct plan *p, const struct mf_target *t)
{
	const struct manifest *m = p->m;
	struct config *first = NULL;
	char *ip;
	int rc = 0;

	for (size_t j = 0; j < t->boards.n; j++) {
		const struct mf_board *b = manifest_board(m, t->boards.v[j]);

		if (t->toolchains.n == 0 && check_config(p, t, b, manifest_toolchain(m, b->toolchain), &first) < 0)
			rc = -1;
		for (size_t k = 0; k < t->toolchains.n; k++)
			if (check_config(p, t, b, manifest_toolchain(m, t->toolchains.v[k]), &first) < 0)
				rc = -1;
	}
	if (!(ip = plan_main_path(m, t)))
		return -1;
	if (first && check_main_dir(p, first, t, ip) < 0)
		rc = -1;
	free(ip);
	return rc;
}

int plan_check(const struct manifest *m, struct plan *p)
{
	int rc = 0;

	memset(p, 0, sizeof(*p));
	p->m = m;
	for (size_t i = 0; i < m->ntargets; i++)
		if (check_target(p, &m->targets[i]) < 0)
			rc = -1;
	return rc;
}

size_t plan_package_count(const struct plan *p)
{
	size_t n = 0;

	for (size_t i = 0; i < p->ncfgs; i++)
		n += p->cfgs[i]->norder;
	return n;
}

void plan_pkg_free(struct pkg *pkg)
{
	if (pkg->borrowed) {
		free(pkg->path);
		free(pkg->objkey);
		free(pkg->deps);
		free(pkg);
		return;
	}
	free(pkg->objkey);
	free(pkg->path);
	free(pkg->dir);
	free(pkg->deps);
	free(pkg->sets);
	go_pkg_release(&pkg->src);
	embed_set_release(&pkg->embed);
	cgo_directives_release(&pkg->cgo);
	free(pkg);
}

static void config_free(struct config *c)
{
	for (size_t i = 0; i < c->pkgs.cap; i++)
		if (c->pkgs.keys[i])
			plan_pkg_free(c->pkgs.vals[i]);
	strmap_release(&c->pkgs);
	free(c->order);
	free(c->test_order);
	free(c->name);
	free(c->dir);
	free(c->cc);
	free(c->ccq);
	free(c->sysroot);
	strv_release(&c->tags);
	free(c);
}

/* the test binaries and the packages they made */
static void tests_release(struct plan *p)
{
	for (size_t i = 0; i < p->ntests; i++) {
		struct test_variant *t = &p->tests[i];

		for (size_t j = 0; j < t->nowned; j++)
			plan_pkg_free(t->owned[j]);
		free(t->owned);
		free(t->pkgpath);
		free(t->dir);
		test_funcs_release(&t->tf);
		test_funcs_release(&t->xf);
		free(t->testmain_dir);
		free(t->testkey);
		strv_release(&t->tests);
		strv_release(&t->boards);
		free(t->v.out);
		free(t->v.link);
		strv_release(&t->v.sets);
	}
	free(p->tests);
}

void plan_release(struct plan *p)
{
	for (size_t i = 0; i < p->ncfgs; i++)
		config_free(p->cfgs[i]);
	free(p->cfgs);
	for (size_t i = 0; i < p->ntis; i++) {
		toolchain_release(p->tis[i]);
		free(p->tis[i]);
	}
	free(p->tis);
	for (size_t i = 0; i < p->nvars; i++) {
		free(p->vars[i].out);
		free(p->vars[i].link);
		strv_release(&p->vars[i].sets);
	}
	free(p->vars);
	missing_flush(p, 0);     /* plan_make and plan_tests said them: nothing is left */
	tests_release(p);
	strmap_release(&p->scanned);
	strmap_release(&p->warned);
	if (p->memo)
		scan_memo_release(p->memo);
	free(p->memo);
	memset(p, 0, sizeof(*p));
}
