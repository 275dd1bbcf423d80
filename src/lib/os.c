/* os.c: POSIX implementation of os.h */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/os.h"
#include "lib/banned.h"

extern char **environ;

/* append what is left of fd (path's, a noun's: NULL for none) to b, at most max bytes; it is
 * closed; -1 after reporting */
static int read_all(int fd, const char *path, const char *noun, size_t max, struct buf *b)
{
	char tmp[65536];
	ssize_t n;
	size_t got = 0;
	int rc = 0;

	while (rc == 0 && (n = read(fd, tmp, sizeof(tmp))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			rc = error("could not read %s%s'%s':", noun ? noun : "", noun ? " " : "", path);
		else if ((got += (size_t)n) > max)
			rc = error_at(&(struct pos){ path, 0, 0 }, "%s grew past the limit of %zu bytes while "
				      "being read", noun, max);
		else
			buf_add(b, tmp, (size_t)n);
	}
	close(fd);
	if (rc == 0 && !b->data)
		buf_add(b, "", 0);
	return rc;
}

int fs_read_file(const char *path, struct buf *b)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return error("could not open '%s':", path);
	return read_all(fd, path, NULL, SIZE_MAX, b);
}

/* what st is when it is not a regular file */
static const char *file_kind(const struct stat *st)
{
	if (S_ISDIR(st->st_mode))
		return "a directory";
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		return "a device";
	if (S_ISFIFO(st->st_mode))
		return "a FIFO";
	if (S_ISSOCK(st->st_mode))
		return "a socket";
	return "something other than a file";
}

/* report what st (of path, a noun's) is not; -1, or 0 when it is a small enough regular file */
static int check_stat(const char *path, const char *noun, const struct stat *st, size_t max)
{
	struct pos at = { path, 0, 0 };

	if (!S_ISREG(st->st_mode))
		return error_at(&at, "is %s, not a %s file", file_kind(st), noun);
	if ((uintmax_t)st->st_size > max)
		return error_at(&at, "%s of %ju bytes is too large; the limit is %zu bytes (%zu MiB)",
				noun, (uintmax_t)st->st_size, max, max >> 20);
	return 0;
}

int fs_check_regular(const char *path, const char *noun, size_t max)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return error("could not open %s '%s':", noun, path);
	return check_stat(path, noun, &st, max);
}

int fs_read_regular(const char *path, const char *noun, size_t max, struct buf *b)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), rc;

	if (fd < 0)
		return error("could not open %s '%s':", noun, path);
	if (fstat(fd, &st) < 0)
		rc = error("could not read %s '%s':", noun, path);
	else
		rc = check_stat(path, noun, &st, max);
	if (rc < 0) {
		close(fd);
		return rc;
	}
	return read_all(fd, path, noun, max, b);
}

