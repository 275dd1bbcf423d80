/* main.c: the command line: parse options, pick the command, choose the exit code */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "build.h"
#include "cache/act.h"
#include "cache/manage.h"
#include "cache/remote.h"
#include "check/pkgreport.h"
#include "check/pkgtest.h"
#include "check/select.h"
#include "check/sizes.h"
#include "check/smoke.h"
#include "commands.h"
#include "complete.h"
#include "emit/diagpaths.h"
#include "emit/gcexport.h"
#include "emit/testmain.h"
#include "fetch/gitcache.h"
#include "fetch/goimport.h"
#include "fetch/gomod.h"
#include "fetch/knownpatch.h"
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
#include "plan/graph.h"
#include "release/release.h"
#include "scan/cgoflags.h"
#include "scan/cmd_files.h"
#include "scan/dirlist.h"
#include "lib/banned.h"

#define MIPSBAKE_VERSION "0.1.0"
#define DEFAULT_MANIFEST "mipsbake.yaml"

static const char usage_text[] =
	"usage: mipsbake [options] [command] [manifest] [operands]\n"
	"\n"
	"Build Go programs for MIPS boards from a YAML manifest (default: " DEFAULT_MANIFEST ").\n"
	"\n"
	"commands (mipsbake COMMAND --help: its synopsis and options):\n";
static const char usage_tools[] =
	"  boards     list the board library (mipsbake boards [--json])\n"
	"  patches    list the known-fix patches a dependency names as 'mipsbake:NAME'\n"
	"  cache      the local action cache: what it holds, trimmed to a size, emptied\n"
	"             (mipsbake cache stats | trim --max-size N | clear)\n"
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
	"  remote-cache  one request to a remote build cache, to check a server and its token\n"
	"             (mipsbake remote-cache --help)\n"
	"\n";
static const char usage_tail[] =
	"  -h, --help       show this help\n"
	"      --version    print the version\n"
	"\n"
	"A variant is TARGET/BOARD/TOOLCHAIN; an empty part matches any (hello, hello/wt1520,\n"
	"/wt1520). Package tests run on the boards and toolchains of the variants named.\n"
	"The lock file sits beside the manifest: board.yaml -> board.lock.\n"
	"Release files: <dist>/<target>_<version>_linux_<goarch>_<gomips>_<compiler>;\n"
	"SOURCE_DATE_EPOCH, when set, overrides the commit time.\n"
	"Artifacts: <build>/out/<target>/<board>/<toolchain>/<target>.\n"
	"Exit status: 0 success, 1 error (or Ninja's own status), 2 usage.\n";

/* what the command line asked for */
struct cli {
	const struct cli_command *cmd;
	int cmd_given;           /* the command was named, not the default */
	const char *manifest;
	const char *builddir;
	struct build_opts b;
	int json;                /* sizes --json, test --json */
	int packages;            /* sizes --packages */
	const char *html;        /* sizes --html FILE */
	const char *board, *target; /* run BOARD TARGET */
	char **args;             /* run: what follows "--", NULL-terminated */
	struct release_opts rel; /* release, verify */
	struct strv test_pkgs;   /* test: the PKG... operands and variants, told apart later */
	struct gotest_opts gt;   /* test: --run, --junit, --count */
	struct selection sel;    /* the variants named */
	int no_wait;             /* fail rather than wait for the build directory's lock */
	const char *format;      /* graph --format */
	unsigned seen;           /* the options given, as bits */
	int help;                /* -h, --help */
	const char *bad;         /* the first option getopt refused, NULL: none */
	char bad_short[3];       /* ... when it is a letter: "-x" */
	int bad_arg;             /* ... because its argument is missing */
};

/* print the help lines of the options in mask */
static void print_options(FILE *f, unsigned mask)
{
	for (size_t i = 0; i < cli_noptions; i++) {
		const struct cli_option *o = &cli_options[i];

		if (!(o->bit & mask))
			continue;
		fprintf(f, "  %-16s ", o->flags);
		for (const char *t = o->text; *t; t++) {
			if (*t == '\n')
				fputs("\n                   ", f); /* a continued text lines up */
			else
				fputc(*t, f);
		}
		fputc('\n', f);
	}
}

/* mipsbake --help */
static int usage(void)
{
	fputs(usage_text, stdout);
	for (size_t i = 0; i < cli_ncommands; i++)
		printf("  %-10s %s\n", cli_commands[i].name, cli_commands[i].brief);
	fputs(usage_tools, stdout);
	puts("options (each command takes those its --help lists):");
	print_options(stdout, ~0u & ~(unsigned)OREGEN);
	fputs(usage_tail, stdout);
	return 0;
}

