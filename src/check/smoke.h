/* smoke.h: run the built binaries under qemu-user with each board's own CPU model */
#ifndef MIPSBAKE_SMOKE_H
#define MIPSBAKE_SMOKE_H

/*
 * 'mipsbake test': run every 'test:' entry of every artifact in <builddir>/artifacts.yaml
 * under qemu-<arch>-static -cpu <board cpu> (with -L <sysroot> when not linked statically),
 * within its timeout; check the exit status, stdout against 'expect' and stderr against
 * 'stderr' (PCRE2). Failures are explained as they happen (SIGILL on an FPU-less board:
 * the cause and the cure); then a result table. Returns 0 when every test passed, else 1.
 */
int smoke_test(const char *builddir);

/*
 * 'mipsbake run BOARD TARGET -- ARGS': run the binary of target for board (written "board" or,
 * when it is built with several toolchains, "board/toolchain") the same way, with stdin,
 * stdout and stderr inherited and args (NULL-terminated, may be NULL) after it. Returns the
 * program's exit status (128+signal when killed), 127 when qemu is missing, 1 after
 * reporting any other error.
 */
int smoke_run(const char *builddir, const char *board, const char *target, char **args);

struct artifact;
struct strv;
/* qemu, -cpu, -L (when not linked statically), the binary of x and args: its command line */
void smoke_qemu_argv(const char *builddir, const struct artifact *x, const struct strv *args,
		     struct strv *argv);
/* 0 when qemu for x is installed, else -1 after saying which package has it */
int smoke_check_qemu(const struct artifact *x);
/* explain a SIGILL of x's binary: the cause (an FPU instruction on an FPU-less core) and the cure */
void smoke_explain_sigill(const struct artifact *x);

/* the qemu-user program for goarch ("qemu-mipsel-static" for mipsle), NULL when unknown */
const char *smoke_qemu(const char *goarch);

#endif
