/* complete.h: 'mipsbake __complete WORD...': what a shell may complete the last word to */
#ifndef MIPSBAKE_COMPLETE_H
#define MIPSBAKE_COMPLETE_H

/*
 * mipsbake __complete WORD... (argv[0] is "__complete"): the words after "mipsbake" up to
 * the one being completed, which is the last (possibly ""). Prints each candidate for it
 * once, one a line: commands, the options of the command, manifest files, the boards,
 * targets and toolchains of the manifest named (default mipsbake.yaml), subset operands
 * TARGET/BOARD/TOOLCHAIN, dependency names after --update. A directory is printed with a
 * trailing '/'. Never fails: a missing or broken manifest completes nothing; nothing is
 * written to stderr and the exit status is 0.
 */
int cmd_complete(int argc, char **argv);

#endif
