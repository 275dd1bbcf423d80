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

/* the qemu-user program for goarch ("qemu-mipsel-static" for mipsle), NULL when unknown */
const char *smoke_qemu(const char *goarch);

#endif
