/* main.c: the command line: parse options, pick the command, choose the exit code */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_files.h"
#include "gostd.h"
#include "manifest.h"
#include "ninja.h"
#include "os.h"
#include "plan.h"
#include "run.h"
#include "banned.h"

#ifndef MIPSBAKE_DATADIR
#define MIPSBAKE_DATADIR "/usr/local/share/mipsbake"
#endif
#define MIPSBAKE_VERSION "0.1.0"
#define DEFAULT_MANIFEST "mipsbake.yaml"
#define STAMP ".mipsbake-manifest"

/* what the command line asked for */
struct opts {
	const char *command;     /* "build", "gen" or "validate" */
	const char *manifest;
	const char *builddir;
	int jobs, dry_run, verbose, regenerate;
};

static const char usage_text[] =
	"usage: mipsbake [options] [command] [manifest]\n"
	"\n"
	"Build Go programs for MIPS boards from a YAML manifest (default: " DEFAULT_MANIFEST ").\n"
	"\n"
	"commands:\n"
	"  build      generate the build files when needed, then run Ninja (the default)\n"
	"  gen        generate build.ninja only\n"
	"  validate   load and check the manifest only\n"
	"  files      print the files chosen for Go package directories (mipsbake files --help)\n"
	"\n"
	"options:\n"
	"  -B DIR         build directory (default: ./build)\n"
	"  -j N           run N jobs in parallel (default: the number of CPUs)\n"
	"  -n, --dry-run  print the commands that would run, run none\n"
	"  -v, --verbose  print full command lines\n"
	"  -h, --help     show this help\n"
	"      --version  print the version\n"
	"\n"
	"Artifacts: <build>/out/<target>/<board>/<toolchain>/<target>.\n"
	"Exit status: 0 success, 1 error (or Ninja's own status), 2 usage.\n";

static int usage(FILE *f, int code)
{
	fputs(usage_text, f);
	return code;
}

/* the data directory: beside the binary when installed (relocatable) or in a source tree,
 * else the configured one */
static char *data_dir(void)
{
	char *exedir = path_dir(os_self_exe());
	char *cands[2] = { path_join(exedir, "../share/mipsbake"), path_join(exedir, "..") };
	char *found = NULL;

	for (size_t i = 0; i < 2 && !found; i++) {
		char *m = path_join(cands[i], "manifests"), *t = path_join(cands[i], "toolchains");

		if (fs_is_dir(m) && fs_is_dir(t))
			found = path_abs(cands[i]);
		free(m);
		free(t);
	}
	for (size_t i = 0; i < 2; i++)
		free(cands[i]);
	free(exedir);
	return found ? found : xstrdup(MIPSBAKE_DATADIR);
}

/* the directories includes are searched in after the including file's own */
static void search_dirs(struct strv *dirs)
{
	char *data = data_dir();

	strv_pushf(dirs, "%s/manifests", data);
	strv_push(dirs, data);
	strv_pushf(dirs, "%s/toolchains", data);
	free(data);
}

static int load(const char *path, struct manifest *m)
{
	struct strv dirs = STRV_INIT;
	int rc;

	search_dirs(&dirs);
	rc = manifest_load(path, &dirs, m);
	strv_release(&dirs);
	return rc;
}

/* load, plan and write the build files; 0 or 1 */
static int generate(const struct opts *o, const char *builddir, const char *manifest)
{
	struct manifest m;
	struct plan p;
	struct gen_opts g = { builddir, manifest, os_self_exe() };
	char *stamp = path_join(builddir, STAMP);
	int rc = 1;

	memset(&m, 0, sizeof(m));
	memset(&p, 0, sizeof(p));
	if (load(o->manifest, &m) == 0 && plan_make(&m, &p) == 0 && ninja_generate(&p, &g) == 0 &&
	    fs_write_if_changed(stamp, manifest, strlen(manifest)) >= 0) {
		rc = 0;
		if (strcmp(o->command, "gen") == 0 && !o->regenerate)
			printf("generated '%s/build.ninja': %zu configurations, %zu packages, %zu binaries\n",
			       builddir, p.ncfgs, plan_package_count(&p), p.nvars);
	}
	plan_release(&p);
	manifest_release(&m);
	free(stamp);
	return rc;
}

