/* cmd_files.c: "mipsbake files": print each directory's chosen files in the format of
 * go list -f '{{.GoFiles}} {{.CFiles}} {{.SFiles}}', so that go list can check them */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan/cmd_files.h"
#include "scan/goscan.h"
#include "lib/banned.h"

/* the options of "mipsbake files" */
struct files_opts {
	struct build_ctx ctx;
	int cgo;                   /* -1: the compiler's default */
	int imports;               /* also print the imports, as {{.Imports}} */
	int tests;                 /* --test: also print the test files and their imports */
	struct strv tags;          /* --tags: more build tags */
	int first_dir;             /* argv index of the first DIR */
};

static void files_usage(FILE *f)
{
	fputs("usage: mipsbake files [--goarch ARCH] [--compiler gccgo|gc] [--go-version 1.N]\n"
	      "                      [--cgo|--no-cgo] [--tags T1,T2...] [--imports] [--test]\n"
	      "                      DIR...\n"
	      "\n"
	      "Choose the files of each package directory for GOOS=linux as go list does and\n"
	      "print one line per DIR, in the format of\n"
	      "    go list -e -f '{{.GoFiles}} {{.CFiles}} {{.SFiles}}'\n"
	      "\n"
	      "  --goarch ARCH       mips, mipsle, mips64, mips64le or another GOARCH (default mipsle)\n"
	      "  --compiler NAME     gccgo or gc, also a build tag (default gccgo)\n"
	      "  --go-version 1.N    release tags go1.1 ... go1.N hold (default 1.19)\n"
	      "  --cgo, --no-cgo     whether the cgo tag holds and C files are listed\n"
	      "                      (default: on for gccgo, off for gc)\n"
	      "  --tags T1,T2...     more build tags that hold, as go list -tags adds them\n"
	      "                      (comma-separated; the last --tags counts)\n"
	      "  --imports           add a fourth list: the imports, as {{.Imports}} prints them\n"
	      "  --test              choose _test.go files too and add four lists, as\n"
	      "                      {{.TestGoFiles}} {{.XTestGoFiles}} {{.TestImports}}"
	      " {{.XTestImports}}\n"
	      "                      print them (after the imports, before ' cgo:')\n"
	      "  (with cgo on, files that import \"C\" follow as ' cgo:[...]', as\n"
	      "  {{with .CgoFiles}} cgo:{{.}}{{end}} prints them)\n"
	      "\n"
	      "A directory without buildable Go files (all excluded by build constraints, or\n"
	      "only tests, which --test lists) still gets its line, usually '[] [] []', as\n"
	      "with 'go list -e'; it does not change the exit status. A file that imports\n"
	      "\"C\" is an error with cgo on (mipsbake does not run cgo) and ignored with cgo\n"
	      "off, as go list ignores it; in a _test.go file it is always an error.\n"
	      "Exit status: 0 ok, 1 when a directory could not be scanned (nothing is printed\n"
	      "for it), 2 on a usage error.\n", f);
}

/* report a usage error; returns 2 */
ATTR_PRINTF(1, 2) static int files_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("mipsbake: error: files: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see 'mipsbake files --help')\n", stderr);
	return 2;
}

/* the minor version of "1.N" or "1.N.P", or -1 */
static int parse_go_version(const char *s)
{
	char *end;
	long v;

	if (strncmp(s, "1.", 2) != 0 || s[2] < '0' || s[2] > '9')
		return -1;
	v = strtol(s + 2, &end, 10);
	if (v > 1000 || (*end != '\0' && (*end != '.' || end[1] < '0' || end[1] > '9')))
		return -1;
	return (int)v;
}

/* the value of option opt at argv[*i], as "--opt VALUE" or "--opt=VALUE"; NULL if not opt */
static const char *opt_value(int argc, char **argv, int *i, const char *opt, int *missing)
{
	size_t n = strlen(opt);
	const char *a = argv[*i];

	if (strncmp(a, opt, n) != 0)
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*missing = 1;
		return NULL;
	}
	return argv[++*i];
}

/* the comma-separated tags of s into tags, empty ones dropped, as cmd/go's -tags reads them */
static void split_tags(struct strv *tags, const char *s)
{
	strv_release(tags);
	while (*s) {
		size_t n = strcspn(s, ",");

		if (n > 0)
			strv_push_owned(tags, xstrndup(s, n));
		s += n + (s[n] == ',');
	}
}

