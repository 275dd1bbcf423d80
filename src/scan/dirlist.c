/* dirlist.c: the part of a directory's listing a build reads */
#include <stdio.h>
#include <string.h>

#include "lib/os.h"
#include "scan/dirlist.h"
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

int dirlist_text(const char *dir, int all, struct buf *out)
{
	struct strv names = STRV_INIT;

	if (fs_list_dir(dir, &names) < 0)
		return -1;
	for (size_t i = 0; i < names.n; i++)
		if (all || package_file(names.v[i]))
			buf_printf(out, "%s\n", names.v[i]);
	strv_release(&names);
	return 0;
}

int cmd_dirlist(int argc, char **argv)
{
	int all = argc == 4 && strcmp(argv[1], "--all") == 0;
	struct buf text = BUF_INIT;
	int rc;

	if (argc == 2 && is_help(argv[1]))
		return puts("usage: mipsbake dirlist [--all] DIR OUT\n"
			    "write the names in DIR a build reads to OUT, when they changed (run by the\n"
			    "generated build)"), 0;
	if (argc > 1 && argv[1][0] == '-' && strcmp(argv[1], "--all") != 0)
		return usage_error("dirlist", "unknown option '%s'", argv[1]);
	if (argc != 3 + all)
		return usage_error("dirlist", "expected [--all] DIR OUT");
	/* a directory gone: an empty listing, and the regeneration says what is missing */
	rc = fs_is_dir(argv[1 + all]) ? dirlist_text(argv[1 + all], all, &text) : 0;
	if (rc == 0)
		rc = fs_write_if_changed(argv[2 + all], text.data ? text.data : "", text.len);
	buf_release(&text);
	return rc < 0 ? 1 : 0;
}
