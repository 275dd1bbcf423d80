/* main.c: the command line: parse options, pick the command, choose the exit code */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "build.h"
#include "check/pkgreport.h"
#include "check/pkgtest.h"
#include "check/sizes.h"
#include "check/smoke.h"
#include "emit/testmain.h"
#include "fetch/goimport.h"
#include "fetch/gomod.h"
#include "fetch/modsrc.h"
#include "fetch/modver.h"
#include "fetch/modzip.h"
#include "fetch/vendor.h"
#include "init.h"
#include "lib/dirlock.h"
#include "lib/os.h"
#include "lib/regex.h"
#include "manifest/boards.h"
#include "plan/gostd.h"
#include "release/release.h"
#include "scan/cgoflags.h"
#include "scan/cmd_files.h"
#include "lib/banned.h"

#define MIPSBAKE_VERSION "0.1.0"
#define DEFAULT_MANIFEST "mipsbake.yaml"

static const char usage_text[] =
	"usage: mipsbake [options] [command] [manifest] [DEP...]\n"
	"\n"
	"Build Go programs for MIPS boards from a YAML manifest (default: " DEFAULT_MANIFEST ").\n"
	"\n"
	"commands:\n"
	"  build      fetch and generate when needed, then run Ninja (the default)\n"
	"  gen        fetch and generate build.ninja only\n"
	"  fetch      fetch the git dependencies and write the lock only (go.mod's modules:\n"
	"             those the build imports)\n"
	"  deps       list the dependencies, their locked commits, whether they are cached and\n"
	"             their URLs\n"
	"  validate   load and check the manifest only\n"
	"  sizes      build, then print each binary's size against its board's budgets\n"
	"             (--json: as JSON; --packages: each binary's bytes by Go package, C\n"
	"             library and libgo; --html FILE: that as SVG treemaps in an HTML file)\n"
	"  test [PKG...]  build, then run every target's smoke tests and the package tests of\n"
	"             'tests:' under qemu with each board's CPU (PKG...: only those packages;\n"
	"             --run RE, --json (go test -json's events), --junit FILE, --count=1)\n"
	"  run BOARD TARGET [manifest] [-- ARGS]\n"
	"             build, then run one binary under qemu with the board's CPU\n"
	"  release    build the release from a clean git work tree, the lock frozen, 'stamp:'\n"
	"             variables set: binaries, SHA256SUMS and provenance.yaml in --dist\n"
	"  verify     build the release twice in fresh clones (other path, umask, TZ, locale)\n"
	"             and compare every file; name the first difference and its ELF section\n"
	"  boards     list the board library (mipsbake boards [--json])\n"
	"  init       write a mipsbake.yaml for the Go module here: a target per main package\n"
	"             (mipsbake init [--board NAME]...)\n"
	"  files      print the files chosen for Go package directories (mipsbake files --help)\n"
	"  gomod      print go.mod files as 'go mod edit -json' does (mipsbake gomod FILE...)\n"
	"  cgoflags   check #cgo flags as go build does (mipsbake cgoflags FILE.go...)\n"
	"  testmain   print the _testmain.go 'go test' writes (mipsbake testmain --help)\n"
	"  vendorcheck  check vendor/ as 'go build -mod=vendor' does (mipsbake vendorcheck DIR)\n"
	"  modhash    print a module's go.sum lines from a git repository\n"
	"             (mipsbake modhash REPO REV MODULE VERSION [SUBDIR])\n"
	"  modver     print the commit a module version names in a git repository\n"
	"             (mipsbake modver REPO MODULE VERSION [TAG_PREFIX])\n"
	"  modsrc     print where a module's git repository is (mipsbake modsrc MODULE [PREFIX=URL...])\n"
	"  goimport   print an import path's go-import meta tag (mipsbake goimport IMPORTPATH)\n"
	"\n";
