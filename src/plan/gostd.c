/* gostd.c: building and collecting the standard library for the gc backend */
#include <getopt.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "lib/os.h"
#include "lib/sha256.h"
#include "plan/gostd.h"
#include "plan/plan.h"
#include "plan/toolchain.h"
#include "lib/banned.h"

/* what gc-std was asked for */
struct std_opts {
	const char *go, *goroot, *goarch, *gomips, *outdir;
	const char *tags;          /* go list -tags, NULL: none */
	const char *cc;            /* the C compiler for cgo, NULL: cgo off */
};

/* copy src to OUTDIR/pkg/<ip>.a and add its importcfg line, with the file's digest in a
 * comment: the importcfg's bytes then change with any export data, so that the action
 * cache, which keys a compile on the bytes of its inputs, need not hash every file */
static int collect(const struct std_opts *o, const char *ip, const char *src, struct buf *cfg)
{
	struct buf data = BUF_INIT;
	char *dst = xasprintf("%s/pkg/%s.a", o->outdir, ip);
	char *dir = path_dir(dst), hex[65];
	int rc = fs_read_file(src, &data);

	if (rc == 0)
		rc = fs_mkdir_p(dir);
	if (rc == 0)
		rc = fs_write_if_changed(dst, data.data, data.len) < 0 ? -1 : 0;
	sha256_hex(data.data ? data.data : "", data.len, hex);
	buf_printf(cfg, "packagefile %s=%s\n# sha256 %s\n", ip, dst, hex);
	buf_release(&data);
	free(dst);
	free(dir);
	return rc;
}

/* go list's "path=export" lines into the package files and the importcfg */
static int collect_all(const struct std_opts *o, const char *list)
{
	struct buf cfg = BUF_INIT;
	char *path = path_join(o->outdir, "importcfg");
	int rc = 0;

	while (*list && rc == 0) {
		size_t n = strcspn(list, "\n");
		char *line = xstrndup(list, n);
		char *eq = strchr(line, '=');

		if (eq && eq[1]) {
			*eq = '\0';
			rc = collect(o, line, eq + 1, &cfg);
		} else if (n && strcmp(line, "unsafe=") != 0) { /* unsafe is built into the compiler */
			rc = error("go list: no export data for '%s'", line);
		}
		free(line);
		list += n + (list[n] == '\n');
	}
	if (rc == 0)
		rc = fs_write_if_changed(path, buf_str(&cfg), cfg.len) < 0 ? -1 : 0;
	buf_release(&cfg);
	free(path);
	return rc;
}

/* the environment go list runs with for o */
static void list_env(const struct std_opts *o, struct strv *env)
{
	strv_push(env, "GOOS=linux");
	strv_pushf(env, "GOARCH=%s", o->goarch);
	strv_push_owned(env, toolchain_gomips_env(o->goarch, o->gomips));
	if (o->cc) {
		/* cmd/go's defaults, not the environment's: it must not decide the build */
		strv_push(env, "CGO_ENABLED=1");
		strv_pushf(env, "CC=%s", o->cc);
		strv_push(env, "CGO_CFLAGS=-O2 -g");
		strv_push(env, "CGO_CPPFLAGS=");
		strv_push(env, "CGO_LDFLAGS=-O2 -g");
	} else {
		strv_push(env, "CGO_ENABLED=0");
	}
	strv_push(env, "GO111MODULE=off");
	strv_push(env, "GOFLAGS=");
	if (o->goroot)
		strv_pushf(env, "GOROOT=%s", o->goroot);
}

static int run_list(const struct std_opts *o, char **pkgs, int npkgs)
{
	struct strv argv = STRV_INIT, env = STRV_INIT;
	struct buf out = BUF_INIT;
	int rc;

	strv_push(&argv, o->go);
	strv_push(&argv, "list");
	strv_push(&argv, "-trimpath");
	strv_push(&argv, "-export");
	strv_push(&argv, "-deps");
	if (o->tags)
		strv_pushf(&argv, "-tags=%s", o->tags);
	strv_push(&argv, "-f");
	strv_push(&argv, "{{if .Standard}}{{.ImportPath}}={{.Export}}{{end}}");
	for (int i = 0; i < npkgs; i++)
		strv_push(&argv, pkgs[i]);
	list_env(o, &env);
	rc = os_run(argv.v, env.v, &out, 0);
	if (rc != 0)
		rc = error("'%s list -export' failed for GOARCH=%s GOMIPS=%s%s", o->go, o->goarch, o->gomips,
			   o->cc ? " with cgo" : "");
	else
		rc = fs_mkdir_p(o->outdir) < 0 ? -1 : collect_all(o, buf_str(&out));
	strv_release(&argv);
	strv_release(&env);
	buf_release(&out);
	return rc;
}

