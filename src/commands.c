/* commands.c: the manifest commands and their options, in one place */
#include <string.h>

#include "commands.h"
#include "lib/util.h"
#include "lib/banned.h"

/* each entry: bit, spellings, value; then as help shows it: flags, text */
const struct cli_option cli_options[] = {
	{ OB, "-B", CLI_DIR, "-B DIR", "build directory (default: ./build)" },
	{ OJ, "-j", CLI_TEXT, "-j N", "run N jobs in parallel (default: the CPUs this process may use)" },
	{ OKEEP, "-k", CLI_TEXT, "-k N", "keep going until N jobs fail, as Ninja's -k (0: never stop)" },
	{ ON, "-n --dry-run", CLI_NONE, "-n, --dry-run",
	  "print the commands that would run, run none (the build files are\n"
	  "regenerated first when they are out of date)" },
	{ OV, "-v --verbose", CLI_NONE, "-v, --verbose", "print full command lines" },
	{ OBOARD, "--board", CLI_BOARD, "--board B", "only the variants for board B (may be given again)" },
	{ OTARGET, "--target", CLI_TARGET, "--target T", "only the variants of target T (may be given again)" },
	{ OJSON, "--json", CLI_NONE, "--json",
	  "sizes: the table as JSON; test: go test -json's events (the build's\n"
	  "output goes to stderr)" },
	{ OPACKAGES, "--packages", CLI_NONE, "--packages",
	  "sizes: where each binary's bytes go, by Go package, C library and libgo\n"
	  "(links stripped binaries again, unstripped, into <build>/unstripped/)" },
	{ OHTML, "--html", CLI_FILE, "--html FILE",
	  "sizes: write the --packages report as HTML, an SVG treemap per binary\n"
	  "(implies --packages)" },
	{ ORUN, "--run", CLI_TEXT, "--run RE", "only the package tests RE (PCRE2) matches, as go test -run" },
	{ OJUNIT, "--junit", CLI_FILE, "--junit FILE", "write the package tests' results as JUnit XML" },
	{ OCOUNT, "--count=1", CLI_NONE, "--count=1", "run the package tests again, not their cached results" },
	{ ODIST, "--dist", CLI_DIR, "--dist DIR",
	  "release: where the release goes (default: ./dist); verify: the dist\n"
	  "its clean-tree check leaves out, as release's does" },
	{ ODIRTY, "--allow-dirty", CLI_NONE, "--allow-dirty",
	  "build a work tree with uncommitted changes; the version ends in\n"
	  "\"-dirty\"" },
	{ OCACHE, "--cache-dir", CLI_DIR, "--cache-dir DIR",
	  "the git cache (default: $MIPSBAKE_CACHE, else\n"
	  "$XDG_CACHE_HOME/mipsbake, else ~/.cache/mipsbake)" },
	{ ONOCACHE, "--no-cache", CLI_NONE, "--no-cache",
	  "build without the action cache: read nothing from it, store nothing\n"
	  "(as MIPSBAKE_NO_CACHE=1 does)" },
	{ OOFFLINE, "--offline", CLI_NONE, "--offline",
	  "never touch the network; fail when the cache lacks something" },
	{ OFROZEN, "--frozen", CLI_NONE, "--frozen", "fail when the lock file would change (for CI)" },
	{ OUPDATE, "--update", CLI_NONE, "--update",
	  "resolve the revs of the DEPs named after the manifest (all: none\n"
	  "named) again, accepting moved tags, and rewrite the lock; add the\n"
	  "go.sum lines it lacks" },
	{ OFORMAT, "--format", CLI_TEXT, "--format F", "graph: dot (the default) or json" },
	{ ONOWAIT, "--no-wait", CLI_NONE, "--no-wait",
	  "fail at once when another mipsbake is running in the build\n"
	  "directory, rather than wait for it" },
};

const size_t cli_noptions = ARRAY_LEN(cli_options);