int fs_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int fs_write_atomic(const char *path, const void *data, size_t len)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);

	if (fd < 0) {
		error("could not create '%s':", tmp);
		free(tmp);
		return -1;
	}
	if (fs_write_all(fd, data, len) < 0 || close(fd) < 0) {
		error("could not write '%s':", tmp);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	if (rename(tmp, path) < 0) {
		error("could not rename '%s' to '%s':", tmp, path);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

int fs_write_if_changed(const char *path, const void *data, size_t len)
{
	struct buf old = BUF_INIT;
	int same = 0;

	if (fs_is_file(path) && fs_read_file(path, &old) == 0)
		same = old.len == len && memcmp(old.data, data, len) == 0;
	buf_release(&old);
	if (same)
		return 0;
	return fs_write_atomic(path, data, len) < 0 ? -1 : 1;
}

int fs_symlink_if_changed(const char *target, const char *path)
{
	struct stat st;
	char old[4096];
	ssize_t n;
	char *tmp;

	if (lstat(path, &st) == 0) {
		if (!S_ISLNK(st.st_mode))
			return error("'%s' is in the way of a symbolic link mipsbake makes there", path);
		n = readlink(path, old, sizeof(old) - 1);
		if (n >= 0 && (size_t)n == strlen(target) && memcmp(old, target, (size_t)n) == 0)
			return 0;
	}
	tmp = xasprintf("%s.tmp-%ld", path, (long)getpid());
	unlink(tmp);
	if (symlink(target, tmp) < 0 || rename(tmp, path) < 0) {
		error("could not make the symbolic link '%s': %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 1;
}

int fs_mkdir_p(const char *path)
{
	char *p;
	int rc = 0;

	/* the common cases first: there already, or only the last component missing */
	if (fs_is_dir(path) || mkdir(path, 0777) == 0)
		return 0;
	p = xstrdup(path);
	for (char *s = p + 1;; s++) {
		char c = *s;

		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			rc = error("could not create directory '%s':", p);
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	if (rc == 0 && !fs_is_dir(path))
		rc = error("'%s' exists and is not a directory", path);
	free(p);
	return rc;
}

int fs_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

int fs_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int fs_is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

enum fs_kind fs_lstat_kind(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return FS_NONE;
	if (S_ISREG(st.st_mode))
		return FS_REGULAR;
	return S_ISDIR(st.st_mode) ? FS_DIR : FS_OTHER;
}

int fs_list_dir(const char *dir, struct strv *names)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return error("could not open directory '%s':", dir);
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		strv_push(names, e->d_name);
	}
	closedir(d);
	strv_sort(names);
	return 0;
}

int fs_remove_tree(const char *path)
{
	struct stat st;
	struct strv names = STRV_INIT;
	int rc = 0;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : error("could not stat '%s':", path);
	if (!S_ISDIR(st.st_mode))
		return unlink(path) < 0 ? error("could not remove '%s':", path) : 0;
	if (fs_list_dir(path, &names) < 0)
		return -1;
	for (size_t i = 0; i < names.n && rc == 0; i++) {
		char *sub = path_join(path, names.v[i]);

		rc = fs_remove_tree(sub);
		free(sub);
	}
	strv_release(&names);
	if (rc == 0 && rmdir(path) < 0)
		rc = error("could not remove '%s':", path);
	return rc;
}

char *path_join(const char *a, const char *b)
{
	size_t n = strlen(a);

	if (path_is_abs(b) || n == 0)
		return xstrdup(b);
	if (a[n - 1] == '/')
		return xasprintf("%s%s", a, b);
	return xasprintf("%s/%s", a, b);
}

char *path_dir(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

const char *path_base(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

int path_is_abs(const char *path)
{
	return path[0] == '/';
}

/* drop "." elements and resolve ".." lexically in an absolute path */
static char *path_clean(const char *abs)
{
	struct buf out = BUF_INIT;
	const char *p = abs;

	buf_add(&out, "", 0);        /* ".." above the root truncates an empty string */
	while (*p) {
		const char *e;
		size_t n;

		while (*p == '/')
			p++;
		e = strchr(p, '/');
		n = e ? (size_t)(e - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* skip */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (out.len > 0 && out.data[out.len - 1] != '/')
				out.len--;
			if (out.len > 0)
				out.len--;
			out.data[out.len] = '\0';
		} else {
			buf_putc(&out, '/');
			buf_add(&out, p, n);
		}
		p += n;
	}
	if (out.len == 0)
		buf_putc(&out, '/');
	return buf_detach(&out);
}

char *path_abs(const char *path)
{
	char cwd[PATH_MAX];
	char *joined, *clean;

	if (path_is_abs(path))
		return path_clean(path);
	if (!getcwd(cwd, sizeof(cwd)))
		die("could not get the current directory:");
	joined = path_join(cwd, path);
	clean = path_clean(joined);
	free(joined);
	return clean;
}

char *path_relative(const char *base, const char *target)
{
	struct buf b = BUF_INIT;
	size_t common = 0, i;

	if (!strcmp(base, "/"))
		return xstrdup(target[1] ? target + 1 : ".");
	for (i = 0; base[i] && base[i] == target[i]; i++)
		if (base[i] == '/')
			common = i;
	if (!base[i] && (target[i] == '/' || !target[i]))
		common = i;
	for (const char *s = base + common; *s; s++)
		if (*s == '/')
			buf_puts(&b, "../");
	buf_puts(&b, target[common] == '/' ? target + common + 1 : target + common);
	if (b.len == 0)
		buf_putc(&b, '.');
	else if (b.data[b.len - 1] == '/')
		b.data[--b.len] = '\0';
	return buf_detach(&b);
}

char *path_real(const char *path)
{
	char *r = realpath(path, NULL);

	if (!r)
		error("could not resolve '%s':", path);
	return r;
}

const char *os_self_exe(void)
{
	static char *self;
	char tmp[PATH_MAX];
	ssize_t n;

	if (self)
		return self;
	n = readlink("/proc/self/exe", tmp, sizeof(tmp) - 1);
	if (n <= 0)
		die("could not find the running executable:");
	tmp[n] = '\0';
	/* the binary was replaced while running (say, rebuilt): its path names the new one */
	if (str_has_suffix(tmp, " (deleted)"))
		tmp[n - strlen(" (deleted)")] = '\0';
	self = xstrdup(tmp);
	return self;
}

char *os_which(const char *prog)
{
	const char *path = getenv("PATH");

	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0 ? xstrdup(prog) : NULL;
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		const char *e = strchr(path, ':');
		size_t n = e ? (size_t)(e - path) : strlen(path);
		char *dir = n ? xstrndup(path, n) : xstrdup(".");
		char *cand = path_join(dir, prog);

		free(dir);
		if (access(cand, X_OK) == 0 && fs_is_file(cand))
			return cand;
		free(cand);
		path += n;
		if (*path == ':')
			path++;
	}
	return NULL;
}

/* environ with extra "K=V" entries overriding the same keys */
static char **merge_env(char *const extra[])
{
	size_t n = 0, m = 0, k = 0;
	char **env;

	while (environ[n])
		n++;
	while (extra && extra[m])
		m++;
	env = xcalloc(n + m + 1, sizeof(*env));
	for (size_t i = 0; i < n; i++) {
		int overridden = 0;

		for (size_t j = 0; j < m; j++) {
			size_t kl = strcspn(extra[j], "=");

			if (strncmp(environ[i], extra[j], kl + 1) == 0)
				overridden = 1;
		}
		if (!overridden)
			env[k++] = environ[i];
	}
	for (size_t j = 0; j < m; j++)
		env[k++] = extra[j];
	return env;
}

int os_wait(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return error("waitpid failed:");
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + WTERMSIG(st);
}

int os_run(char *const argv[], char *const env[], struct buf *out, int quiet)
{
	posix_spawn_file_actions_t fa;
	char **envp = merge_env(env);
	int pfd[2] = { -1, -1 };
	pid_t pid;
	int rc;

	if (out && pipe(pfd) < 0)
		die("pipe failed:");
	posix_spawn_file_actions_init(&fa);
	if (out) {
		posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
		posix_spawn_file_actions_addclose(&fa, pfd[0]);
		posix_spawn_file_actions_addclose(&fa, pfd[1]);
	}
	if (quiet)
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	free(envp);
	if (out)
		close(pfd[1]);
	if (rc != 0) {
		if (out)
			close(pfd[0]);
		errno = rc;
		return error("could not run '%s':", argv[0]);
	}
	if (out) {
		char tmp[8192];
		ssize_t n;

		while ((n = read(pfd[0], tmp, sizeof(tmp))) != 0) {
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				break;
			buf_add(out, tmp, (size_t)n);
		}
		close(pfd[0]);
		if (!out->data)
			buf_add(out, "", 0);
	}
	return os_wait(pid);
}

int path_has_dotdot(const char *s)
{
	while (1) {
		size_t n = strcspn(s, "/");

		if (n == 2 && s[0] == '.' && s[1] == '.')
			return 1;
		if (!s[n])
			return 0;
		s += n + 1;
	}
}

int path_elem_reserved(const char *e, size_t n)
{
	static const char *const reserved[] = { "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3",
		"COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5",
		"LPT6", "LPT7", "LPT8", "LPT9" };
	size_t stem = strcspn(e, ".");

	if (stem > n)
		stem = n;
	for (size_t i = 0; i < ARRAY_LEN(reserved); i++)
		if (strlen(reserved[i]) == stem && !strncasecmp(e, reserved[i], stem))
			return 1;
	return 0;
}

int os_stdout_to_stderr(void)
{
	int saved;

	fflush(stdout);
	saved = dup(1);
	if (saved >= 0)
		dup2(2, 1);
	return saved;
}

void os_stdout_restore(int saved)
{
	fflush(stdout);
	if (saved < 0)
		return;
	dup2(saved, 1);
	close(saved);
}
