/* act.h: 'mipsbake act get|put': one cached action of the build, run by Ninja in the build
 * directory; and what the build driver reads back from the actions */
#ifndef MIPSBAKE_ACT_H
#define MIPSBAKE_ACT_H

#include "lib/util.h"

/* in the build directory: the cache's settings for the actions (written at generation),
 * one line per action run ("hit local|remote KIND OUTPUT" or "miss KIND OUTPUT"), and the
 * mark that the remote cache failed during this build (so that only one warning is seen) */
#define CACHE_CONF_FILE ".mipsbake-cache"
#define CACHE_LOG_FILE ".mipsbake-cache.log"
#define CACHE_DOWN_FILE ".mipsbake-cache-down"

/* where the actions' outputs are kept */
struct cache_conf {
	char *dir;               /* the local store, "<cache directory>/actions"; NULL: none */
	char *remote;            /* the remote cache's URL, NULL: none */
	int read_only;           /* never write to the remote cache */
	char *header_env;        /* the environment variable holding a "Name: value" header */
};

/* write c as the build directory's settings when they changed; -1 after reporting */
int cache_conf_write(const char *builddir, const struct cache_conf *c);
/* the settings of the build directory, then the environment's: MIPSBAKE_NO_CACHE=1 (no
 * cache at all), MIPSBAKE_ACTION_CACHE (the local store), MIPSBAKE_REMOTE_CACHE (the URL,
 * empty: none). 0 when there is a cache to use, -1 when there is none */
int cache_conf_load(const char *builddir, struct cache_conf *c);
void cache_conf_release(struct cache_conf *c);

/* a build's start: forget the last build's log and remote failure */
void cache_build_start(const char *builddir);
/* what the actions of this build did, from the log */
struct cache_counts {
	int hits, remote_hits, misses;
};
void cache_log_counts(const char *builddir, struct cache_counts *n);

/* mipsbake act get|put ACTIONS KEY (the file of a configuration's descriptions, an action's
 * first output there): get restores the outputs (0) or says they are not
 * cached (1); put stores them (0, also when the cache cannot take them: a warning) */
int cmd_act(int argc, char **argv);
/* act put ACTIONS KEY, for a command that ends an action in its own process (a build
 * runs one process less per action): 0 */
int act_put_file(const char *actions, const char *key);

#endif