#define GC_STD_USAGE "usage: mipsbake gc-std --go GO [--goroot DIR] --goarch A --gomips M " \
	"[--tags T,...] [--cc CC] OUTDIR PKG..."

int cmd_gc_std(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "go", required_argument, NULL, 'g' },     { "goroot", required_argument, NULL, 'r' },
		{ "goarch", required_argument, NULL, 'a' }, { "gomips", required_argument, NULL, 'm' },
		{ "tags", required_argument, NULL, 't' },   { "cc", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	struct std_opts o = { NULL, NULL, NULL, NULL, NULL, NULL, NULL };
	int c;

	optind = 1;
	opterr = 0;
	if (argc == 2 && is_help(argv[1]))
		return puts(GC_STD_USAGE "\nbuild the standard library's export data for a GOARCH and\n"
			    "GOMIPS into OUTDIR (run by the generated build)"), 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'g': o.go = optarg; break;
		case 'r': o.goroot = optarg; break;
		case 'a': o.goarch = optarg; break;
		case 'm': o.gomips = optarg; break;
		case 't': o.tags = optarg; break;
		case 'c': o.cc = optarg; break;
		default:
			return usage_error("gc-std", "%s '%s'", c == ':' ? "a value is missing after" :
					   "unknown option", argv[optind - 1]);
		}
	}
	if (!o.go || !o.goarch || !o.gomips || argc - optind < 2)
		return usage_error("gc-std", "expected " GC_STD_USAGE + strlen("usage: mipsbake gc-std "));
	o.outdir = argv[optind];
	return run_list(&o, argv + optind + 1, argc - optind - 1) == 0 ? 0 : 1;
}

/*
 * Per-package standard library: what go list says of each package the build needs, one
 * line each, dependencies first. Tab-separated: import path, directory, Go files, assembly
 * files, imports as resolved (a vendored one as "vendor/<path>"), and the files no per-
 * package compile here handles (cgo, C, syso, embedded: none with cgo off).
 */
#define STD_TEMPLATE "{{if .Standard}}{{.ImportPath}}\t{{.Dir}}\t{{join .GoFiles \" \"}}\t" \
	"{{join .SFiles \" \"}}\t{{join .Imports \" \"}}\t{{join .CgoFiles \" \"}}{{join .CFiles \" \"}}" \
	"{{join .CXXFiles \" \"}}{{join .MFiles \" \"}}{{join .FFiles \" \"}}{{join .SysoFiles \" \"}}" \
	"{{join .SwigFiles \" \"}}{{join .SwigCXXFiles \" \"}}{{join .EmbedFiles \" \"}}\n{{end}}"

/* split the space-separated words of s[0, n) onto v */
static void push_words(struct strv *v, const char *s, size_t n)
{
	while (n > 0) {
		size_t w = strcspn(s, " ");

		if (w > n)
			w = n;
		if (w)
			strv_push_owned(v, xstrndup(s, w));
		s += w + (w < n);
		n -= w + (w < n);
	}
}

/* pkg's imports (space-separated, s[0, n)) as its deps: packages of g listed before it */
static int add_imports(struct std_graph *g, struct pkg *pkg, const char *s, size_t n)
{
	struct strv imports = STRV_INIT;
	int rc = 0;

	push_words(&imports, s, n);
	for (size_t i = 0; i < imports.n && rc == 0; i++) {
		struct pkg *dep = strmap_get(&g->by_path, imports.v[i]);

		if (dep)
			plan_add_dep(pkg, dep);
		else if (strcmp(imports.v[i], "unsafe") != 0) /* built into the compiler */
			rc = error("go list: '%s' imports '%s', not listed before it", pkg->path, imports.v[i]);
	}
	strv_release(&imports);
	return rc;
}