/* apply one option with a value; 1 when argv[*i] was one, 0 when not, 2 after a usage error */
static int valued_option(struct files_opts *o, int argc, char **argv, int *i)
{
	int missing = 0;
	const char *v;

	if ((v = opt_value(argc, argv, i, "--goarch", &missing))) {
		if (!constraint_known_arch(v))
			return files_usage_error("unknown GOARCH '%s'", v);
		o->ctx.goarch = v;
	} else if ((v = opt_value(argc, argv, i, "--compiler", &missing))) {
		if (strcmp(v, "gccgo") != 0 && strcmp(v, "gc") != 0)
			return files_usage_error("unknown compiler '%s' (gccgo or gc)", v);
		o->ctx.compiler = v;
	} else if ((v = opt_value(argc, argv, i, "--tags", &missing))) {
		split_tags(&o->tags, v);
	} else if ((v = opt_value(argc, argv, i, "--go-version", &missing))) {
		o->ctx.go_minor = parse_go_version(v);
		if (o->ctx.go_minor < 0)
			return files_usage_error("bad Go version '%s' (expected 1.N)", v);
	} else {
		return missing ? files_usage_error("option '%s' needs a value", argv[*i]) : 0;
	}
	return 1;
}

/* parse the options; 0 ok, 1 after printing the help, 2 after a usage error */
static int files_parse(struct files_opts *o, int argc, char **argv)
{
	int i, rc;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			files_usage(stdout);
			return 1;
		} else if (strcmp(argv[i], "--cgo") == 0 || strcmp(argv[i], "--no-cgo") == 0) {
			o->cgo = argv[i][2] == 'c';
		} else if (strcmp(argv[i], "--imports") == 0) {
			o->imports = 1;
		} else if (strcmp(argv[i], "--test") == 0) {
			o->tests = 1;
		} else if ((rc = valued_option(o, argc, argv, &i)) != 1) {
			return rc ? rc : files_usage_error("unknown option '%s'", argv[i]);
		}
	}
	if (i >= argc)
		return files_usage_error("no package directory given");
	o->first_dir = i;
	o->ctx.cgo = o->cgo >= 0 ? o->cgo : strcmp(o->ctx.compiler, "gccgo") == 0;
	o->ctx.tags = &o->tags;
	o->ctx.tests = o->tests;
	return 0;
}

/* print names as Go prints a []string: "[a b c]" */
static void print_list(const struct strv *names)
{
	putchar('[');
	for (size_t i = 0; i < names->n; i++)
		printf("%s%s", i ? " " : "", names->v[i]);
	putchar(']');
}

/* print " " and the import paths of imports[0..n) sorted, each once, as go list's
 * {{.Imports}}, {{.TestImports}} and {{.XTestImports}} */
static void print_imports(const struct go_import *imports, size_t n)
{
	struct strv paths = STRV_INIT, uniq = STRV_INIT;

	for (size_t i = 0; i < n; i++)
		strv_push(&paths, imports[i].path);
	strv_sort(&paths);
	for (size_t i = 0; i < paths.n; i++)
		if (i == 0 || strcmp(paths.v[i], paths.v[i - 1]) != 0)
			strv_push(&uniq, paths.v[i]);
	putchar(' ');
	print_list(&uniq);
	strv_release(&uniq);
	strv_release(&paths);
}

/* scan and print one directory; 0 ok, -1 after reporting */
static int files_dir(const struct files_opts *o, const char *dir)
{
	struct go_pkg pkg;
	int rc = goscan_dir(&o->ctx, dir, &pkg);

	if (rc >= 0) {
		print_list(&pkg.go_files);
		putchar(' ');
		print_list(&pkg.c_files);
		putchar(' ');
		print_list(&pkg.s_files);
		if (o->imports)
			print_imports(pkg.imports, pkg.nimports);
		if (o->tests) {
			putchar(' ');
			print_list(&pkg.test_files);
			putchar(' ');
			print_list(&pkg.xtest_files);
			print_imports(pkg.test_imports, pkg.ntest_imports);
			print_imports(pkg.xtest_imports, pkg.nxtest_imports);
		}
		if (pkg.cgo_files.n > 0) {
			fputs(" cgo:", stdout);        /* as go list's {{with .CgoFiles}} cgo:{{.}}{{end}} */
			print_list(&pkg.cgo_files);
		}
		putchar('\n');
	}
	go_pkg_release(&pkg);
	return rc < 0 ? -1 : 0;
}

int cmd_files(int argc, char **argv)
{
	struct files_opts o = { { "linux", "mipsle", "gccgo", 19, 0, NULL, 0, NULL }, -1, 0, 0, STRV_INIT, 0 };
	int rc = files_parse(&o, argc, argv);
	int failed = 0;

	for (int i = o.first_dir; rc == 0 && i < argc; i++)
		if (files_dir(&o, argv[i]) < 0)
			failed = 1;
	strv_release(&o.tags);
	if (rc != 0)
		return rc == 1 ? 0 : rc;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		error("could not write the output:");
		return 1;
	}
	return failed;
}