/* 1 when builddir already holds build files generated from manifest (Ninja keeps them fresh) */
static int generated_from(const char *builddir, const char *manifest)
{
	char *stamp = path_join(builddir, STAMP);
	char *ninja = path_join(builddir, "build.ninja");
	struct buf b = BUF_INIT;
	int same = fs_is_file(ninja) && fs_is_file(stamp) && fs_read_file(stamp, &b) == 0 &&
		   strcmp(buf_str(&b), manifest) == 0;

	buf_release(&b);
	free(stamp);
	free(ninja);
	return same;
}

static int cmd_build(const struct opts *o, const char *builddir, const char *manifest)
{
	struct run_opts r = { builddir, o->jobs, o->dry_run, o->verbose, NULL };

	if (!fs_is_file(manifest))
		return error("could not open manifest '%s':", o->manifest), 1;
	/* a dry run regenerates first: Ninja would only show that it has to */
	if ((o->dry_run || !generated_from(builddir, manifest)) && generate(o, builddir, manifest) != 0)
		return 1;
	return run_ninja(&r);
}

static int dispatch(const struct opts *o)
{
	struct manifest m;
	char *builddir, *manifest;
	int rc;

	if (strcmp(o->command, "validate") == 0) {
		memset(&m, 0, sizeof(m));
		rc = load(o->manifest, &m) == 0 ? 0 : 1;
		manifest_release(&m);
		return rc;
	}
	builddir = path_abs(o->builddir);
	manifest = path_abs(o->manifest);
	if (strcmp(o->command, "gen") == 0)
		rc = generate(o, builddir, manifest);
	else
		rc = cmd_build(o, builddir, manifest);
	free(builddir);
	free(manifest);
	return rc;
}

static int parse_jobs(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || n < 1 || n > 1024)
		return -1;
	return (int)n;
}

/* the command and manifest from the operands; -1 on usage error */
static int parse_operands(struct opts *o, int argc, char **argv)
{
	static const char *const commands[] = { "build", "gen", "validate" };

	if (optind < argc) {
		for (size_t i = 0; i < ARRAY_LEN(commands); i++)
			if (strcmp(argv[optind], commands[i]) == 0)
				o->command = argv[optind++];
	}
	if (optind < argc)
		o->manifest = argv[optind++];
	if (optind < argc) {
		error("unexpected argument '%s'", argv[optind]);
		return -1;
	}
	return 0;
}

/* fill o from argv; returns -1 to go on, else the exit code to leave with */
static int parse_args(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dry-run", no_argument, NULL, 'n' }, { "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },    { "version", no_argument, NULL, 'V' },
		{ "regenerate", no_argument, NULL, 'R' }, { NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "B:j:nvh", longopts, NULL)) != -1) {
		switch (c) {
		case 'B': o->builddir = optarg; break;
		case 'j':
			if ((o->jobs = parse_jobs(optarg)) < 0)
				return error("-j takes a number from 1 to 1024, not '%s'", optarg), 2;
			break;
		case 'n': o->dry_run = 1; break;
		case 'v': o->verbose = 1; break;
		case 'R': o->regenerate = 1; break;
		case 'h': return usage(stdout, 0);
		case 'V': puts("mipsbake " MIPSBAKE_VERSION); return 0;
		default: return usage(stderr, 2);
		}
	}
	if (parse_operands(o, argc, argv) < 0)
		return usage(stderr, 2);
	return -1;
}

int main(int argc, char **argv)
{
	struct opts o = { "build", DEFAULT_MANIFEST, "build", 0, 0, 0, 0 };
	int rc;

	if (argc > 1 && strcmp(argv[1], "files") == 0)
		return cmd_files(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "gc-std") == 0)
		return cmd_gc_std(argc - 1, argv + 1);
	rc = parse_args(&o, argc, argv);
	if (rc >= 0)
		return rc;
	return dispatch(&o);
}
