/* gostd.c: building and collecting the standard library for the gc backend */
#include <getopt.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "lib/os.h"
#include "lib/sha256.h"
#include "plan/gostd.h"
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
	strv_push(&env, "GOOS=linux");
	strv_pushf(&env, "GOARCH=%s", o->goarch);
	strv_push_owned(&env, toolchain_gomips_env(o->goarch, o->gomips));
	if (o->cc) {
		/* cmd/go's defaults, not the environment's: it must not decide the build */
		strv_push(&env, "CGO_ENABLED=1");
		strv_pushf(&env, "CC=%s", o->cc);
		strv_push(&env, "CGO_CFLAGS=-O2 -g");
		strv_push(&env, "CGO_CPPFLAGS=");
		strv_push(&env, "CGO_LDFLAGS=-O2 -g");
	} else {
		strv_push(&env, "CGO_ENABLED=0");
	}
	strv_push(&env, "GO111MODULE=off");
	strv_push(&env, "GOFLAGS=");
	if (o->goroot)
		strv_pushf(&env, "GOROOT=%s", o->goroot);
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
