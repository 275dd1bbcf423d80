/* proc.h: run a program with both output streams captured and a time limit (smoke tests,
 * pkg-config) */
#ifndef MIPSBAKE_PROC_H
#define MIPSBAKE_PROC_H

#include "lib/util.h"

/* the most bytes kept of each output stream; the rest is read and dropped */
#define PROC_OUTPUT_MAX (1u << 20)

/* how a run ended and what it wrote */
struct proc_result {
	int status;              /* exit status, 128+signal when killed by one */
	int timed_out;           /* killed (with its process group) at the time limit */
	struct buf out, err;     /* stdout and stderr, each at most PROC_OUTPUT_MAX bytes */
	double seconds;          /* wall-clock time */
};

/*
 * Run argv (argv[0] looked up in PATH) in its own process group, stdin from /dev/null,
 * without core dumps, capturing stdout and stderr into r. After timeout seconds the group is
 * killed. Returns 0, or -1 when the program could not be started (reported).
 */
int proc_run(char *const argv[], int timeout, struct proc_result *r);
/* proc_run with envp ("K=V" strings, NULL-terminated) as the whole environment */
int proc_run_env(char *const argv[], char *const envp[], int timeout, struct proc_result *r);
/* proc_run_env in directory dir (NULL: this process's) */
int proc_run_in(char *const argv[], char *const envp[], const char *dir, int timeout, struct proc_result *r);
/* free what r holds */
void proc_result_release(struct proc_result *r);

#endif
