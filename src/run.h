/* run.h: running Ninja on a generated build directory */
#ifndef MIPSBAKE_RUN_H
#define MIPSBAKE_RUN_H

#include "lib/util.h"

#define RUN_OUTPUT_MAX (1u << 20)

/* how to run Ninja */
struct run_opts {
	const char *builddir;    /* directory holding build.ninja */
	int jobs;                /* -j; 0: the number of CPUs */
	int dry_run;             /* print the commands instead of running them */
	int verbose;             /* show full command lines */
	char *const *targets;    /* Ninja targets to build, NULL-terminated; NULL: the default */
	int replace;             /* nothing follows the build: Ninja runs with our environment,
				    MIPSBAKE_CWD set in it, and ^C and ^\ are its to handle */
	int keep_going;          /* -k N; 0: Ninja's default (stop at the first failure) */
	int quiet_noop;          /* say nothing when there is nothing to do (stdout captured) */
	struct buf *output;      /* not NULL: Ninja's stdout passes through a pipe and its last
				    RUN_OUTPUT_MAX bytes are kept here (replace is ignored) */
};

/* the Ninja program: $MIPSBAKE_NINJA, the configured one, or ninja/samu in PATH; NULL if none */
char *run_find_ninja(void);
/* run Ninja; returns its exit status (or 1 when it could not be started). When it failed
 * and an edge wrote RERUN_FILE, it is run once more, and that run's status is returned */
int run_ninja(const struct run_opts *o);

#endif