/* mipsbake CMD --help */
static int command_usage(const struct cli_command *c)
{
	printf("usage: mipsbake %s [options] %s\n\n%s\n\noptions:\n", c->name, c->synopsis, c->detail);
	print_options(stdout, c->opts & ~(unsigned)OREGEN);
	puts("  -h, --help       show this help");
	if (c->operands == CLI_VARIANTS)
		puts("\nA variant is TARGET/BOARD/TOOLCHAIN; an empty part matches any (hello,\n"
		     "hello/wt1520, /wt1520).");
	return 0;
}

/* a usage error: one line, the way to the help, exit status 2 */
ATTR_PRINTF(2, 3) static int cli_error(const struct cli *c, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: error: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (c && c->cmd_given)
		fprintf(stderr, " (see 'mipsbake %s --help')\n", c->cmd->name);
	else
		fputs(" (see 'mipsbake --help')\n", stderr);
	return 2;
}

static int parse_count(const char *s, int min)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || n < min || n > 1024)
		return -1;
	return (int)n;
}

/* 1 when word is taken for the manifest: a YAML name, or something there that is no
 * directory (a device or a FIFO is for the command to refuse) */
static int looks_like_manifest(const char *word)
{
	return str_has_suffix(word, ".yaml") || str_has_suffix(word, ".yml") ||
	       (fs_exists(word) && !fs_is_dir(word));
}

/* the command, the manifest and the other operands; 2 on usage error, else -1 */
static int parse_operands(struct cli *c, int argc, char **argv)
{
	const struct cli_command *cmd = optind < argc ? cli_command(argv[optind]) : NULL;
	const char *name;

	if (cmd) {
		c->cmd = cmd;
		c->cmd_given = 1;
		optind++;
	}
	name = c->cmd->name;
	if (strcmp(name, "run") == 0) {
		if (argc - optind < 2 && !c->help)
			return cli_error(c, "run needs a board and a target");
		c->board = optind < argc ? argv[optind++] : NULL;
		c->target = optind < argc ? argv[optind++] : NULL;
	} else if (c->args) {
		return cli_error(c, "'--' and arguments after it are for 'run' only");
	}
	if (optind < argc && (looks_like_manifest(argv[optind]) || strcmp(name, "run") == 0))
		c->manifest = argv[optind++];
	else if (optind < argc && !(c->seen & OUPDATE) && !c->help &&
		 (c->cmd->operands != CLI_VARIANTS || !fs_is_file(c->manifest)))
		/* a word where the command or the manifest goes, and no manifest for variants */
		return cli_error(c, "unknown command or missing manifest '%s'", argv[optind]);
	for (; optind < argc; optind++) {
		if (str_has_suffix(argv[optind], ".yaml") || str_has_suffix(argv[optind], ".yml"))
			return cli_error(c, "one manifest at a time: '%s' and '%s'", c->manifest, argv[optind]);
		if (c->seen & OUPDATE)
			strv_push(&c->b.update, argv[optind]);
		else if (strcmp(name, "test") == 0)
			strv_push(&c->test_pkgs, argv[optind]); /* variants or packages: told apart later */
		else if (c->cmd->operands == CLI_VARIANTS)
			strv_push(&c->sel.specs, argv[optind]);
		else
			return cli_error(c, "unexpected operand '%s'", argv[optind]);
	}
	if (c->b.update.n > 0)
		c->b.update_all = 0;
	return -1;
}

/* 1 when pattern compiles (PCRE2), else 0 after saying why */
static int regex_ok(const struct cli *c, const char *pattern)
{
	struct buf why = BUF_INIT;
	int ok = regex_search(pattern, "", 0, &why) >= 0;

	if (!ok)
		cli_error(c, "--run '%s': %s", pattern, buf_str(&why));
	buf_release(&why);
	return ok;
}

/* the option of bit o, as help spells it */
static const char *opt_name(unsigned o)
{
	for (size_t i = 0; i < cli_noptions; i++)
		if (cli_options[i].bit == o)
			return cli_options[i].flags;
	return "--regenerate";
}

