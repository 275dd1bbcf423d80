/* run.c: finding and running Ninja, passing its status line, diagnostics and exit code through */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "emit/diagpaths.h"
#include "lib/builddir.h"
#include "lib/os.h"
#include "noop.h"
#include "run.h"
#include "lib/banned.h"

extern char **environ;

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

/* ignore ^C and ^\ while a child runs; old[2] keeps what to restore */
static void signals_ignore(struct sigaction old[2])
{
	struct sigaction ign;

	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ign, &old[0]);
	sigaction(SIGQUIT, &ign, &old[1]);
}

static void signals_restore(const struct sigaction old[2])
{
	sigaction(SIGINT, &old[0], NULL);
	sigaction(SIGQUIT, &old[1], NULL);
}

/* keep the last RUN_OUTPUT_MAX bytes of what passes */
static void keep_tail(struct buf *b, const char *data, size_t n)
{
	buf_add(b, data, n);
	if (b->len > RUN_OUTPUT_MAX) {
		memmove(b->data, b->data + b->len - RUN_OUTPUT_MAX / 2, RUN_OUTPUT_MAX / 2);
		b->len = RUN_OUTPUT_MAX / 2;
		b->data[b->len] = '\0';
	}
}

/* where the watched program writes (fd[1]) and we read (fd[0]): a pseudo-terminal with our
 * terminal's settings and size when our stdout is one, so that Ninja keeps its one-line
 * status, else a pipe; -1 after reporting */
static int open_channel(int fd[2])
{
	struct termios tio;
	struct winsize ws;
	char *name;

	if (!isatty(1))
		return pipe(fd) < 0 ? error("pipe failed:") : 0;
	fd[0] = posix_openpt(O_RDWR | O_NOCTTY);
	if (fd[0] < 0 || grantpt(fd[0]) < 0 || unlockpt(fd[0]) < 0 || !(name = ptsname(fd[0])) ||
	    (fd[1] = open(name, O_RDWR | O_NOCTTY)) < 0) {
		if (fd[0] >= 0)
			close(fd[0]);
		return error("could not open a pseudo-terminal for Ninja:");
	}
	/* our terminal's modes, but bytes pass as Ninja wrote them: the terminal maps newlines */
	if (tcgetattr(1, &tio) == 0) {
		tio.c_oflag &= ~(tcflag_t)OPOST;
		tcsetattr(fd[1], TCSANOW, &tio);
	}
	if (ioctl(1, TIOCGWINSZ, &ws) == 0)
		ioctl(fd[1], TIOCSWINSZ, &ws);
	return 0;
}

/* run argv as system() does (^C and ^\ are its to handle, and its status says what
 * happened); with out, its stdout is copied to ours as it comes and kept in out; its exit
 * status */
static int run_watched(char *const argv[], struct buf *out)
{
	struct sigaction old[2];
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t dfl;
	int pfd[2] = { -1, -1 }, rc, writing = 1;
	pid_t pid;
	char tmp[8192];
	ssize_t n;

	if (out && open_channel(pfd) < 0)
		return -1;
	signals_ignore(old);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGINT);
	sigaddset(&dfl, SIGQUIT);
	posix_spawnattr_init(&at);
	posix_spawnattr_setsigdefault(&at, &dfl);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF);
	posix_spawn_file_actions_init(&fa);
	if (out) {
		posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
		posix_spawn_file_actions_addclose(&fa, pfd[0]);
		posix_spawn_file_actions_addclose(&fa, pfd[1]);
	}
	rc = posix_spawn(&pid, argv[0], &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	if (out)
		close(pfd[1]);
	if (rc == 0) {
		/* drained to the end even when our stdout is gone, so that Ninja never blocks */
		while (out && (n = read(pfd[0], tmp, sizeof(tmp))) != 0) {
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)           /* EIO: a pseudo-terminal's last writer has gone */
				break;
			if (writing && fs_write_all(1, tmp, (size_t)n) < 0)
				writing = 0;
			keep_tail(out, tmp, (size_t)n);
		}
		rc = os_wait(pid);
	} else {
		errno = rc;
		rc = error("could not run '%s':", argv[0]);
	}
	if (out)
		close(pfd[0]);
	signals_restore(old);
	return rc;
}

/* one run of Ninja (argv, with env added) for run_ninja; watched: with a fast-path record,
 * which is read back after it. Ninja is never exec'd, even when nothing follows the build
 * (replace): the build may need a second run (RERUN_FILE) */
static int ninja_once(const struct run_opts *o, char *const argv[], char *const env[], const char *cwd,
		      int watched)
{
	const char *was;
	char *saved;
	int rc;

	if (!o->output && !watched && !o->replace)
		return o->quiet_noop ? run_quietly(argv, env) : os_run(argv, env, NULL, 0);
	/* run_watched passes our environment on: MIPSBAKE_CWD for the time of the run */
	was = getenv(DIAG_CWD_ENV);
	saved = was ? xstrdup(was) : NULL;
	setenv(DIAG_CWD_ENV, cwd, 1);
	rc = run_watched(argv, o->output);
	if (saved)
		setenv(DIAG_CWD_ENV, saved, 1);
	else
		unsetenv(DIAG_CWD_ENV);
	free(saved);
	return rc;
}

int run_ninja(const struct run_opts *o)
{
	struct strv argv = STRV_INIT, env = STRV_INIT;
	char *ninja = run_find_ninja(), *cwd, *rerun;
	struct noop *noop = NULL;
	int rc;

	if (!ninja) {
		error("ninja not found (set MIPSBAKE_NINJA); on Debian: apt-get install ninja-build");
		return 1;
	}
	/* a dry run shows what Ninja would do; the regeneration alone is not worth a record */
	if (!o->dry_run && !o->quiet_noop) {
		noop = noop_begin(o->builddir, ninja, o->targets);
		if (noop_hit(noop)) {
			printf("mipsbake: no work to do (nothing Ninja reads has changed since it last found none)\n");
			noop_end(noop, 0);
			free(ninja);
			return 0;
		}
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
	rerun = path_join(o->builddir, RERUN_FILE);
	for (int pass = 0;; pass++) {
		fflush(stdout);
		unlink(rerun);
		rc = ninja_once(o, argv.v, env.v, cwd, noop != NULL);
		/* 1: a command failed (Ninja's status for ^C is 2 or 130, and then it stays stopped) */
		if (rc != 1 || pass > 0 || !fs_exists(rerun))
			break;
		printf("mipsbake: an input was set right during the build; running Ninja again\n");
	}
	unlink(rerun);
	free(rerun);
	noop_end(noop, rc);
	strv_release(&argv);
	strv_release(&env);
	free(cwd);
	return rc < 0 ? 1 : rc;
}
