/* manage.c: mipsbake cache stats|trim|clear, the local action cache as a whole */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache/manage.h"
#include "lib/os.h"
#include "lib/banned.h"

/* one file of the store */
struct entry {
	char *path;
	off_t size;
	time_t used;             /* its mtime: a hit sets it */
};

struct entries {
	struct entry *v;
	size_t n;
	size_t actions;          /* how many are action records */
	long long bytes;
};

/* the entries names of directory shard into es; ac: they are action records */
static void scan_shard(const char *shard, const struct strv *names, int ac, struct entries *es)
{
	for (size_t j = 0; j < names->n; j++) {
		struct stat st;
		char *path = path_join(shard, names->v[j]);

		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		es->v = xappend(es->v, es->n, sizeof(*es->v));
		es->v[es->n++] = (struct entry){ path, st.st_size, st.st_mtime };
		es->bytes += st.st_size;
		es->actions += (size_t)ac;
	}
}

/* the files of <dir>/<half>/<xx>/ into es */
static void scan_half(const char *dir, const char *half, struct entries *es)
{
	char *top = path_join(dir, half);
	struct strv shards = STRV_INIT, names = STRV_INIT;

	if (fs_is_dir(top) && fs_list_dir(top, &shards) == 0) {
		for (size_t i = 0; i < shards.n; i++) {
			char *shard = path_join(top, shards.v[i]);

			strv_release(&names);
			if (fs_is_dir(shard) && fs_list_dir(shard, &names) == 0)
				scan_shard(shard, &names, strcmp(half, "ac") == 0, es);
			free(shard);
		}
	}
	strv_release(&shards);
	strv_release(&names);
	free(top);
}

static void entries_release(struct entries *es)
{
	for (size_t i = 0; i < es->n; i++)
		free(es->v[i].path);
	free(es->v);
}

static void print_stats(const char *dir, const struct entries *es)
{
	printf("cache: '%s'\n", dir);
	printf("actions: %zu\n", es->actions);
	printf("blobs: %zu\n", es->n - es->actions);
	printf("bytes: %lld (%.1f MiB)\n", es->bytes, (double)es->bytes / (1024.0 * 1024.0));
}

/* "500M", "2G", "100K", "123": bytes; -1 when it is none of those */
static long long parse_size(const char *s)
{
	char *end;
	long long n = strtoll(s, &end, 10);
	const char *units = "KMGT";
	const char *u = *end ? strchr(units, *end) : NULL;

	if (end == s || n < 0 || (*end && (!u || end[1])))
		return -1;
	for (const char *p = units; u && p <= u; p++)
		n *= 1024;
	return n;
}

static int by_use(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return x->used < y->used ? -1 : x->used > y->used;
}

/* remove the least recently used entries until the store holds at most max bytes */
static int trim(const char *dir, struct entries *es, long long max)
{
	size_t removed = 0;
	long long freed = 0;

	qsort(es->v, es->n, sizeof(*es->v), by_use);
	for (size_t i = 0; i < es->n && es->bytes - freed > max; i++) {
		if (unlink(es->v[i].path) == 0) {
			freed += es->v[i].size;
			removed++;
		}
	}
	printf("removed %zu entries, %lld bytes; '%s' holds %lld bytes\n", removed, freed, dir, es->bytes - freed);
	return 0;
}

static int clear(const char *dir)
{
	char *ac = path_join(dir, "ac"), *cas = path_join(dir, "cas");
	int rc = 0;

	if (fs_is_dir(ac) && fs_remove_tree(ac) < 0)
		rc = -1;
	if (fs_is_dir(cas) && fs_remove_tree(cas) < 0)
		rc = -1;
	if (rc == 0)
		printf("cleared '%s'\n", dir);
	free(ac);
	free(cas);
	return rc;
}

int cache_manage(const char *dir, const char *verb, const char *max)
{
	struct entries es = { NULL, 0, 0, 0 };
	long long bound = max ? parse_size(max) : 0;
	int rc = 0;

	if (max && bound < 0)
		return usage_error("cache", "--max-size takes a size such as 500M or 2G, not '%s'", max);
	if (strcmp(verb, "clear") == 0)
		return clear(dir) < 0 ? 1 : 0;
	scan_half(dir, "ac", &es);
	scan_half(dir, "cas", &es);
	if (strcmp(verb, "stats") == 0)
		print_stats(dir, &es);
	else
		rc = trim(dir, &es, bound);
	entries_release(&es);
	return rc < 0 ? 1 : 0;
}
