/* proc.c: posix_spawn with two captured pipes, poll() and a deadline */
#define _GNU_SOURCE /* posix_spawn_file_actions_addchdir_np */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/os.h"
#include "lib/proc.h"
#include "lib/banned.h"

extern char **environ;

/* seconds to keep reading after the kill at the time limit */
#define GRACE 5

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* spawn argv with stdout and stderr into the write ends of out[] and err[]; -1 after reporting */
static int spawn(char *const argv[], char *const envp[], const char *dir, const int out[2], const int err[2],
		 pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	struct rlimit core, nocore;
	int rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, err[1], 2);
	posix_spawn_file_actions_addclose(&fa, out[0]);
	posix_spawn_file_actions_addclose(&fa, err[0]);
	if (dir)
		posix_spawn_file_actions_addchdir_np(&fa, dir);
	posix_spawnattr_init(&at);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&at, 0);
	/* no core files from a test that crashes: lower the soft limit the child inherits */
	getrlimit(RLIMIT_CORE, &core);
	nocore = core;
	nocore.rlim_cur = 0;
	setrlimit(RLIMIT_CORE, &nocore);
	rc = posix_spawnp(pid, argv[0], &fa, &at, argv, envp);
	setrlimit(RLIMIT_CORE, &core);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		errno = rc;
		return error("could not run '%s':", argv[0]);
	}
	return 0;
}

/* read what fd has into b (up to the cap); 0 at end of file */
static int drain(int fd, struct buf *b)
{
	char tmp[8192];
	ssize_t n = read(fd, tmp, sizeof(tmp));

	if (n < 0)
		return errno == EINTR || errno == EAGAIN;
	if (n > 0 && b->len < PROC_OUTPUT_MAX)
		buf_add(b, tmp, (size_t)n < PROC_OUTPUT_MAX - b->len ? (size_t)n : PROC_OUTPUT_MAX - b->len);
	return n > 0;
}

/* read both pipes until they close, killing the group at the deadline */
static void collect(pid_t pid, int outfd, int errfd, double deadline, struct proc_result *r)
{
	struct pollfd fds[2] = { { outfd, POLLIN, 0 }, { errfd, POLLIN, 0 } };
	struct buf *bufs[2] = { &r->out, &r->err };

	while (fds[0].fd >= 0 || fds[1].fd >= 0) {
		double left = deadline - now();
		int ms = r->timed_out ? 1000 : left > 0 ? (int)(left * 1000) + 1 : 0;

		if (!r->timed_out && left <= 0) {
			kill(-pid, SIGKILL);
			r->timed_out = 1;
			continue;
		}
		/* something outside the group holds the pipes: stop listening */
		if (r->timed_out && left < -GRACE)
			break;
		if (poll(fds, 2, ms) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd >= 0 && fds[i].revents && !drain(fds[i].fd, bufs[i])) {
				close(fds[i].fd);
				fds[i].fd = -1;
			}
		}
	}
	for (int i = 0; i < 2; i++)
		if (fds[i].fd >= 0)
			close(fds[i].fd);
}

int proc_run(char *const argv[], int timeout, struct proc_result *r)
{
	return proc_run_env(argv, environ, timeout, r);
}

int proc_run_env(char *const argv[], char *const envp[], int timeout, struct proc_result *r)
{
	return proc_run_in(argv, envp, NULL, timeout, r);
}

int proc_run_in(char *const argv[], char *const envp[], const char *dir, int timeout, struct proc_result *r)
{
	int out[2], err[2];
	double start = now();
	pid_t pid;

	memset(r, 0, sizeof(*r));
	buf_add(&r->out, "", 0);
	buf_add(&r->err, "", 0);
	if (pipe(out) < 0 || pipe(err) < 0)
		die("pipe failed:");
	if (spawn(argv, envp, dir, out, err, &pid) < 0) {
		close(out[0]), close(out[1]), close(err[0]), close(err[1]);
		r->status = -1;
		return -1;
	}
	close(out[1]);
	close(err[1]);
	collect(pid, out[0], err[0], start + timeout, r);
	r->status = os_wait(pid);
	r->seconds = now() - start;
	return 0;
}

void proc_result_release(struct proc_result *r)
{
	buf_release(&r->out);
	buf_release(&r->err);
}
