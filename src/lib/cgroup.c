/*
 * cgroup.c: how many CPUs and how much memory this process may use (os_ncpu, os_memtotal).
 *
 * A CI runner or a container sees the whole machine in sysconf, but its scheduler allows
 * only its affinity mask and its cgroup's limits: a job started with --cpus=2 on a 64-CPU
 * host that ran 64 compiles, each with a 64th of the memory for its garbage collector,
 * would thrash. So the CPUs are those of the affinity mask (as Go's runtime.NumCPU counts
 * them), fewer when a CPU bandwidth limit (v1 cpu.cfs_quota_us over cpu.cfs_period_us,
 * v2 cpu.max) allows fewer, rounded up; the memory is the physical memory, or the least
 * limit (v1 memory.limit_in_bytes, v2 memory.max) when less.
 *
 * Where the limits are: /proc/self/cgroup gives the process's cgroup path in each
 * hierarchy ("ID:CONTROLLERS:PATH"; v2's is "0::PATH"), /proc/self/mountinfo where each
 * hierarchy is mounted and which part of it (its root). The cgroup's directory is the
 * mount point joined with the path below that root; a limit on any ancestor up to the mount
 * point applies too, so each of those directories is read and the least limit kept.
 */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/os.h"
#include "lib/banned.h"

