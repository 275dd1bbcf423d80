/* dirlock.c: the build directory lock, held by a run and every process it starts */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/dirlock.h"
#include "lib/os.h"
#include "lib/banned.h"

/* the environment variable naming the descriptor of the lock a process inherited */
#define DIRLOCK_ENV "MIPSBAKE_DIRLOCK_FD"

static int held = -1;

/* 1 when descriptor fd, named by the environment, is open on the lock file at path */
static int inherited(const char *path)
{
	const char *s = getenv(DIRLOCK_ENV);
	struct stat a, b;
	char *end;
	long fd;

	if (!s || !*s)
		return 0;
	fd = strtol(s, &end, 10);
	if (*end || fd < 0 || fd > 65535 || fstat((int)fd, &a) < 0 || stat(path, &b) < 0)
		return 0;
	return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* the pid the holder wrote into the lock file, 0 when unknown; a holder that has just taken
 * the lock writes it a moment later, so an empty file is read again for a while */
static long holder(int fd)
{
	char text[32];

	for (int tries = 0; tries < 25; tries++) {
		ssize_t n = pread(fd, text, sizeof(text) - 1, 0);

		if (n > 0) {
			text[n] = '\0';
			return strtol(text, NULL, 10);
		}
		nanosleep(&(struct timespec){ 0, 20 * 1000 * 1000 }, NULL);
	}
	return 0;
}

static int lock(int fd, int how)
{
	int rc;

	while ((rc = flock(fd, how)) < 0 && errno == EINTR)
		;
	return rc;
}

/* wait for the lock another run holds, or refuse with no_wait; -1 after reporting */
static int wait_for(int fd, const char *dir, int no_wait)
{
	long pid = holder(fd);
	char *who = pid > 0 ? xasprintf(" (pid %ld)", pid) : xstrdup("");
	int rc = 0;

	if (no_wait) {
		rc = error("another mipsbake is running in '%s'%s; --no-wait given", dir, who);
	} else {
		fprintf(stderr, "mipsbake: waiting for another mipsbake in '%s'%s\n", dir, who);
		if (lock(fd, LOCK_EX) < 0)
			rc = error("could not lock '%s':", dir);
	}
	free(who);
	return rc;
}

/* open and lock path (in dir) for this process and its children; the descriptor, or -1 */
static int take(const char *dir, const char *path, int no_wait)
{
	char num[32];
	int fd, rc = 0;

	if (fs_mkdir_p(dir) < 0)
		return -1;
	/* no O_CLOEXEC: Ninja and every command it runs hold the lock too */
	if ((fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW, 0666)) < 0)
		return error("could not open '%s':", path);
	if (lock(fd, LOCK_EX | LOCK_NB) < 0)
		rc = errno == EWOULDBLOCK ? wait_for(fd, dir, no_wait) : error("could not lock '%s':", dir);
	snprintf(num, sizeof(num), "%ld\n", (long)getpid());
	if (rc == 0 && (ftruncate(fd, 0) < 0 || pwrite(fd, num, strlen(num), 0) < 0))
		rc = error("could not write '%s':", path);
	if (rc < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int dirlock_take(const char *dir, int no_wait)
{
	char *path, num[32];
	int rc = 0;

	if (held >= 0)
		return 0;
	path = path_join(dir, DIRLOCK_FILE);
	if (!inherited(path)) {
		held = take(dir, path, no_wait);
		rc = held < 0 ? -1 : 0;
		snprintf(num, sizeof(num), "%d", held);
		if (rc == 0)
			setenv(DIRLOCK_ENV, num, 1);
	}
	free(path);
	return rc;
}

void dirlock_drop(void)
{
	if (held < 0)
		return;
	close(held);
	held = -1;
	unsetenv(DIRLOCK_ENV);
}

void dirlock_keep_private(void)
{
	if (held >= 0)
		fcntl(held, F_SETFD, FD_CLOEXEC);
}
