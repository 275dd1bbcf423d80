/* init.h: 'mipsbake init': a starting mipsbake.yaml for the Go module in the current directory */
#ifndef MIPSBAKE_INIT_H
#define MIPSBAKE_INIT_H

/*
 * mipsbake init [--board NAME]... (argv[0] is "init"): read ./go.mod, find the module's main
 * packages and write ./mipsbake.yaml, never over an existing file, with one target per main
 * package for the boards named (default wt1520), each from the board library. Returns the
 * exit status: 0, 1 on an error (nothing written), 2 on a usage error.
 */
int cmd_init(int argc, char **argv);

#endif
