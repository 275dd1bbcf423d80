/* init.c: 'mipsbake init': read go.mod, find the module's main packages, choose boards from
 * the board library and write a commented mipsbake.yaml that builds them */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"
#include "fetch/gomod.h"
#include "init.h"
#include "lib/os.h"
#include "manifest/manifest.h"
#include "scan/goscan.h"
#include "lib/banned.h"

#define INIT_MANIFEST "mipsbake.yaml"
#define INIT_BOARD "wt1520"
/* the go1.N tags that hold at least (Debian 12's go is 1.19), more when go.mod says so */
#define INIT_GO_MINOR 19
/* the column trailing comments start at */
#define COMMENT_COL 33

static const char init_help[] =
	"usage: mipsbake init [--board NAME]...\n"
	"\n"
	"Write " INIT_MANIFEST " for the Go module in the current directory (its go.mod): one\n"
	"target per main package, built for each board NAME of the board library ('mipsbake\n"
	"boards' lists it; default " INIT_BOARD "), with a smoke test stub. An existing\n"
	INIT_MANIFEST " is never overwritten.\n";

/* the board library: each file of <datadir>/manifests/boards, loaded with its includes */
struct library {
	struct manifest *files;
	struct strv includes;    /* "boards/NAME.yaml" for each file, as a manifest includes it */
	size_t n;
};

/* the boards chosen with --board */
struct chosen {
	struct strv names;       /* each once, in the order given */
	const struct mf_board **boards; /* each as the library defines it */
	struct strv includes;    /* the library files defining them, each once, in that order */
};

/* the module's main packages */
struct mains {
	const char *module;      /* go.mod's module path */
	struct strv dirs;        /* relative to the module root ("." for it), in walk order */
	struct strv names;       /* the target name of each, unique */
};

/* report a usage error with the usage line; returns 2 */
ATTR_PRINTF(1, 2) static int init_usage(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	usage_error("init", "%s", buf_str(&b));
	buf_release(&b);
	return 2;
}

/* the board names of "init [--board NAME]..."; -1 to go on, else the exit status to leave
 * with (0 after the help, 2 after a usage error) */
static int init_parse(int argc, char **argv, struct strv *boards)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(init_help, stdout);
			return 0;
		} else if (str_has_prefix(a, "--board=")) {
			strv_push(boards, a + strlen("--board="));
		} else if (strcmp(a, "--board") == 0) {
			if (i + 1 >= argc)
				return init_usage("'--board' needs a board name");
			strv_push(boards, argv[++i]);
		} else {
			return init_usage(a[0] == '-' ? "unknown option '%s'" : "unexpected argument '%s'", a);
		}
	}
	if (boards->n == 0)
		strv_push(boards, INIT_BOARD);
	return -1;
}

/* the board library */

/* load the board file dir/name into lib; -1 after reporting */
static int library_add(struct library *lib, const char *dir, const char *name,
		       const struct strv *searchdirs)
{
	char *path = path_join(dir, name);
	int rc;

	lib->files = xappend(lib->files, lib->n, sizeof(*lib->files));
	rc = manifest_load(path, searchdirs, &lib->files[lib->n]);
	free(path);
	if (rc < 0)
		return -1;
	lib->n++;
	strv_pushf(&lib->includes, "boards/%s", name);
	return 0;
}

/* load every board file, as 'mipsbake boards' lists them; -1 after reporting */
static int library_load(struct library *lib)
{
	char *data = build_data_dir(), *dir = path_join(data, "manifests/boards");
	struct strv names = STRV_INIT, searchdirs = STRV_INIT;
	int rc = fs_list_dir(dir, &names);

	strv_pushf(&searchdirs, "%s/manifests", data);
	strv_push(&searchdirs, data);
	strv_pushf(&searchdirs, "%s/toolchains", data);
	for (size_t i = 0; rc == 0 && i < names.n; i++)
		if (str_has_suffix(names.v[i], ".yaml"))
			rc = library_add(lib, dir, names.v[i], &searchdirs);
	strv_release(&names);
	strv_release(&searchdirs);
	free(dir);
	free(data);
	return rc;
}

static void library_release(struct library *lib)
{
	for (size_t i = 0; i < lib->n; i++)
		manifest_release(&lib->files[i]);
	free(lib->files);
	strv_release(&lib->includes);
}

