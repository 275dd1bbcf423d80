/* os.h: files, paths and processes; the only place that talks to POSIX directly */
#ifndef MIPSBAKE_OS_H
#define MIPSBAKE_OS_H

#include <stddef.h>
#include <sys/types.h>

#include "lib/util.h"

/* read a whole file into b (appending); returns 0, or -1 after reporting */
int fs_read_file(const char *path, struct buf *b);
/* the most a manifest, an include or a lock file may hold */
#define FS_INPUT_MAX (16u << 20)
/* check that path (a noun's: "manifest") is a regular file of at most max bytes; -1 after
 * reporting what it is instead ("path: error: is a directory; ...") or why it cannot be read */
int fs_check_regular(const char *path, const char *noun, size_t max);
/* fs_read_file for what a user names: a regular file of at most max bytes, never a
 * directory, device or FIFO (opened without blocking); -1 after reporting */
int fs_read_regular(const char *path, const char *noun, size_t max, struct buf *b);
/* write data to a temporary file beside path, fsync-free, then rename over path; -1 after reporting */
int fs_write_atomic(const char *path, const void *data, size_t len);
/* like fs_write_atomic, but leave path untouched (and its mtime) when it already holds data; 1 if written */
int fs_write_if_changed(const char *path, const void *data, size_t len);
/* write all of data to fd, retrying short writes and EINTR; -1 with errno set on failure */
int fs_write_all(int fd, const void *data, size_t len);
/* mkdir -p; -1 after reporting */
int fs_mkdir_p(const char *path);
/* make path a symbolic link to target unless it is one already; 1 made, 0 unchanged, -1 after reporting */
int fs_symlink_if_changed(const char *target, const char *path);
/* 1 if path exists (following links) */
int fs_exists(const char *path);
/* 1 if path is a directory */
int fs_is_dir(const char *path);
/* 1 if path is a regular file or a link to one */
int fs_is_file(const char *path);
/* what path itself is, a symbolic link not followed */
enum fs_kind { FS_NONE, FS_REGULAR, FS_DIR, FS_OTHER };
enum fs_kind fs_lstat_kind(const char *path);
/* sorted names of the entries of dir (without . and ..); -1 after reporting */
int fs_list_dir(const char *dir, struct strv *names);
/* remove a file tree; -1 after reporting */
int fs_remove_tree(const char *path);

/* a newly allocated "a/b", without doubling '/' */
char *path_join(const char *a, const char *b);
/* a newly allocated directory part of path ("." when there is none) */
char *path_dir(const char *path);
/* the last element of path (points into path) */
const char *path_base(const char *path);
/* a newly allocated absolute, lexically clean form of path (relative to the cwd) */
char *path_abs(const char *path);
/* a newly allocated path of target relative to the directory base, both absolute and clean
 * ("." when they are the same) */
char *path_relative(const char *base, const char *target);
/* a newly allocated realpath(), or NULL after reporting */
char *path_real(const char *path);
/* 1 if path is absolute */
int path_is_abs(const char *path);
/* 1 when an element of path (split at '/') is ".." */
int path_has_dotdot(const char *path);
/* 1 when path element e (n bytes), up to its first '.', is a name Windows reserves (CON, PRN,
 * AUX, NUL, COM1-9, LPT1-9, any case): golang.org/x/mod refuses them in paths */
int path_elem_reserved(const char *e, size_t n);

/* absolute path of the running executable */
const char *os_self_exe(void);
/* the CPUs this process may use (at least 1): its affinity mask, or its cgroup's CPU
 * bandwidth limit rounded up when less (lib/cgroup.c) */
int os_ncpu(void);
/* bytes of memory this process may use: the physical memory, or its cgroup's limit when
 * less (0 when unknown) */
unsigned long long os_memtotal(void);

/*
 * Run argv (argv[0] looked up in PATH) with the given extra environment ("K=V" strings,
 * may be NULL). When out is not NULL, stdout is captured
 * into it; stderr passes through unless quiet is set. Returns the exit status, 128+signal when
 * killed, or -1 when the program could not be started (reported).
 */
int os_run(char *const argv[], char *const env[], struct buf *out, int quiet);
/* wait for child pid; its exit status, 128+signal when killed by one, -1 after reporting */
int os_wait(pid_t pid);
/* find prog in PATH (or take it as a path when it contains '/'); newly allocated or NULL */
char *os_which(const char *prog);
/* send what is written to stdout to stderr until os_stdout_restore: a descriptor for it */
int os_stdout_to_stderr(void);
/* undo os_stdout_to_stderr (saved from it; -1: nothing to undo, only flush) */
void os_stdout_restore(int saved);

#endif
