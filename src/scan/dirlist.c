/* dirlist.c: the part of a directory a build reads: its listing and its files' headers */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/os.h"
#include "lib/sha256.h"
#include "scan/dirlist.h"
#include "scan/goscan.h"
#include "scan/gotest.h"
#include "lib/banned.h"

/* 1 when go/build reads a file called name in a package directory */
static int package_file(const char *name)
{
	static const char *const exts[] = { ".go", ".c", ".h", ".s", ".S", ".sx", ".cc", ".cpp", ".cxx",
					    ".hh", ".hpp", ".hxx", ".m", ".f", ".F", ".for", ".f90",
					    ".swig", ".swigcxx", ".syso" };

	if (name[0] == '.' || name[0] == '_')
		return 0;
	for (size_t i = 0; i < ARRAY_LEN(exts); i++)
		if (str_has_suffix(name, exts[i]))
			return 1;
	return 0;
}

/* what a _test.go file gives the generated test main (plan/tests.c, emit/testmain.c): its
 * functions' names and kinds, the examples' outputs, TestMain; a file gotest refuses gives
 * nothing here, its whole text being in the header then */
static void test_text(const char *path, struct buf *out)
{
	struct test_funcs f = TEST_FUNCS_INIT;
	int silent = diag_silent;

	diag_silent = 1;
	if (gotest_read_file(path, &f) == 0) {
		buf_printf(out, "\ntestmain %d", f.has_main);
		for (size_t i = 0; i < f.n; i++)
			buf_printf(out, "\n%d %d %d %d %s\n%s", (int)f.v[i].kind, f.v[i].has_output,
				   f.v[i].unordered, (int)strlen(f.v[i].output ? f.v[i].output : ""),
				   f.v[i].name, f.v[i].output ? f.v[i].output : "");
	}
	diag_silent = silent;
	test_funcs_release(&f);
}

/* the digest of what the scanner reads of the file at path, into hex; 0, 1 when it reads
 * nothing of it (by its name, or a _test.go file without tests), -1 unreadable */
static int file_digest(const char *path, int tests, char hex[65])
{
	struct buf text = BUF_INIT;
	int test = str_has_suffix(path, "_test.go");
	int rc = test && !tests ? 0 : goscan_header_text(path, &text);

	if (rc > 0 && test)
		test_text(path, &text);
	if (rc > 0)
		sha256_hex(text.data ? text.data : "", text.len, hex);
	buf_release(&text);
	return rc < 0 ? -1 : rc == 0;
}

int dirlist_text(const char *dir, unsigned flags, struct scan_memo *memo, struct buf *out, struct strv *read)
{
	struct strv names = STRV_INIT;

	if (scan_memo_list(memo, dir, &names) < 0)
		return -1;
	buf_printf(out, "# %s\n", dir);
	for (size_t i = 0; i < names.n; i++) {
		const char *name = names.v[i];
		int pf = package_file(name);
		char *path, hex[65];
		const char *kept;

		if (!(flags & DIRLIST_ALL) && !pf)
			continue;
		buf_puts(out, name);
		path = path_join(dir, name);
		kept = memo ? strmap_get(&memo->headers, path) : NULL;
		if (kept)
			memcpy(hex, kept, 65);
		/* an unreadable file is marked, and the scan of the regeneration reports it */
		switch (kept ? 0 : pf && fs_is_file(path) ? file_digest(path, flags & DIRLIST_TESTS, hex) : 1) {
		case 0:
			buf_printf(out, " %.32s", hex);
			if (read)
				strv_push(read, path);
			break;
		case -1:
			buf_puts(out, " unreadable");
			break;
		}
		buf_putc(out, '\n');
		free(path);
	}
	strv_release(&names);
	return 0;
}

int cmd_dirlist(int argc, char **argv)
{
	struct buf text = BUF_INIT;
	unsigned flags = 0;
	int i, rc = 0;

	if (argc == 2 && is_help(argv[1]))
		return puts("usage: mipsbake dirlist [--all] [--tests] DIR... OUT\n"
			    "write what a build reads of each DIR (the names in it, its files' headers; with\n"
			    "--all every name, with --tests its test functions too) to OUT, when that changed\n"
			    "(run by the generated build)"), 0;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--all") == 0)
			flags |= DIRLIST_ALL;
		else if (strcmp(argv[i], "--tests") == 0)
			flags |= DIRLIST_TESTS;
		else
			return usage_error("dirlist", "unknown option '%s'", argv[i]);
	}
	if (argc - i < 2)
		return usage_error("dirlist", "expected [--all] [--tests] DIR... OUT");
	/* a directory gone: an empty listing, and the regeneration says what is missing */
	for (; rc == 0 && i < argc - 1; i++)
		if (fs_is_dir(argv[i]))
			rc = dirlist_text(argv[i], flags, NULL, &text, NULL);
	if (rc == 0)
		rc = fs_write_if_changed(argv[argc - 1], text.data ? text.data : "", text.len);
	buf_release(&text);
	return rc < 0 ? 1 : 0;
}
