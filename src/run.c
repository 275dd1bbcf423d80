/* run.c: finding and running Ninja, passing its status line, diagnostics and exit code through */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit/diagpaths.h"
#include "lib/os.h"
#include "run.h"
#include "lib/banned.h"

#ifndef MIPSBAKE_NINJA
#define MIPSBAKE_NINJA "ninja"
#endif

char *run_find_ninja(void)
{
	const char *env = getenv("MIPSBAKE_NINJA");
	const char *cands[] = { MIPSBAKE_NINJA, "ninja", "samu" };
	char *found;

	if (env && *env)
		return os_which(env);
	for (size_t i = 0; i < ARRAY_LEN(cands); i++)
		if ((found = os_which(cands[i])))
			return found;
	return NULL;
}

/* run argv, showing its output only when it ran a step ("[1/1] ...") or failed, and then
 * without Ninja's own remarks (the directory, "no work to do") */
static int run_quietly(char *const argv[], char *const env[])
{
	struct buf out = BUF_INIT;
	int rc = os_run(argv, env, &out, 0);
	const char *s = buf_str(&out);

	if (rc != 0 || s[0] == '[' || strstr(s, "\n[")) {
		for (const char *nl; *s; s = nl + (*nl != '\0')) {
			nl = s + strcspn(s, "\n");
			if (rc != 0 || strncmp(s, "ninja: ", 7) != 0)
				printf("%.*s\n", (int)(nl - s), s);
		}
	}
	buf_release(&out);
	return rc;
}

int run_ninja(const struct run_opts *o)
{
	struct strv argv = STRV_INIT, env = STRV_INIT;
	char *ninja = run_find_ninja(), *cwd;
	int rc;

	if (!ninja) {
		error("ninja not found (set MIPSBAKE_NINJA); on Debian: apt-get install ninja-build");
		return 1;
	}
	strv_push_owned(&argv, ninja);
	strv_push(&argv, "-C");
	strv_push(&argv, o->builddir);
	strv_pushf(&argv, "-j%d", o->jobs > 0 ? o->jobs : os_ncpu());
	if (o->dry_run)
		strv_push(&argv, "-n");
	if (o->verbose || o->dry_run)
		strv_push(&argv, "-v");
	if (o->keep_going)
		strv_pushf(&argv, "-k%d", o->keep_going);
	for (size_t i = 0; o->targets && o->targets[i]; i++)
		strv_push(&argv, o->targets[i]);
	/* the compilers' messages name files relative to where mipsbake was run; only Ninja's
	 * commands see it, not the programs 'test' and 'run' start afterwards */
	cwd = path_abs(".");
	strv_pushf(&env, "%s=%s", DIAG_CWD_ENV, cwd);
	if (o->replace)
		setenv(DIAG_CWD_ENV, cwd, 1);
	fflush(stdout);
	if (o->replace)
		rc = os_exec(argv.v);
	else
		rc = o->quiet_noop ? run_quietly(argv.v, env.v) : os_run(argv.v, env.v, NULL, 0);
	strv_release(&argv);
	strv_release(&env);
	free(cwd);
	return rc < 0 ? 1 : rc;
}