/* 2 after saying so when an option given is not one of the command's, else -1 */
static int check_options(const struct cli *c)
{
	unsigned stray = c->seen & ~c->cmd->opts;

	for (unsigned o = 1; stray; o <<= 1) {
		if (stray & o) {
			struct buf takers = BUF_INIT;
			char flags[32];
			int rc;

			/* "-n, --dry-run" -> "-n"; "-B DIR" -> "-B" */
			snprintf(flags, sizeof(flags), "%.*s", (int)strcspn(opt_name(o), ", "), opt_name(o));
			for (size_t i = 0; i < cli_ncommands; i++)
				if (cli_commands[i].opts & o)
					buf_printf(&takers, "%s%s", takers.len ? ", " : "", cli_commands[i].name);
			rc = cli_error(c, "'%s' does not take %s (%s: %s)", c->cmd->name, flags,
				       strchr(buf_str(&takers), ',') ? "those that do" : "the one that does",
				       buf_str(&takers));
			buf_release(&takers);
			return rc;
		}
		stray &= ~o;
	}
	return -1;
}

/* the value of one option o (a letter or a long option's code) into c; 2 on usage error */
static int take_option(struct cli *c, int o, const char *arg);

/* fill c from argv; returns -1 to go on, else the exit code to leave with */
static int parse_args(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dry-run", no_argument, NULL, 'n' },      { "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },         { "version", no_argument, NULL, 'V' },
		{ "regenerate", no_argument, NULL, 'R' },   { "cache-dir", required_argument, NULL, 'C' },
		{ "offline", no_argument, NULL, 'O' },      { "frozen", no_argument, NULL, 'F' },
		{ "update", no_argument, NULL, 'U' },       { "json", no_argument, NULL, 'J' },
		{ "dist", required_argument, NULL, 'D' },   { "allow-dirty", no_argument, NULL, 'a' },
		{ "no-wait", no_argument, NULL, 'w' },      { "run", required_argument, NULL, 'r' },
		{ "junit", required_argument, NULL, 'u' },  { "count", required_argument, NULL, 'c' },
		{ "board", required_argument, NULL, 'b' },  { "target", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'f' },   { "packages", no_argument, NULL, 'P' },
		{ "html", required_argument, NULL, 'H' },  { "no-cache", no_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 },
	};
	int o, rc;

	opterr = 0;
	while ((o = getopt_long(argc, argv, ":B:j:k:nvh", longopts, NULL)) != -1) {
		if (o == '?' || o == ':') {
			const char *word = argv[optind - 1];

			if (!c->bad && optopt && strncmp(word, "--", 2) != 0) {
				snprintf(c->bad_short, sizeof(c->bad_short), "-%c", optopt);
				word = c->bad_short;
			}
			if (!c->bad) {
				c->bad = word;
				c->bad_arg = o == ':';
			}
			continue;
		}
		if ((rc = take_option(c, o, optarg)) >= 0)
			return rc;
	}
	if ((rc = parse_operands(c, argc, argv)) >= 0)
		return rc;
	if (c->bad)
		return c->bad_arg ? cli_error(c, "option '%s' needs a value", c->bad)
				  : cli_error(c, "unknown option '%s'", c->bad);
	if (c->help)
		return c->cmd_given ? command_usage(c->cmd) : usage();
	if ((rc = check_options(c)) >= 0)
		return rc;
	if (c->gt.run && !regex_ok(c, c->gt.run))
		return 2;
	if (!graph_format_ok(c->format))
		return 2;
	return -1;
}