const struct cli_command cli_commands[] = {
	{ "build", CLI_VARIANTS, "[manifest] [TARGET[/BOARD[/TOOLCHAIN]]...]",
	  "build every variant, or those named (the default)",
	  "Fetch and generate the build files when needed, then run Ninja. With variants\n"
	  "named (or --board, --target), build and size-check only those.",
	  OBUILDING | ON | OUPDATE | OSUBSET },
	{ "gen", CLI_DEPS, "[manifest]", "fetch and generate build.ninja only",
	  "Fetch the dependencies and generate build.ninja only.",
	  OB | OCACHE | OOFFLINE | OFROZEN | OUPDATE | ONOWAIT | OREGEN },
	{ "fetch", CLI_DEPS, "[manifest] [--update [DEP...]]", "fetch the dependencies and write the lock only",
	  "Fetch the git dependencies and write the lock only (go.mod's modules: those\n"
	  "the build imports, which takes planning the build).",
	  OB | OCACHE | OOFFLINE | OFROZEN | OUPDATE },
	{ "deps", CLI_NOTHING, "[manifest]", "list the dependencies, their locks and cache state",
	  "List the dependencies, their requested and locked revisions, whether the cache\n"
	  "holds them and their URLs. Never fetches.", OB | OCACHE | OOFFLINE },
	{ "validate", CLI_NOTHING, "[manifest]", "check the manifest without building",
	  "Check the manifest as a build would, without the network and without a\n"
	  "compiler: the schema, includes, boards, toolchains, targets and the plan (mains,\n"
	  "boards x toolchains, float ABIs).", OB | OCACHE },
	{ "sizes", CLI_VARIANTS, "[manifest] [TARGET[/BOARD[/TOOLCHAIN]]...]",
	  "build, then print each binary's size",
	  "Build as needed, then print each binary's size against its board's budgets;\n"
	  "with --packages, where its bytes go.",
	  OBUILDING | OUPDATE | OJSON | OSUBSET | OPACKAGES | OHTML },
	{ "test", CLI_VARIANTS, "[manifest] [TARGET[/BOARD[/TOOLCHAIN]]...] [PKG...]",
	  "build, then run the smoke and package tests",
	  "Build as needed, then run the smoke tests of every target and the package tests\n"
	  "of 'tests:' under qemu with each board's CPU. PKG...: only those packages'\n"
	  "tests. A binary over its budget is reported and stops no test.",
	  OBUILDING | OUPDATE | OJSON | ORUN | OJUNIT | OCOUNT | OSUBSET },
	{ "run", CLI_RUN, "BOARD[/TOOLCHAIN] TARGET [manifest] [-- ARGS...]",
	  "build one variant, then run it under qemu",
	  "Build that variant alone, then run it under qemu with the board's CPU. Only the\n"
	  "program's output goes to stdout; its exit status passes through.", OBUILDING | OUPDATE },
	{ "release", CLI_VARIANTS, "[manifest] [TARGET[/BOARD[/TOOLCHAIN]]...]",
	  "build the release into --dist",
	  "Build the release from a clean git work tree, the lock frozen, 'stamp:'\n"
	  "variables set: binaries, SHA256SUMS and provenance.yaml in --dist.",
	  OBUILDING | ODIST | ODIRTY | OBOARD | OTARGET },
	{ "verify", CLI_NOTHING, "[manifest]", "build the release twice and compare",
	  "Build the release twice in fresh clones (other path, umask, TZ, locale) and\n"
	  "compare every file; name the first difference and its ELF section.", OBUILDING | ODIST },
	{ "explain", CLI_VARIANTS, "[manifest] [TARGET[/BOARD[/TOOLCHAIN]]...]",
	  "say why each step would run",
	  "Say why each step of the build (or of the variants named) would run: Ninja's\n"
	  "-d explain in mipsbake's words, per package and configuration, per link and\n"
	  "for the size check. Nothing is built.", OB | OV | OCACHE | OOFFLINE | OFROZEN | ONOWAIT },
	{ "graph", CLI_VARIANTS, "[manifest] [TARGET[/BOARD[/TOOLCHAIN]]]",
	  "print the package graph of one variant",
	  "Print the package graph of one variant as the planner builds it: a node per\n"
	  "package outside the standard library, grouped by module, an edge per import;\n"
	  "--format dot (the default) or json.", OB | OCACHE | OOFFLINE | OFROZEN | ONOWAIT | OFORMAT },
};

const size_t cli_ncommands = ARRAY_LEN(cli_commands);

const struct cli_command *cli_command(const char *name)
{
	for (size_t i = 0; i < cli_ncommands; i++)
		if (strcmp(cli_commands[i].name, name) == 0)
			return &cli_commands[i];
	return NULL;
}