/* one line of STD_TEMPLATE's output into a package of g; -1 after reporting */
static int parse_std_line(struct std_graph *g, const char *line)
{
	const char *f[6];
	size_t len[6];
	struct pkg *pkg;

	for (int i = 0; i < 6; i++) {
		f[i] = line;
		len[i] = strcspn(line, i < 5 ? "\t" : "");
		if (i < 5 && !line[len[i]])
			return error("go list: unexpected output line '%s'", f[0]);
		line += len[i] + (i < 5);
	}
	if (len[0] == strlen("unsafe") && strncmp(f[0], "unsafe", len[0]) == 0)
		return 0; /* the compiler's own: nothing to compile */
	if (len[5] > 0)
		return error("standard library package '%.*s' has cgo, C, syso or embedded files, which only "
			     "'go list -export' builds", (int)len[0], f[0]);
	pkg = xcalloc(1, sizeof(*pkg));
	pkg->path = xstrndup(f[0], len[0]);
	pkg->objkey = xasprintf("_std/%s", pkg->path);
	pkg->dir = xstrndup(f[1], len[1]);
	pkg->std = 1;
	pkg->state = 2;
	push_words(&pkg->src.go_files, f[2], len[2]);
	push_words(&pkg->src.s_files, f[3], len[3]);
	xgrow(&g->v, &g->cap, g->n + 1, sizeof(*g->v));
	g->v[g->n++] = pkg;
	strmap_put(&g->by_path, pkg->path, pkg);
	return add_imports(g, pkg, f[4], len[4]);
}

/* c's options for go list: its go command, GOROOT, GOARCH, GOMIPS, tags ("a,b", *tags owned) */
static void config_opts(const struct config *c, struct std_opts *o, char **tags)
{
	struct buf t = BUF_INIT;

	for (size_t i = 0; i < c->tags.n; i++)
		buf_printf(&t, "%s%s", i ? "," : "", c->tags.v[i]);
	*tags = c->tags.n ? buf_detach(&t) : NULL;
	buf_release(&t);
	memset(o, 0, sizeof(*o));
	o->go = c->ti->go;
	o->goroot = c->tc->goroot && strcmp(c->tc->goroot, "auto") != 0 ? c->tc->goroot : NULL;
	o->goarch = c->goarch;
	o->gomips = c->gomips;
	o->tags = *tags;
}

int gostd_load(const struct config *c, const struct strv *pkgs, struct std_graph *g)
{
	struct strv argv = STRV_INIT, env = STRV_INIT;
	struct buf out = BUF_INIT;
	struct std_opts o;
	char *tags;
	int rc;

	config_opts(c, &o, &tags);
	strv_push(&argv, o.go);
	strv_push(&argv, "list");
	strv_push(&argv, "-deps");
	if (o.tags)
		strv_pushf(&argv, "-tags=%s", o.tags);
	strv_push(&argv, "-f");
	strv_push(&argv, STD_TEMPLATE);
	strv_extend(&argv, pkgs);
	list_env(&o, &env);
	rc = toolchain_run_cached(argv.v, env.v, &out);
	if (rc != 0 && os_run(argv.v, env.v, &out, 0) != 0) /* again, to show what go said */
		rc = error("'%s list -deps' of the standard library failed for GOARCH=%s GOMIPS=%s", o.go,
			   o.goarch, o.gomips);
	for (const char *s = buf_str(&out); rc == 0 && *s;) {
		size_t n = strcspn(s, "\n");
		char *line = xstrndup(s, n);

		rc = parse_std_line(g, line);
		free(line);
		s += n + (s[n] == '\n');
	}
	strv_release(&argv);
	strv_release(&env);
	buf_release(&out);
	free(tags);
	return rc;
}

void gostd_release(struct std_graph *g)
{
	for (size_t i = 0; i < g->n; i++)
		plan_pkg_free(g->v[i]);
	free(g->v);
	strmap_release(&g->by_path);
	memset(g, 0, sizeof(*g));
}