static int take_option(struct cli *c, int o, const char *arg)
{
	static const struct { int o; unsigned bit; } bits[] = {
		{ 'B', OB }, { 'j', OJ }, { 'k', OKEEP }, { 'n', ON }, { 'v', OV }, { 'R', OREGEN },
		{ 'C', OCACHE }, { 'O', OOFFLINE }, { 'F', OFROZEN }, { 'U', OUPDATE }, { 'J', OJSON },
		{ 'D', ODIST }, { 'a', ODIRTY }, { 'w', ONOWAIT }, { 'r', ORUN }, { 'u', OJUNIT },
		{ 'c', OCOUNT }, { 'b', OBOARD }, { 't', OTARGET }, { 'f', OFORMAT }, { 'P', OPACKAGES },
		{ 'H', OHTML }, { 'N', ONOCACHE },
	};

	for (size_t i = 0; i < ARRAY_LEN(bits); i++)
		if (bits[i].o == o)
			c->seen |= bits[i].bit;
	switch (o) {
	case 'B': c->builddir = arg; break;
	case 'j':
		if ((c->b.jobs = parse_count(arg, 1)) < 0)
			return cli_error(c, "-j takes a number from 1 to 1024, not '%s'", arg);
		break;
	case 'k':
		/* Ninja's -k 0 is "never stop"; so is ours, as Ninja reads a large N */
		if ((c->b.keep_going = parse_count(arg, 0)) < 0)
			return cli_error(c, "-k takes a number from 0 to 1024, not '%s'", arg);
		if (c->b.keep_going == 0)
			c->b.keep_going = 1 << 30;
		break;
	case 'n': c->b.dry_run = 1; break;
	case 'v': c->b.verbose = 1; break;
	case 'R': c->b.regenerate = 1; break;
	case 'C': c->b.cache_dir = arg; break;
	case 'O': c->b.offline = 1; break;
	case 'N': c->b.no_cache = 1; break;
	case 'F': c->b.frozen = 1; break;
	case 'U': c->b.update_all = 1; break;
	case 'J': c->json = 1; break;
	case 'D': c->rel.dist = arg; break;
	case 'a': c->rel.allow_dirty = 1; break;
	case 'w': c->no_wait = 1; break;
	case 'r': c->gt.run = arg; break;
	case 'u': c->gt.junit = arg; break;
	case 'b': strv_push(&c->sel.boards, arg); break;
	case 'f': c->format = arg; break;
	case 'P': c->packages = 1; break;
	case 'H': c->html = arg; c->packages = 1; break;
	case 't': strv_push(&c->sel.targets, arg); break;
	case 'c':
		if (strcmp(arg, "1") != 0)
			return cli_error(c, "--count takes 1 (run the tests again rather than reuse their "
					   "cached results), not '%s'", arg);
		c->gt.no_cache = 1;
		break;
	case 'h': c->help = 1; break;
	case 'V': puts("mipsbake " MIPSBAKE_VERSION); return 0;
	}
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

/* test's operands: those that name variants select them, the others are packages */
static int split_test_operands(struct cli *c)
{
	struct strv words = c->test_pkgs;
	struct artifacts a;

	if (build_refresh(&c->b) != 0 || artifacts_read(c->b.builddir, &a) < 0)
		return -1;
	memset(&c->test_pkgs, 0, sizeof(c->test_pkgs));
	for (size_t i = 0; i < words.n; i++)
		strv_push(selection_is_spec(&a, words.v[i]) ? &c->sel.specs : &c->test_pkgs, words.v[i]);
	strv_release(&words);
	artifacts_release(&a);
	return 0;
}

/* mipsbake test: build, then the size check, the smoke tests and the package tests, each
 * run whatever the others found, so that one board's failure hides no other's result */
static int test_main(struct cli *c)
{
	int rc, sizes, smoke, pkgs, saved;

	c->b.with_tests = 1;
	c->b.size_check = SIZE_CHECK_NONE;
	if (c->test_pkgs.n && split_test_operands(c) < 0)
		return 1;
	rc = build_run_quietly(&c->b, 1);
	if (rc != 0 || c->b.dry_run)
		return rc;
	dirlock_keep_private();
	saved = os_stdout_to_stderr();
	sizes = sizes_check(c->b.builddir, 0) < 0;
	os_stdout_restore(saved);
	c->gt.pkgs = &c->test_pkgs;
	c->gt.json = c->json;
	c->gt.jobs = c->b.jobs > 0 ? c->b.jobs : os_ncpu();
	smoke = c->test_pkgs.n ? 0 : smoke_quietly(c->b.builddir, c->json);
	pkgs = gotest_run(c->b.builddir, &c->gt);
	return sizes || smoke || pkgs ? 1 : 0;
}

/* mipsbake run BOARD TARGET: build that variant alone (another board's budget or build
 * failure stops nothing), then run it */
static int run_main(struct cli *c)
{
	int rc;

	strv_pushf(&c->sel.specs, "%s/%s", c->target, c->board);
	c->sel.lenient = 1;      /* smoke_run names what is wrong with BOARD and TARGET */
	c->b.size_check = SIZE_CHECK_NONE;
	rc = build_run_quietly(&c->b, 1);
	if (rc != 0 || c->b.dry_run)
		return rc;
	/* the program may run for as long as its user likes: it does not hold up builds */
	dirlock_drop();
	return smoke_run(c->b.builddir, c->board, c->target, c->args);
}

static int dispatch(struct cli *c)
{
	const char *cmd = c->cmd->name;
	int rc;

	build_opts_init(&c->b, c->manifest, c->builddir);
	c->b.sel = &c->sel;
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
	if (strcmp(cmd, "explain") == 0)
		return build_explain(&c->b, &c->sel.specs);
	if (strcmp(cmd, "graph") == 0) {
		struct graph_opts g = { c->format, &c->sel.specs };

		return build_plan(&c->b, graph_print, &g);
	}
	if (strcmp(cmd, "test") == 0)
		return test_main(c);
	if (strcmp(cmd, "run") == 0)
		return run_main(c);
	if (strcmp(cmd, "sizes") == 0) {
		c->b.size_check = SIZE_CHECK_NONE;
		c->b.with_symbols = c->packages;
	}
	/* a build has nothing to do after Ninja: no process waits for it (the no-op build) */
	c->b.replace = strcmp(cmd, "build") == 0 && !selection_given(&c->sel);
	/* stdout is for what was asked (JSON); the build's chatter goes to stderr then */
	rc = build_run_quietly(&c->b, c->json);
	if (rc != 0 || c->b.dry_run)
		return rc;
	if (strcmp(cmd, "sizes") == 0 && c->packages)
		return cmd_sizes_packages(c->b.builddir, c->json, c->html);
	if (strcmp(cmd, "sizes") == 0)
		return cmd_sizes(c->b.builddir, c->json);
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

	if (argc == 2 && is_help(argv[1]))
		return puts("usage: mipsbake boards [--json]\n\nlist the board library: a table, or JSON"), 0;
	if (argc > 2 || (argc == 2 && !json))
		return usage_error("boards", argc == 2 && argv[1][0] == '-' ? "unknown option '%s'" :
				   "unexpected operand '%s'", argv[argc - 1]);
	data = build_data_dir();
	rc = cmd_boards(data, json);
	free(data);
	return rc;
}

/* mipsbake patches */
static int patches_main(int argc, char **argv)
{
	char *data;
	int rc;

	if (argc == 2 && is_help(argv[1])) {
		printf("usage: mipsbake patches\n\nList the known-fix patches that come with mipsbake "
		       "(<datadir>/patches/<module>/NAME.patch):\na dependency applies one with "
		       "'patches: [mipsbake:NAME]'.\n");
		return 0;
	}
	if (argc > 1)
		return usage_error("patches", argv[1][0] == '-' ? "unknown option '%s'" : "unexpected operand '%s'",
				   argv[1]);
	data = build_data_dir();
	rc = cmd_patches(data);
	free(data);
	return rc;
}

#define CACHE_USAGE "usage: mipsbake cache [--cache-dir DIR] stats | trim --max-size N | clear"

/* mipsbake cache: the local action cache, <cache directory>/actions ($MIPSBAKE_ACTION_CACHE) */
static int cache_main(int argc, char **argv)
{
	const char *dir = NULL, *max = NULL, *verb = NULL, *env = getenv("MIPSBAKE_ACTION_CACHE");
	char *top, *actions;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (is_help(argv[i]))
			return puts(CACHE_USAGE "\n\nShow what the local action cache holds, trim it to a size "
				    "(least recently used\nentries first; sizes such as 500M or 2G) or empty it."), 0;
		if ((strcmp(argv[i], "--cache-dir") == 0 || strcmp(argv[i], "--max-size") == 0) && i + 1 < argc)
			*(argv[i][2] == 'c' ? &dir : &max) = argv[i + 1], i++;
		else if (str_has_prefix(argv[i], "--cache-dir=") || str_has_prefix(argv[i], "--max-size="))
			*(argv[i][2] == 'c' ? &dir : &max) = strchr(argv[i], '=') + 1;
		else if (argv[i][0] == '-' || verb)
			return usage_error("cache", argv[i][0] == '-' ? "unknown option '%s'" : "unexpected operand '%s'",
					   argv[i]);
		else
			verb = argv[i];
	}
	if (!verb || (strcmp(verb, "stats") != 0 && strcmp(verb, "trim") != 0 && strcmp(verb, "clear") != 0))
		return usage_error("cache", "expected stats, trim or clear");
	if ((strcmp(verb, "trim") == 0) != (max != NULL))
		return usage_error("cache", max ? "only trim takes --max-size" : "trim needs --max-size N");
	if (env && *env && !dir)
		return cache_manage(env, verb, max);
	if (!(top = gitcache_dir(dir)))
		return 1;
	actions = path_join(top, "actions");
	rc = cache_manage(actions, verb, max);
	free(top);
	free(actions);
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
	{ "init", cmd_init },       { "dirlist", cmd_dirlist }, { "diag-paths", cmd_diag_paths },
	{ "patches", patches_main }, { "remote-cache", cmd_remote_cache },
	{ "gc-export-update", cmd_gc_export_update }, { "act", cmd_act }, { "cache", cache_main },
	{ "__complete", cmd_complete },
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
	c.cmd = &cli_commands[0];
	c.manifest = DEFAULT_MANIFEST;
	c.builddir = "build";
	c.rel.dist = "dist";
	rc = parse_args(&c, argc, argv);
	if (rc < 0)
		rc = dispatch(&c);
	build_opts_release(&c.b);
	strv_release(&c.test_pkgs);
	selection_release(&c.sel);
	return rc;
}