/* board name as the first library file defining it has it (with that file's include), or NULL */
static const struct mf_board *library_find(const struct library *lib, const char *name,
					   const char **include)
{
	for (size_t i = 0; i < lib->n; i++) {
		const struct mf_board *b = manifest_board(&lib->files[i], name);

		if (b) {
			*include = lib->includes.v[i];
			return b;
		}
	}
	return NULL;
}

/* 1 when candidate is what a user typing word may have meant: a typo of it (as close as the
 * manifest loader's "did you mean" asks) or a name it begins ("generic") */
static int close_to(const char *word, const char *candidate)
{
	size_t len = strlen(word), limit = len / 3 > 2 ? len / 3 : 2;
	size_t d = str_distance(word, candidate);

	return (d <= limit && d < len) || (len >= 3 && str_has_prefix(candidate, word));
}

/* the library's board names, each once; with word, only those close to it */
static void library_names(const struct library *lib, const char *word, struct strv *out)
{
	for (size_t i = 0; i < lib->n; i++) {
		for (size_t j = 0; j < lib->files[i].nboards; j++) {
			const char *name = lib->files[i].boards[j].name;

			if (!strv_has(out, name) && (!word || close_to(word, name)))
				strv_push(out, name);
		}
	}
}

/* report board name unknown, with the boards close to it, else all of them; returns -1 */
static int unknown_board(const struct library *lib, const char *name)
{
	struct strv names = STRV_INIT;
	struct buf b = BUF_INIT;
	int close;

	library_names(lib, name, &names);
	close = names.n > 0;
	if (!close)
		library_names(lib, NULL, &names);
	for (size_t i = 0; i < names.n; i++)
		buf_printf(&b, "%s'%s'", i == 0 ? "" : i + 1 == names.n ? " or " : ", ", names.v[i]);
	error("unknown board '%s'; %s %s%s ('mipsbake boards' lists the board library)", name,
	      close ? "did you mean" : "expected one of", buf_str(&b), close ? "?" : "");
	buf_release(&b);
	strv_release(&names);
	return -1;
}

/* look up each board wanted, keeping each once; -1 after reporting the unknown ones */
static int choose_boards(const struct library *lib, const struct strv *want, struct chosen *c)
{
	int rc = 0;

	for (size_t i = 0; i < want->n; i++) {
		const char *include = NULL;
		const struct mf_board *b = library_find(lib, want->v[i], &include);

		if (!b) {
			rc = unknown_board(lib, want->v[i]);
			continue;
		}
		if (strv_has(&c->names, b->name))
			continue;
		c->boards = xappend(c->boards, c->names.n, sizeof(*c->boards));
		c->boards[c->names.n] = b;
		strv_push(&c->names, b->name);
		if (!strv_has(&c->includes, include))
			strv_push(&c->includes, include);
	}
	return rc;
}

static void chosen_release(struct chosen *c)
{
	strv_release(&c->names);
	free(c->boards);
	strv_release(&c->includes);
}

/* target names */

/* 1 when the n bytes at s are a major version element "v2", "v3", ... (cmd/go's
 * isVersionElement) */