/* the options, apart: one string literal may hold at most 4095 bytes in C11 */
static const char usage_options[] =
	"options:\n"
	"  -B DIR           build directory (default: ./build)\n"
	"  -j N             run N jobs in parallel (default: the number of CPUs)\n"
	"  -n, --dry-run    print the commands that would run, run none\n"
	"  -v, --verbose    print full command lines\n"
	"      --cache-dir DIR  the git cache (default: $MIPSBAKE_CACHE, else\n"
	"                   $XDG_CACHE_HOME/mipsbake, else ~/.cache/mipsbake)\n"
	"      --offline    never touch the network; fail when the cache lacks something\n"
	"      --frozen     fail when the lock file would change (for CI)\n"
	"      --update     resolve the revs of the DEPs named after the manifest (all: none named)\n"
	"                   again and rewrite the lock; add go.sum lines it lacks\n"
	"      --dist DIR   release: where the release goes (default: ./dist); verify: the dist\n"
	"                   its clean-tree check leaves out, as release's does\n"
	"      --allow-dirty  release: build a work tree with uncommitted changes; the\n"
	"                   version ends in \"-dirty\"\n"
	"      --packages   sizes: where each binary's bytes go, by package (links stripped\n"
	"                   binaries again, unstripped, into <build>/unstripped/ for the symbols)\n"
	"      --html FILE  sizes: write the --packages report as HTML with an SVG treemap per\n"
	"                   binary (implies --packages)\n"
	"      --run RE     test: only the package tests RE (PCRE2) matches, as go test -run\n"
	"      --junit FILE test: write the package tests' results as JUnit XML\n"
	"      --count=1    test: run the package tests again, not their cached results\n"
	"      --no-wait    fail at once when another mipsbake is running in the build\n"
	"                   directory, rather than wait for it\n"
	"  -h, --help       show this help\n"
	"      --version    print the version\n"
	"\n"
	"The lock file sits beside the manifest: board.yaml -> board.lock.\n"
	"Release files: <dist>/<target>_<version>_linux_<goarch>_<gomips>_<compiler>;\n"
	"SOURCE_DATE_EPOCH, when set, overrides the commit time.\n"
	"Artifacts: <build>/out/<target>/<board>/<toolchain>/<target>.\n"
	"Exit status: 0 success, 1 error (or Ninja's own status), 2 usage.\n";

/* what the command line asked for */
struct cli {
	const char *command;
	const char *manifest;
	const char *builddir;
	struct build_opts b;
	int json;                /* sizes --json, test --json */
	int packages;            /* sizes --packages */
	const char *html;        /* sizes --html FILE */
	const char *board, *target; /* run BOARD TARGET */
	char **args;             /* run: what follows "--", NULL-terminated */
	struct release_opts rel; /* release, verify */
	struct strv test_pkgs;   /* test: the PKG... operands */
	struct gotest_opts gt;   /* test: --run, --junit, --count */
	int no_wait;             /* fail rather than wait for the build directory's lock */
};

static int usage(FILE *f, int code)
{
	fputs(usage_text, f);
	fputs(usage_options, f);
	return code;
}

static int parse_jobs(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || n < 1 || n > 1024)
		return -1;
	return (int)n;
}

/* the command, the manifest and the DEPs of --update; -1 on usage error */
static int parse_operands(struct cli *c, int argc, char **argv)
{
	static const char *const commands[] = { "build", "gen", "fetch", "deps", "validate", "sizes",
						"test", "run", "release", "verify" };
	int update = c->b.update_all;

	for (size_t i = 0; optind < argc && i < ARRAY_LEN(commands); i++)
		if (strcmp(argv[optind], commands[i]) == 0)
			c->command = argv[optind++];
	if (strcmp(c->command, "test") == 0) {
		/* mipsbake test [manifest] [PKG...]: the manifest is a file, packages are not */
		for (int given = 0; optind < argc; optind++) {
			const char *a = argv[optind];

			if (!given++ &&
			    (str_has_suffix(a, ".yaml") || str_has_suffix(a, ".yml") || fs_is_file(a)))
				c->manifest = a;
			else
				strv_push(&c->test_pkgs, a);
		}
		return 0;
	}
	if (strcmp(c->command, "run") == 0) {
		if (argc - optind < 2)
			return error("run needs a board and a target: mipsbake run BOARD TARGET [manifest] "
				     "[-- ARGS]");
		c->board = argv[optind++];
		c->target = argv[optind++];
	} else if (c->args) {
		return error("'--' and arguments after it are for 'run' only");
	}
	if (optind < argc)
		c->manifest = argv[optind++];
	if (optind < argc && !update)
		return error("unexpected argument '%s' (dependency names go with --update)", argv[optind]);
	for (; optind < argc; optind++)
		strv_push(&c->b.update, argv[optind]);
	if (c->b.update.n > 0)
		c->b.update_all = 0;
	return 0;
}

/* 1 when pattern compiles (PCRE2), else 0 after saying why */
static int regex_ok(const char *pattern)
{
	struct buf why = BUF_INIT;
	int ok = regex_search(pattern, "", 0, &why) >= 0;

	if (!ok)
		error("--run '%s': %s", pattern, buf_str(&why));
	buf_release(&why);
	return ok;
}

