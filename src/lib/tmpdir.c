/* tmpdir.c: temporary directories renamed into place, and sweeping those of dead runs */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/os.h"
#include "lib/tmpdir.h"
#include "lib/banned.h"

char *tmpdir_create(const char *parent)
{
	char *t = xasprintf("%s/.tmp-%ld-XXXXXX", parent, (long)getpid());

	if (!mkdtemp(t)) {
		error("could not create a temporary directory in '%s':", parent);
		free(t);
		return NULL;
	}
	return t;
}

/* the pid in a name ".tmp-<pid>-...", 0 when name is not one */
static long tmp_pid(const char *name)
{
	char *end;
	long pid;

	if (!str_has_prefix(name, ".tmp-"))
		return 0;
	pid = strtol(name + 5, &end, 10);
	return end != name + 5 && *end == '-' ? pid : 0;
}

static int process_gone(long pid)
{
	return pid > 0 && kill((pid_t)pid, 0) < 0 && errno == ESRCH;
}

void tmpdir_sweep(const char *parent)
{
	struct strv names = STRV_INIT;

	if (!fs_is_dir(parent) || fs_list_dir(parent, &names) < 0)
		return;
	for (size_t i = 0; i < names.n; i++) {
		if (process_gone(tmp_pid(names.v[i]))) {
			char *p = path_join(parent, names.v[i]);

			fs_remove_tree(p);
			free(p);
		}
	}
	strv_release(&names);
}

int tmpdir_install(const char *tmp, const char *dir)
{
	char *old;
	int rc = 0;

	if (rename(tmp, dir) == 0)
		return 0;
	if (errno != EEXIST && errno != ENOTEMPTY)
		return error("could not rename '%s' to '%s':", tmp, dir);
	old = xasprintf("%s.old", tmp);
	if (rename(dir, old) < 0)
		rc = error("could not rename '%s' to '%s':", dir, old);
	else if (rename(tmp, dir) < 0)
		rc = error("could not rename '%s' to '%s':", tmp, dir);
	else
		fs_remove_tree(old);
	free(old);
	return rc;
}