static int version_elem(const char *s, size_t n)
{
	if (n < 2 || s[0] != 'v' || s[1] == '0' || (s[1] == '1' && n == 2))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* where the path element ending at end starts */
static size_t elem_start(const char *s, size_t end)
{
	while (end > 0 && s[end - 1] != '/')
		end--;
	return end;
}

/* the name go build gives the binary of importpath ip: its last element, or the one before a
 * major version suffix (cmd/go's DefaultExecName); newly allocated */
static char *exec_name(const char *ip)
{
	size_t end = strlen(ip), start = elem_start(ip, end);

	if (start > 0 && version_elem(ip + start, end - start)) {
		end = start - 1;
		start = elem_start(ip, end);
	}
	return xstrndup(ip + start, end - start);
}

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* s made a valid target name in place (letters, digits, '.', '_' and '-', starting with a
 * letter or digit): other bytes become '-', leading punctuation goes */
static void name_clean(char *s)
{
	size_t skip;

	for (char *p = s; *p; p++)
		if (!name_char(*p) && !strchr("._-", *p))
			*p = '-';
	skip = strspn(s, "._-");
	memmove(s, s + skip, strlen(s + skip) + 1);
}

/* the target name of the main package ip, unlike every name in ms so far; newly allocated */
static char *target_name(const struct mains *ms, const char *ip)
{
	char *base = exec_name(ip), *name;

	name_clean(base);
	if (!*base) {
		free(base);
		base = xstrdup("main");
	}
	name = xstrdup(base);
	for (int i = 2; strv_has(&ms->names, name); i++) {
		free(name);
		name = xasprintf("%s-%d", base, i);
	}
	free(base);
	return name;
}

/* the module's main packages */

/* record the main package in rel, unless its import path is one cmd/go refuses */
static void add_main(struct mains *ms, const char *rel)
{
	char *ip = strcmp(rel, ".") == 0 ? xstrdup(ms->module) : path_join(ms->module, rel);
	const char *why = go_import_path_problem(ip);

	if (why) {
		warn("main package '%s' left out: its import path '%s' is invalid (%s)", rel, ip, why);
	} else {
		strv_push_owned(&ms->names, target_name(ms, ip));
		strv_push(&ms->dirs, rel);
	}
	free(ip);
}

/* add rel to ms when its package is main, its files chosen for ctx; a directory whose Go
 * files do not scan is warned about and left out */
static void scan_dir(const struct build_ctx *ctx, const char *rel, struct mains *ms)
{
	struct go_pkg pkg;
	int silent = diag_silent, rc;

	diag_silent = 1;
	rc = goscan_dir(ctx, rel, &pkg);
	diag_silent = silent;
	if (rc < 0)
		warn("package directory '%s' left out: its Go files do not scan (see 'mipsbake files "
		     "--compiler gc --no-cgo --goarch %s %s')", rel, ctx->goarch, rel);
	else if (rc == 0 && strcmp(pkg.name, "main") == 0)
		add_main(ms, rel);
	go_pkg_release(&pkg);
}

/* 1 when directory entry path (named name) holds none of the module's packages: vendor/,
 * testdata/, names starting with '.' or '_', other modules (a go.mod of their own, as
 * mipsbake's build directory has), symbolic links and files */
static int skipped(const char *path, const char *name)
{
	struct stat st;
	char *gomod;
	int skip;

	if (name[0] == '.' || name[0] == '_' || strcmp(name, "vendor") == 0 ||
	    strcmp(name, "testdata") == 0)
		return 1;
	if (lstat(path, &st) < 0 || !S_ISDIR(st.st_mode))
		return 1;
	gomod = path_join(path, "go.mod");
	skip = fs_exists(gomod);
	free(gomod);
	return skip;
}

/* find the main packages in rel and below, as 'go list ./...' walks; -1 after reporting */
static int walk(const struct build_ctx *ctx, const char *rel, struct mains *ms)
{
	struct strv names = STRV_INIT;
	int rc = 0;

	if (fs_list_dir(rel, &names) < 0)
		return -1;
	scan_dir(ctx, rel, ms);
	for (size_t i = 0; i < names.n; i++) {
		char *path = strcmp(rel, ".") == 0 ? xstrdup(names.v[i]) : path_join(rel, names.v[i]);

		if (!skipped(path, names.v[i]) && walk(ctx, path, ms) < 0)
			rc = -1;
		free(path);
	}
	strv_release(&names);
	return rc;
}

/* the manifest's text */

/* append text as a line, with "# comment" at COMMENT_COL when comment is not NULL */
static void put_line(struct buf *b, const char *text, const char *comment)
{
	size_t start = b->len;

	buf_puts(b, text);
	if (comment) {
		do
			buf_putc(b, ' ');
		while (b->len - start < COMMENT_COL - 1);
		buf_printf(b, "# %s", comment);
	}
	buf_putc(b, '\n');
}

static void put_head(struct buf *b, const char *module)
{
	buf_printf(b, "# mipsbake.yaml for the Go module %s, written by 'mipsbake init'.\n",
		   module);
	buf_puts(b,
		 "# Every key is described in mipsbake-manifest(5) ('man mipsbake-manifest').\n"
		 "#\n"
		 "# go.mod beside this file gives the module path (so no 'module:' here) and the\n"
		 "# modules it requires: each is fetched from its git repository as cmd/go finds it\n"
		 "# (github.com/..., golang.org/x/... from go.googlesource.com, gopkg.in/...) at the\n"
		 "# version go.mod names, checked against go.sum and pinned in mipsbake.lock (commit\n"
		 "# both). A vendor/ directory is used as 'go build' uses it.\n"
		 "mipsbake: 1\n");
}

/* one board as a comment line: GOARCH, GOMIPS, SoC, core, toolchain */
static void put_board(struct buf *b, const struct mf_board *bd)
{
	buf_printf(b, "#   %s: %s", bd->name, bd->goarch);
	if (bd->gomips)
		buf_printf(b, " %s", bd->gomips);
	if (bd->soc)
		buf_printf(b, ", %s", bd->soc);
	if (bd->core)
		buf_printf(b, ", %s", bd->core);
	if (bd->toolchain)
		buf_printf(b, "; toolchain '%s'", bd->toolchain);
	buf_putc(b, '\n');
}

static void put_boards(struct buf *b, const struct chosen *c)
{
	buf_puts(b, "\n"
		 "# The boards come from mipsbake's board library ('mipsbake boards' lists every\n"
		 "# board and the file to include for it); a board file brings its toolchain along:\n");
	for (size_t i = 0; i < c->names.n; i++)
		put_board(b, c->boards[i]);
	buf_puts(b, "include:\n");
	for (size_t i = 0; i < c->includes.n; i++)
		buf_printf(b, "  - %s\n", c->includes.v[i]);
}

static void put_mirrors(struct buf *b)
{
	buf_puts(b, "\n"
		 "# To fetch from elsewhere (a company git server, an offline mirror), map module path\n"
		 "# prefixes to URL prefixes; ${NAME} is taken from the environment:\n"
		 "# mirrors:\n"
		 "#   github.com/: https://git.example.com/mirror/github.com/\n"
		 "#   golang.org/x/: ${GO_MIRROR}/golang.org/x/\n");
}

/* "[a, b]" */
static void put_list(struct buf *b, const struct strv *names)
{
	buf_putc(b, '[');
	for (size_t i = 0; i < names->n; i++)
		buf_printf(b, "%s%s", i ? ", " : "", names->v[i]);
	buf_putc(b, ']');
}

/* target i of ms: its main package, its boards and a smoke test stub */
static void put_target(struct buf *b, const struct mains *ms, size_t i, const struct chosen *c)
{
	const char *dir = ms->dirs.v[i];
	struct buf line = BUF_INIT;

	buf_printf(b, "  %s:\n", ms->names.v[i]);
	buf_printf(b, "    main: %s%s\n", strcmp(dir, ".") == 0 ? "" : "./", dir);
	buf_puts(b, "    boards: ");
	put_list(b, &c->names);
	buf_putc(b, '\n');
	put_line(b, "    test:", "smoke tests, run by 'mipsbake test'");
	put_line(b, "      - args: []", "no arguments; it passes when it exits 0");
	buf_printf(&line, "        # expect: '^%s'", ms->names.v[i]);
	put_line(b, buf_str(&line), "a PCRE2 pattern its stdout must match");
	put_line(b, "        # exit: 0", "the exit status it must end with");
	put_line(b, "        # timeout: 10", "the seconds it may take");
	buf_release(&line);
}

/* a commented target for a module without main packages */
static void put_example(struct buf *b, const struct chosen *c)
{
	buf_puts(b, "\n"
		 "# No main package was found in the module: add a target for each program, such as\n"
		 "# targets:\n"
		 "#   hello:\n"
		 "#     main: ./cmd/hello\n"
		 "#     boards: ");
	put_list(b, &c->names);
	buf_puts(b, "\n"
		 "#     test:\n"
		 "#       - args: [world]\n"
		 "#         expect: '^hello, world'\n");
}

static void put_targets(struct buf *b, const struct mains *ms, const struct chosen *c)
{
	if (ms->dirs.n == 0) {
		put_example(b, c);
		return;
	}
	buf_puts(b, "\n"
		 "# One target per main package. 'mipsbake' builds each for its boards into\n"
		 "# build/out/<target>/<board>/<toolchain>/<target> and checks its size against the\n"
		 "# board's budgets; 'mipsbake test' runs its tests under qemu with the board's CPU.\n"
		 "targets:\n");
	for (size_t i = 0; i < ms->dirs.n; i++)
		put_target(b, ms, i, c);
}

/* writing it */

/* report that path exists and stays as it is; returns -1 */
static int exists_error(const char *path)
{
	return error("'%s' already exists; init never overwrites it (edit it, or remove it first)",
		     path);
}

/* move tmp to path where the file system has no hard links: a checked rename; -1 after reporting */
static int rename_new(const char *tmp, const char *path)
{
	struct stat st;

	if (lstat(path, &st) == 0)
		return exists_error(path);
	if (rename(tmp, path) < 0)
		return error("could not rename '%s' to '%s':", tmp, path);
	return 0;
}

/* write b to path, which must not exist: to a temporary file first, then linked into place,
 * so that no half-written file is seen and a file made meanwhile is never replaced */
static int write_new(const char *path, const struct buf *b)
{
	char *tmp = xasprintf(".%s.init-%ld", path, (long)getpid());
	int rc = fs_write_atomic(tmp, buf_str(b), b->len);

	if (rc == 0 && link(tmp, path) < 0) {
		if (errno == EEXIST)
			rc = exists_error(path);
		else if (errno == EPERM || errno == ENOTSUP || errno == EOPNOTSUPP || errno == ENOSYS)
			rc = rename_new(tmp, path);
		else
			rc = error("could not create '%s':", path);
	}
	if (fs_exists(tmp))
		unlink(tmp);
	free(tmp);
	return rc;
}

/* "N targets for boards A, B" on stdout, and a warning when there is no target */
static void report(const struct mains *ms, const struct chosen *c)
{
	size_t n = ms->dirs.n;

	printf("wrote '%s': %zu target%s for board%s ", INIT_MANIFEST, n, n == 1 ? "" : "s",
	       c->names.n == 1 ? "" : "s");
	for (size_t i = 0; i < c->names.n; i++)
		printf("%s%s", i ? ", " : "", c->names.v[i]);
	putchar('\n');
	if (n == 0)
		warn("no main package in module '%s'; '%s' shows a commented target to start from",
		     ms->module, INIT_MANIFEST);
}

/* the minor version of go.mod's go line "1.N", or 0 */
static int go_minor(const char *go)
{
	return go && str_has_prefix(go, "1.") ? atoi(go + 2) : 0;
}

/* find the main packages, write the manifest; 0 or 1 */
static int init_write(const struct gomod *gm, const struct chosen *c)
{
	struct mains ms = { gm->module, STRV_INIT, STRV_INIT };
	int minor = go_minor(gm->go) > INIT_GO_MINOR ? go_minor(gm->go) : INIT_GO_MINOR;
	struct build_ctx ctx = { "linux", c->boards[0]->goarch, "gc", minor, 0, NULL, 0, NULL };
	struct buf b = BUF_INIT;
	int rc = walk(&ctx, ".", &ms);

	if (rc == 0) {
		put_head(&b, gm->module);
		put_boards(&b, c);
		put_mirrors(&b);
		put_targets(&b, &ms, c);
		rc = write_new(INIT_MANIFEST, &b);
	}
	if (rc == 0)
		report(&ms, c);
	buf_release(&b);
	strv_release(&ms.dirs);
	strv_release(&ms.names);
	return rc < 0 ? 1 : 0;
}

/* read ./go.mod, after checking there is one and no manifest yet; -1 after reporting */
static int load_gomod(struct gomod *gm)
{
	struct stat st;

	if (!fs_exists("go.mod"))
		return error("no go.mod in '.'; run 'go mod init MODULE' first");
	if (lstat(INIT_MANIFEST, &st) == 0)
		return exists_error(INIT_MANIFEST);
	if (gomod_load("go.mod", gm) < 0)
		return -1;
	if (!gm->module)
		return error("'go.mod' has no module line; add one with 'go mod edit -module MODULE'");
	return 0;
}

int cmd_init(int argc, char **argv)
{
	struct strv want = STRV_INIT;
	struct library lib = { NULL, STRV_INIT, 0 };
	struct chosen c = { STRV_INIT, NULL, STRV_INIT };
	struct gomod gm;
	int rc = init_parse(argc, argv, &want);

	memset(&gm, 0, sizeof(gm));
	if (rc < 0) {
		rc = 1;
		if (load_gomod(&gm) == 0 && library_load(&lib) == 0 && choose_boards(&lib, &want, &c) == 0)
			rc = init_write(&gm, &c);
	}
	gomod_release(&gm);
	chosen_release(&c);
	library_release(&lib);
	strv_release(&want);
	return rc;
}