/* fill c from argv; returns -1 to go on, else the exit code to leave with */
static int parse_args(struct cli *c, int argc, char **argv)
{
	enum { O_VERSION = 256, O_REGEN, O_CACHE, O_OFFLINE, O_FROZEN, O_UPDATE, O_DIST, O_DIRTY, O_NOWAIT,
	       O_RUN, O_JUNIT, O_COUNT, O_PACKAGES, O_HTML };
	static const struct option longopts[] = {
		{ "dry-run", no_argument, NULL, 'n' },      { "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },         { "version", no_argument, NULL, O_VERSION },
		{ "regenerate", no_argument, NULL, O_REGEN }, { "cache-dir", required_argument, NULL, O_CACHE },
		{ "offline", no_argument, NULL, O_OFFLINE }, { "frozen", no_argument, NULL, O_FROZEN },
		{ "update", no_argument, NULL, O_UPDATE },  { "json", no_argument, NULL, 'J' },
		{ "dist", required_argument, NULL, O_DIST }, { "allow-dirty", no_argument, NULL, O_DIRTY },
		{ "no-wait", no_argument, NULL, O_NOWAIT }, { "run", required_argument, NULL, O_RUN },
		{ "junit", required_argument, NULL, O_JUNIT }, { "count", required_argument, NULL, O_COUNT },
		{ "packages", no_argument, NULL, O_PACKAGES }, { "html", required_argument, NULL, O_HTML },
		{ NULL, 0, NULL, 0 },
	};
	int o;

	while ((o = getopt_long(argc, argv, "B:j:nvh", longopts, NULL)) != -1) {
		switch (o) {
		case 'B': c->builddir = optarg; break;
		case 'j':
			if ((c->b.jobs = parse_jobs(optarg)) < 0)
				return error("-j takes a number from 1 to 1024, not '%s'", optarg), 2;
			break;
		case 'n': c->b.dry_run = 1; break;
		case 'v': c->b.verbose = 1; break;
		case O_REGEN: c->b.regenerate = 1; break;
		case O_CACHE: c->b.cache_dir = optarg; break;
		case O_OFFLINE: c->b.offline = 1; break;
		case O_FROZEN: c->b.frozen = 1; break;
		case O_UPDATE: c->b.update_all = 1; break;
		case 'J': c->json = 1; break;
		case O_DIST: c->rel.dist = optarg; break;
		case O_DIRTY: c->rel.allow_dirty = 1; break;
		case O_NOWAIT: c->no_wait = 1; break;
		case O_RUN: c->gt.run = optarg; break;
		case O_JUNIT: c->gt.junit = optarg; break;
		case O_PACKAGES: c->packages = 1; break;
		case O_HTML: c->html = optarg; c->packages = 1; break;
		case O_COUNT:
			if (strcmp(optarg, "1") != 0)
				return error("--count takes 1 (run the tests again rather than reuse their "
					     "cached results), not '%s'", optarg), 2;
			c->gt.no_cache = 1;
			break;
		case 'h': return usage(stdout, 0);
		case O_VERSION: puts("mipsbake " MIPSBAKE_VERSION); return 0;
		default: return usage(stderr, 2);
		}
	}
	if (parse_operands(c, argc, argv) < 0)
		return usage(stderr, 2);
	if ((c->gt.run || c->gt.junit || c->gt.no_cache) && strcmp(c->command, "test") != 0)
		return error("--run, --junit and --count are for 'test'"), 2;
	if (c->packages && strcmp(c->command, "sizes") != 0)
		return error("--packages and --html are for 'sizes'"), 2;
	if (c->gt.run && !regex_ok(c->gt.run))
		return 2;
	if (c->rel.allow_dirty && strcmp(c->command, "release") != 0)
		return error("--allow-dirty is for 'release' (verify builds clean clones of a commit)"), 2;
	if (strcmp(c->rel.dist, "dist") != 0 && strcmp(c->command, "release") != 0 &&
	    strcmp(c->command, "verify") != 0)
		return error("--dist is for 'release' (and 'verify', which leaves it out of its clean-tree "
			     "check as release does)"), 2;
	return -1;
}

static int build_run_quietly(const struct build_opts *o, int quiet);

/* the smoke tests; with quiet (test --json) their report goes to stderr */
static int smoke_quietly(const char *builddir, int quiet)
{
	int saved = quiet ? os_stdout_to_stderr() : -1, rc = smoke_test(builddir);

	os_stdout_restore(saved);
	return rc;
}


static int dispatch(struct cli *c)
{
	const char *cmd = c->command;
	int rc;

	build_opts_init(&c->b, c->manifest, c->builddir);
	if (strcmp(cmd, "validate") == 0)
		return build_validate(&c->b);
	if (strcmp(cmd, "fetch") == 0)
		return build_fetch(&c->b);
	if (strcmp(cmd, "deps") == 0)
		return build_deps(&c->b);
	/* every command below writes the build directory: one run at a time (a missing manifest
	 * is for the command to report, with nothing made) */
	if (fs_is_file(c->b.manifest_abs) && dirlock_take(c->b.builddir, c->no_wait) < 0)
		return 1;
	if (strcmp(cmd, "gen") == 0)
		return build_generate(&c->b, !c->b.regenerate);
	if (strcmp(cmd, "release") == 0)
		return release_main(&c->b, &c->rel);
	if (strcmp(cmd, "verify") == 0)
		return verify_main(&c->b, &c->rel);
	if (strcmp(cmd, "sizes") == 0) {
		c->b.no_size_check = 1;
		c->b.with_symbols = c->packages;
	}
	/* a build has nothing to do after Ninja: no process waits for it (the no-op build) */
	c->b.replace = strcmp(cmd, "build") == 0;
	c->b.with_tests = strcmp(cmd, "test") == 0;
	/* stdout is for what was asked: JSON, the program's output, the test report; the
	 * build's chatter (Ninja, the size check) goes to stderr */
	rc = build_run_quietly(&c->b, c->json || c->b.with_tests || strcmp(cmd, "run") == 0);
	if (rc != 0 || c->b.dry_run)
		return rc;
	if (strcmp(cmd, "sizes") == 0 && c->packages)
		return cmd_sizes_packages(c->b.builddir, c->json, c->html);
	if (strcmp(cmd, "sizes") == 0)
		return cmd_sizes(c->b.builddir, c->json);
	if (strcmp(cmd, "test") == 0) {
		int smoke, pkgs;

		dirlock_keep_private();
		c->gt.pkgs = &c->test_pkgs;
		c->gt.json = c->json;
		c->gt.jobs = c->b.jobs > 0 ? c->b.jobs : os_ncpu();
		smoke = c->test_pkgs.n ? 0 : smoke_quietly(c->b.builddir, c->json);
		pkgs = gotest_run(c->b.builddir, &c->gt);
		return smoke || pkgs ? 1 : 0;
	}
	/* the program may run for as long as its user likes: it does not hold up builds */
	if (strcmp(cmd, "run") == 0) {
		dirlock_drop();
		return smoke_run(c->b.builddir, c->board, c->target, c->args);
	}
	return 0;
}

/* build; with quiet (--json, run, test), Ninja's progress goes to stderr, keeping stdout
 * for the command's own output */
static int build_run_quietly(const struct build_opts *o, int quiet)
{
	int saved = quiet ? os_stdout_to_stderr() : -1, rc = build_run(o);

	os_stdout_restore(saved);
	return rc;
}

/* mipsbake boards [--json] */
static int boards_main(int argc, char **argv)
{
	char *data;
	int rc, json = argc == 2 && strcmp(argv[1], "--json") == 0;

	if (argc > 2 || (argc == 2 && !json)) {
		error("usage: mipsbake boards [--json]");
		return 2;
	}
	data = build_data_dir();
	rc = cmd_boards(data, json);
	free(data);
	return rc;
}

/* the commands that take their own arguments, without the manifest's options */
static const struct {
	const char *name;
	int (*main)(int argc, char **argv);
} tools[] = {
	{ "files", cmd_files },     { "gc-std", cmd_gc_std },   { "sizes-check", cmd_sizes_check },
	{ "boards", boards_main },  { "gomod", cmd_gomod },     { "modhash", cmd_modhash },
	{ "modver", cmd_modver },   { "modsrc", cmd_modsrc },   { "vendorcheck", cmd_vendorcheck },
	{ "goimport", cmd_goimport }, { "cgoflags", cmd_cgoflags }, { "testmain", cmd_testmain },
	{ "init", cmd_init },
};

int main(int argc, char **argv)
{
	struct cli c;
	int rc;

	for (size_t i = 0; argc > 1 && i < ARRAY_LEN(tools); i++)
		if (strcmp(argv[1], tools[i].name) == 0)
			return tools[i].main(argc - 1, argv + 1);
	memset(&c, 0, sizeof(c));
	/* run: what follows "--" belongs to the program */
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			c.args = argv + i + 1;
			argv[i] = NULL;
			argc = i;
			break;
		}
	}
	c.command = "build";
	c.manifest = DEFAULT_MANIFEST;
	c.builddir = "build";
	c.rel.dist = "dist";
	rc = parse_args(&c, argc, argv);
	if (rc < 0)
		rc = dispatch(&c);
	build_opts_release(&c.b);
	strv_release(&c.test_pkgs);
	return rc;
}
