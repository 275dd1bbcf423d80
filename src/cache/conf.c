/* conf.c: the cache settings a build directory's actions read, and the log they leave */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache/act.h"
#include "cache/store.h"
#include "lib/os.h"
#include "lib/banned.h"

int cache_conf_write(const char *builddir, const struct cache_conf *c)
{
	struct buf b = BUF_INIT;
	char *path = path_join(builddir, CACHE_CONF_FILE);
	int rc;

	if (c->dir)
		buf_printf(&b, "dir %s\n", c->dir);
	if (c->remote)
		buf_printf(&b, "remote %s\n", c->remote);
	if (c->read_only)
		buf_puts(&b, "read_only 1\n");
	if (c->header_env)
		buf_printf(&b, "header_env %s\n", c->header_env);
	rc = fs_write_if_changed(path, buf_str(&b), b.len) < 0 ? -1 : 0;
	buf_release(&b);
	free(path);
	return rc;
}

/* the value of the line "name value" in text, newly allocated; NULL: none */
static char *conf_value(const char *text, const char *name)
{
	size_t n = strlen(name);

	for (const char *s = text; *s; s += strcspn(s, "\n") + (s[strcspn(s, "\n")] == '\n'))
		if (strncmp(s, name, n) == 0 && s[n] == ' ')
			return xstrndup(s + n + 1, strcspn(s + n + 1, "\n"));
	return NULL;
}

/* *v replaced by the environment's env when it is set (empty: none) */
static void env_override(char **v, const char *env)
{
	const char *e = getenv(env);

	if (!e)
		return;
	free(*v);
	*v = *e ? xstrdup(e) : NULL;
}

int cache_conf_load(const char *builddir, struct cache_conf *c)
{
	struct buf b = BUF_INIT;
	char *path = path_join(builddir, CACHE_CONF_FILE), *ro;
	const char *off = getenv("MIPSBAKE_NO_CACHE");

	memset(c, 0, sizeof(*c));
	if (off && *off && strcmp(off, "0") != 0) {
		free(path);
		return -1;
	}
	store_read(path, &b);
	c->dir = conf_value(buf_str(&b), "dir");
	c->remote = conf_value(buf_str(&b), "remote");
	c->header_env = conf_value(buf_str(&b), "header_env");
	ro = conf_value(buf_str(&b), "read_only");
	c->read_only = ro != NULL;
	env_override(&c->dir, "MIPSBAKE_ACTION_CACHE");
	env_override(&c->remote, "MIPSBAKE_REMOTE_CACHE");
	free(ro);
	free(path);
	buf_release(&b);
	return c->dir ? 0 : -1;
}

void cache_conf_release(struct cache_conf *c)
{
	free(c->dir);
	free(c->remote);
	free(c->header_env);
	memset(c, 0, sizeof(*c));
}

void cache_build_start(const char *builddir)
{
	char *log = path_join(builddir, CACHE_LOG_FILE), *down = path_join(builddir, CACHE_DOWN_FILE);

	unlink(log);
	unlink(down);
	free(log);
	free(down);
}

void cache_log_counts(const char *builddir, struct cache_counts *n)
{
	struct buf b = BUF_INIT;
	char *path = path_join(builddir, CACHE_LOG_FILE);

	memset(n, 0, sizeof(*n));
	store_read(path, &b);
	for (const char *s = buf_str(&b); *s; s += strcspn(s, "\n") + (s[strcspn(s, "\n")] == '\n')) {
		n->hits += str_has_prefix(s, "hit ");
		n->remote_hits += str_has_prefix(s, "hit remote ");
		n->misses += str_has_prefix(s, "miss ");
	}
	buf_release(&b);
	free(path);
}