/* 1 when the comma-separated list has the item word */
static int list_has(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; p; p = strchr(p, ',')) {
		if (*p == ',')
			p++;
		if (strncmp(p, word, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return 1;
	}
	return 0;
}

/* mountinfo's escapes (\040 for a space, \011, \012, \134) undone in place */
static void unescape_octal(char *s)
{
	char *w = s;

	for (const char *r = s; *r; r++) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' && r[3] >= '0' &&
		    r[3] <= '7') {
			*w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
			r += 3;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

/* the path of this process's cgroup in the hierarchy of controller ctl (NULL: the v2 one),
 * or NULL */
static char *cgroup_path(const char *ctl)
{
	FILE *f = fopen("/proc/self/cgroup", "re");
	char *line = NULL, *found = NULL;
	size_t cap = 0;

	if (!f)
		return NULL;
	while (!found && getline(&line, &cap, f) > 0) {
		char *ctls = strchr(line, ':'), *path = ctls ? strchr(ctls + 1, ':') : NULL;

		if (!path)
			continue;
		*ctls++ = '\0';
		*path++ = '\0';
		path[strcspn(path, "\n")] = '\0';
		if (ctl ? list_has(ctls, ctl) : strcmp(line, "0") == 0 && *ctls == '\0')
			found = xstrdup(path);
	}
	free(line);
	fclose(f);
	return found;
}

/*
 * Push to dirs the directories of this process's cgroup for controller ctl (NULL: v2), and
 * each ancestor up to the mount point, for every mount of that hierarchy. mountinfo's line:
 * "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS".
 */
static void cgroup_dirs(const char *ctl, struct strv *dirs)
{
	char *path = cgroup_path(ctl);
	FILE *f = path ? fopen("/proc/self/mountinfo", "re") : NULL;
	char *line = NULL;
	size_t cap = 0;

	while (f && getline(&line, &cap, f) > 0) {
		char *field[5], *save = NULL, *dash = strstr(line, " - "), *fstype, *opts, *rel;
		size_t i, n, top;
		struct buf dir = BUF_INIT;

		if (!dash)
			continue;
		*dash = '\0';
		field[0] = strtok_r(line, " ", &save);
		for (i = 1; i < 5 && field[i - 1]; i++)
			field[i] = strtok_r(NULL, " ", &save);
		save = NULL;
		fstype = strtok_r(dash + 3, " ", &save);
		opts = fstype && strtok_r(NULL, " ", &save) ? strtok_r(NULL, " \n", &save) : NULL;
		if (i < 5 || !field[4] || !opts ||
		    !(ctl ? strcmp(fstype, "cgroup") == 0 && list_has(opts, ctl) : strcmp(fstype, "cgroup2") == 0))
			continue;
		unescape_octal(field[3]);
		unescape_octal(field[4]);
		/* the part of the path below the mount's root; none when the root is not above it
		 * (a cgroup namespace, or a bind mount of another cgroup): the mount point's own */
		n = strlen(field[3]);
		if (strcmp(field[3], "/") == 0)
			rel = path;
		else if (strncmp(path, field[3], n) == 0 && (path[n] == '/' || path[n] == '\0'))
			rel = path + n;
		else
			rel = "";
		buf_puts(&dir, field[4]);
		top = dir.len;
		if (*rel && strcmp(rel, "/") != 0) {
			if (*rel != '/')
				buf_putc(&dir, '/');
			buf_puts(&dir, rel);
		}
		while (dir.len > top && dir.data[dir.len - 1] == '/')
			dir.len--;
		/* the cgroup's directory, then each parent up to the mount point */
		for (;;) {
			char *slash;

			dir.data[dir.len] = '\0';
			strv_push(dirs, dir.data);
			if (dir.len <= top || !(slash = strrchr(dir.data + top, '/')))
				break;
			dir.len = (size_t)(slash - dir.data);
		}
		buf_release(&dir);
	}
	if (f)
		fclose(f);
	free(line);
	free(path);
}

/* the numbers in dir/name (at most 2), or 0; "max" reads as 0 */
static int read_numbers(const char *dir, const char *name, long long v[2])
{
	char *file = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(file, "re");
	int n = 0;

	free(file);
	if (!f)
		return 0;
	n = fscanf(f, "%lld %lld", &v[0], &v[1]);
	if (n <= 0 && fscanf(f, "max %lld", &v[1]) == 1) {
		v[0] = -1;
		n = 2;
	}
	fclose(f);
	return n < 0 ? 0 : n;
}

/* the least memory limit of this process's cgroups, or 0; v1's "unlimited" is a page short
 * of 2^63 */
static unsigned long long cgroup_memlimit(void)
{
	static const struct {
		const char *ctl, *file;
	} where[] = { { "memory", "memory.limit_in_bytes" }, { NULL, "memory.max" } };
	unsigned long long least = 0;

	for (size_t k = 0; k < ARRAY_LEN(where); k++) {
		struct strv dirs = STRV_INIT;

		cgroup_dirs(where[k].ctl, &dirs);
		for (size_t i = 0; i < dirs.n; i++) {
			long long v[2];

			if (read_numbers(dirs.v[i], where[k].file, v) >= 1 && v[0] > 0 &&
			    (unsigned long long)v[0] < (1ull << 60) && (least == 0 || (unsigned long long)v[0] < least))
				least = (unsigned long long)v[0];
		}
		strv_release(&dirs);
	}
	return least;
}

/* the least CPU bandwidth limit of this process's cgroups in CPUs, rounded up, or 0 */
static long cgroup_cpulimit(void)
{
	long least = 0;

	for (int v2 = 0; v2 < 2; v2++) {
		struct strv dirs = STRV_INIT;

		cgroup_dirs(v2 ? NULL : "cpu", &dirs);
		for (size_t i = 0; i < dirs.n; i++) {
			long long quota[2], period[2] = { 0, 0 }, q, p;
			long cpus;

			if (v2) {
				if (read_numbers(dirs.v[i], "cpu.max", quota) != 2)
					continue;
				q = quota[0];
				p = quota[1];
			} else {
				if (read_numbers(dirs.v[i], "cpu.cfs_quota_us", quota) < 1 ||
				    read_numbers(dirs.v[i], "cpu.cfs_period_us", period) < 1)
					continue;
				q = quota[0];
				p = period[0];
			}
			/* -1 (v1) or "max" (v2): no limit */
			if (q <= 0 || p <= 0)
				continue;
			cpus = (long)((q + p - 1) / p);
			if (least == 0 || cpus < least)
				least = cpus;
		}
		strv_release(&dirs);
	}
	return least;
}

int os_ncpu(void)
{
	static int ncpu;

	if (ncpu == 0) {
		cpu_set_t set;
		long n = 0, limit = cgroup_cpulimit();

		if (sched_getaffinity(0, sizeof(set), &set) == 0)
			n = CPU_COUNT(&set);
		if (n <= 0)
			n = sysconf(_SC_NPROCESSORS_ONLN);
		if (limit > 0 && limit < n)
			n = limit;
		ncpu = n > 0 ? (int)n : 1;
	}
	return ncpu;
}

unsigned long long os_memtotal(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
	unsigned long long phys = pages > 0 && size > 0 ? (unsigned long long)pages * (unsigned long long)size : 0;
	unsigned long long limit = cgroup_memlimit();

	return limit && (phys == 0 || limit < phys) ? limit : phys;
}
